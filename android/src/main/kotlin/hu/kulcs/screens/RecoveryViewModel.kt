//! Owns the recovery code screen: creating a recovery code (core draws it; shown once, grouped,
//! to write down), and whether the vault has one. Opening with it is UnlockViewModel's.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** What the recovery screen shows. */
sealed interface RecoveryState {
    /** The explanation and "Create" ("Replace" when [hasRecoveryCode]). */
    data class Idle(val hasRecoveryCode: Boolean) : RecoveryState

    /** The new code, grouped by core, shown this once: the user writes it down, then [RecoveryViewModel.done]. */
    data class Shown(val codeGrouped: String) : RecoveryState

    /** Core refused. */
    data class Failed(val error: UiError) : RecoveryState
}

/** The recovery code screen over [vault]. */
class RecoveryViewModel(private val vault: KulcsVault) {
    private val _state = MutableStateFlow<RecoveryState>(RecoveryState.Idle(hasRecoveryCode()))

    /** What the screen shows now. */
    val state: StateFlow<RecoveryState> = _state.asStateFlow()

    /** True if the vault has a recovery code (core's slots). */
    val hasRecoveryCode: Boolean get() = hasRecoveryCode()

    /** Creates a recovery code (replacing an older one) and shows it once. */
    fun create() {
        attempt { vault.addRecoveryCode() }
            .onSuccess { _state.value = RecoveryState.Shown(it) }
            .onFailure { _state.value = RecoveryState.Failed(it.ui()) }
    }

    /** The user wrote it down: the code leaves the screen. */
    fun done() {
        _state.value = RecoveryState.Idle(hasRecoveryCode())
    }

    private fun hasRecoveryCode(): Boolean = attempt { vault.hasRecoveryCode }.getOrDefault(false)
}
