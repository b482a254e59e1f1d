//! Owns the unlock screen (Swift twin of Kotlin's UnlockViewModel): the vault opens with this
//! device's key (the Keychain, behind Face ID / the passcode), its passphrase or its recovery
//! code; core says why it did not.
import Foundation

/// What the unlock screen shows.
public enum UnlockState: Equatable, Sendable {
    case locked
    case unlocking
    /// `UnlockViewModel.vault` is open.
    case unlocked
    case failed(UiError)
}

/// Opens the vault by device key, passphrase or recovery code.
public final class UnlockViewModel: ScreenModel<UnlockState> {
    private let url: URL
    private let keyStore: KeyStore
    private let clock: WallClock
    /// The open vault once `state` is `.unlocked`.
    public private(set) var vault: KulcsVault?

    /// The vault file at `url`; `keyStore` holds this device's key.
    public init(url: URL, keyStore: KeyStore, clock: WallClock = .system) {
        self.url = url
        self.keyStore = keyStore
        self.clock = clock
        super.init(.locked)
    }

    /// The everyday way: the device key (a first start creates the vault).
    public func unlockWithDeviceKey() {
        unlock { [url, keyStore, clock] in
            try KulcsVault.exists(at: url)
                ? KulcsVault.open(at: url, keyStore: keyStore, clock: clock)
                : KulcsVault.create(at: url, keyStore: keyStore, clock: clock)
        }
    }

    /// A copy of the vault on a new device, or the device key was lost. Then this device's key
    /// store is bound to the vault, so the next unlock needs only the device key (CLI `device`).
    public func unlockWithPassphrase(_ passphrase: String) {
        unlock { [url, clock, keyStore] in
            let vault = try KulcsVault.openWithPassphrase(at: url, passphrase: passphrase, clock: clock)
            try vault.addDeviceKey(keyStore)
            return vault
        }
    }

    /// The recovery code written down when it was made (spaces and dashes are fine); then this
    /// device's key store is bound as after a passphrase.
    public func unlockWithRecoveryCode(_ code: String) {
        unlock { [url, clock, keyStore] in
            let vault = try KulcsVault.openWithRecoveryCode(at: url, code: code, clock: clock)
            try vault.addDeviceKey(keyStore)
            return vault
        }
    }

    /// Locks again (the app went to the background): the vault is dropped.
    public func lock() {
        vault = nil
        set(.locked)
    }

    private func unlock(_ open: () throws -> KulcsVault) {
        set(.unlocking)
        do {
            vault = try open()
            set(.unlocked)
        } catch {
            vault = nil
            set(.failed(UiError(error)))
        }
    }
}
