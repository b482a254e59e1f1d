//! Owns the settings screen (Swift twin): clock offset, app lock switch, backup passphrase.
import Foundation

/// Where the platform keeps app preferences (UserDefaults in the app, memory in tests).
public protocol AppPreferences: AnyObject {
    var appLockEnabled: Bool { get set }
}

/// Preferences kept in memory (tests, previews).
public final class MemoryPreferences: AppPreferences {
    public var appLockEnabled: Bool
    public init(appLockEnabled: Bool = false) { self.appLockEnabled = appLockEnabled }
}

/// The backup passphrase field's outcome.
public enum BackupStatus: Sendable { case none, mismatch, saved }

/// What the settings screen shows.
public struct SettingsState: Equatable, Sendable {
    public var clockOffsetSeconds: Int64 = 0
    public var appLockEnabled = false
    public var backup: BackupStatus = .none
    /// The last `calibrate` found and stored the offset.
    public var calibrated = false
    public var error: UiError?
    public init() {}
}

/// The settings: the clock offset (by hand or calibrated by core), the app lock switch, the backup passphrase.
public final class SettingsViewModel: ScreenModel<SettingsState> {
    private let vault: KulcsVault
    private let prefs: AppPreferences

    public init(vault: KulcsVault, prefs: AppPreferences) {
        self.vault = vault
        self.prefs = prefs
        var s = SettingsState()
        s.clockOffsetSeconds = (try? vault.clockOffsetSeconds()) ?? 0
        s.appLockEnabled = prefs.appLockEnabled
        super.init(s)
    }

    /// Sets the offset, e.g. +120 when the phone's clock is two minutes slow.
    public func setClockOffset(_ seconds: Int64) {
        do {
            try vault.setClockOffsetSeconds(seconds)
            update { $0.clockOffsetSeconds = seconds; $0.error = nil }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    /// "The code the service accepted was …": core finds the offset (whole periods, within its
    /// bound) at which account `id` makes `code`, stores and shows it; `NoMatchingOffset` or
    /// `AmbiguousOffset` otherwise (the offset stays).
    public func calibrate(id: String, code: String) {
        do {
            let offset = try vault.calibrateClockOffset(id: id, code: code)
            update { $0.clockOffsetSeconds = offset; $0.calibrated = true; $0.error = nil }
        } catch {
            update { $0.calibrated = false; $0.error = UiError(error) }
        }
    }

    /// The −30 s / +30 s buttons.
    public func adjustClockOffset(by delta: Int64) { setClockOffset(state.clockOffsetSeconds + delta) }

    /// The app lock switch; the view enables it only after one successful LocalAuthentication prompt.
    public func setAppLock(_ enabled: Bool) {
        prefs.appLockEnabled = enabled
        update { $0.appLockEnabled = enabled }
    }

    public func setBackupPassphrase(_ passphrase: String, repeated: String) {
        guard passphrase == repeated else {
            update { $0.backup = .mismatch }
            return
        }
        do {
            try vault.setPassphrase(passphrase)
            update { $0.backup = .saved; $0.error = nil }
        } catch {
            update { $0.backup = .none; $0.error = UiError(error) }
        }
    }
}
