//! Owns the unlock screen: opening the vault with this device's key store (behind the
//! biometric/credential prompt the view shows), with the passphrase, or with the recovery code,
//! and binding this device's key after a passphrase or recovery unlock (the CLI's `device`).
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.WallClock
import hu.kulcs.ffi.KeyStore
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import java.io.File

/** Where unlocking stands. */
sealed interface UnlockState {
    /** Nothing opened yet: offer the device key (biometric), the passphrase, the recovery code. */
    data object Locked : UnlockState

    /** A call is running (Argon2id for a passphrase takes a moment): show progress. */
    data object Unlocking : UnlockState

    /** Open: [UnlockViewModel.vault] is the vault; [deviceKeyBound] is false after a passphrase or recovery unlock until [UnlockViewModel.bindDeviceKey]. */
    data class Unlocked(val deviceKeyBound: Boolean) : UnlockState

    /** Core refused (a wrong passphrase or code is `WrongKeyOrDamaged`, a missing device key `KeyMissing`, …). */
    data class Failed(val error: UiError) : UnlockState
}

/**
 * The unlock screen for the vault at [path]. [keyStore] is this device's key store (Android
 * Keystore, iOS Keychain; the view shows the biometric prompt before [unlockWithDeviceKey]).
 * Calls block (file I/O, Argon2id): call them from the vault thread.
 */
class UnlockViewModel(
    private val path: File,
    private val keyStore: KeyStore,
    private val clock: WallClock = WallClock.SYSTEM,
) : AutoCloseable {
    private val _state = MutableStateFlow<UnlockState>(UnlockState.Locked)

    /** What the screen shows now. */
    val state: StateFlow<UnlockState> = _state.asStateFlow()

    /** The open vault once [state] is [UnlockState.Unlocked], else null. */
    var vault: KulcsVault? = null
        private set

    /** The everyday way: this device's key store (after the view's biometric prompt). */
    fun unlockWithDeviceKey() = open(deviceKeyBound = true) { KulcsVault.open(path, keyStore, clock) }

    /** A new phone or a lost device key: the vault's passphrase. */
    fun unlockWithPassphrase(passphrase: String) =
        open(deviceKeyBound = false) { KulcsVault.openWithPassphrase(path, passphrase, clock) }

    /** The last resort: the recovery code written down when it was created. */
    fun unlockWithRecoveryCode(code: String) =
        open(deviceKeyBound = false) { KulcsVault.openWithRecoveryCode(path, code, clock) }

    /** Lets this device's key store open the vault from now on (after a passphrase or recovery unlock). */
    fun bindDeviceKey() {
        val v = vault ?: return
        attempt { v.addDeviceKey(keyStore) }
            .onSuccess { _state.value = UnlockState.Unlocked(deviceKeyBound = true) }
            .onFailure { _state.value = UnlockState.Failed(it.ui()) }
    }

    /** Closes the vault (the app went to the background); the screen shows [UnlockState.Locked]. */
    fun lock() {
        vault?.close()
        vault = null
        _state.value = UnlockState.Locked
    }

    override fun close() = lock()

    private inline fun open(deviceKeyBound: Boolean, block: () -> KulcsVault) {
        if (vault != null) return
        _state.value = UnlockState.Unlocking
        attempt(block)
            .onSuccess { vault = it; _state.value = UnlockState.Unlocked(deviceKeyBound) }
            .onFailure { _state.value = UnlockState.Failed(it.ui()) }
    }
}
