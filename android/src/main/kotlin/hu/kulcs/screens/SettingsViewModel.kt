//! Owns the settings screen: the clock offset (codes stay right on a phone with a wrong clock),
//! the app lock switch, and the backup passphrase that opens the vault file on another device.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Where the platform keeps app preferences (SharedPreferences, UserDefaults; a map in tests). */
interface AppPreferences {
    /** The biometric/credential app lock is on. */
    var appLockEnabled: Boolean
}

/** An in-memory [AppPreferences] (tests, previews). */
class MemoryPreferences(override var appLockEnabled: Boolean = false) : AppPreferences

/** Where setting the backup passphrase stands: nothing yet, the two entries differ, saved. */
enum class BackupStatus { NONE, MISMATCH, SAVED }

/** What the settings screen shows. */
data class SettingsState(
    /** Seconds added to this device's clock before codes are computed (core adds them). */
    val clockOffsetSeconds: Long = 0,
    /** The app lock switch. */
    val appLockEnabled: Boolean = false,
    /** The backup passphrase form. */
    val backup: BackupStatus = BackupStatus.NONE,
    /** The offset the last [SettingsViewModel.calibrate] found, or null. */
    val calibrated: Long? = null,
    /** The last failure, or null. */
    val error: UiError? = null,
)

/** The settings screen: clock offset, app lock, backup passphrase. */
class SettingsViewModel(private val vault: KulcsVault, private val prefs: AppPreferences) {
    private val _state = MutableStateFlow(SettingsState())
    /** What the screen shows now. */
    val state: StateFlow<SettingsState> = _state.asStateFlow()

    init {
        _state.value = SettingsState(
            clockOffsetSeconds = attempt { vault.clockOffsetSeconds }.getOrDefault(0L),
            appLockEnabled = prefs.appLockEnabled,
        )
    }

    /** Sets the offset, e.g. +120 when the phone's clock is two minutes slow. */
    fun setClockOffset(seconds: Long) {
        attempt { vault.clockOffsetSeconds = seconds }
            .onSuccess { _state.value = _state.value.copy(clockOffsetSeconds = seconds, error = null) }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** The −30 s / +30 s buttons. */
    fun adjustClockOffset(deltaSeconds: Long) = setClockOffset(_state.value.clockOffsetSeconds + deltaSeconds)

    /**
     * "The code the service (or a phone with the right time) shows for account [id] is [code]":
     * core finds the clock offset that makes it, within ±24 h, stores it and the screen shows it.
     * `NoMatchingOffset` / `AmbiguousOffset` / `NotTimeBased` leave the offset unchanged.
     */
    fun calibrate(id: String, code: String) {
        attempt { vault.calibrateClockOffset(id, code) }
            .onSuccess { _state.value = _state.value.copy(clockOffsetSeconds = it, calibrated = it, error = null) }
            .onFailure { _state.value = _state.value.copy(calibrated = null, error = it.ui()) }
    }

    /** The app lock switch; the view enables it only after one successful biometric/credential prompt. */
    fun setAppLock(enabled: Boolean) {
        prefs.appLockEnabled = enabled
        _state.value = _state.value.copy(appLockEnabled = enabled)
    }

    /** Sets the backup passphrase (typed twice); core refuses one that is too short. */
    fun setBackupPassphrase(passphrase: String, repeated: String) {
        if (passphrase != repeated) {
            _state.value = _state.value.copy(backup = BackupStatus.MISMATCH)
            return
        }
        attempt { vault.setPassphrase(passphrase) }
            .onSuccess { _state.value = _state.value.copy(backup = BackupStatus.SAVED, error = null) }
            .onFailure { _state.value = _state.value.copy(backup = BackupStatus.NONE, error = it.ui()) }
    }
}
