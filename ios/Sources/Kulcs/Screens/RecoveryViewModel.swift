//! Owns the recovery code screen (Swift twin of Kotlin's RecoveryViewModel): core makes a
//! recovery code, shown once, grouped, to be written down; it opens the vault without the device
//! key or the passphrase.
import Foundation

/// What the recovery code screen shows.
public enum RecoveryState: Equatable, Sendable {
    case idle
    /// The new code, grouped by core; shown once (`hide()` forgets it).
    case shown(codeGrouped: String)
    case failed(UiError)
}

/// Makes the recovery code and shows it once.
public final class RecoveryViewModel: ScreenModel<RecoveryState> {
    private let vault: KulcsVault

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(.idle)
    }

    /// Whether the vault already has a recovery code (the screen offers to replace it).
    public var hasRecoveryCode: Bool { (try? vault.hasRecoveryCode()) ?? false }

    /// Makes a recovery code (saved before it is shown).
    public func create() {
        do { set(.shown(codeGrouped: try vault.addRecoveryCode())) } catch { set(.failed(UiError(error))) }
    }

    /// The user wrote it down: it is not shown again.
    public func hide() { set(.idle) }
}
