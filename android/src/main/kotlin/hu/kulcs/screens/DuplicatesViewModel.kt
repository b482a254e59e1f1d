//! Owns the duplicates screen: entries sharing issuer and label (core decides "same"), and
//! finding the live one by typing the code a service accepted (core's verify), then removing
//! the stale ones in one atomic save (core's keep_only).
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** One group: its entries newest first; [newestId] is usually the live key. */
data class DuplicateGroupView(val issuer: String, val label: String, val entries: List<CodeRow>, val newestId: String)

/** What the duplicates screen shows. */
data class DuplicatesState(
    /** Core's groups, each with its rows. */
    val groups: List<DuplicateGroupView> = emptyList(),
    /** Entries whose code matched what the user typed (null: nothing checked yet). */
    val liveIds: Set<String>? = null,
    /** The last failure, or null. */
    val error: UiError? = null,
)

/** The duplicates screen over [vault]. */
class DuplicatesViewModel(private val vault: KulcsVault) {
    private val _state = MutableStateFlow(DuplicatesState())
    /** What the screen shows now. */
    val state: StateFlow<DuplicatesState> = _state.asStateFlow()

    init {
        refresh()
    }

    /** Re-reads the groups and their rows. */
    fun refresh() {
        attempt {
            val rows = vault.codeRows().associateBy { it.id }
            vault.duplicates().map { g ->
                DuplicateGroupView(g.issuer, g.label, g.accounts.mapNotNull { rows[it] }, g.newest)
            }
        }
            .onSuccess { _state.value = _state.value.copy(groups = it, error = null) }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** The user typed the code the service accepted (or asks for): which entries make it? */
    fun verify(code: String) {
        attempt { vault.verify(code) }
            .onSuccess { m -> _state.value = _state.value.copy(liveIds = m.map { it.id }.toSet()) }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** Keeps [keepId] and deletes the other entries of its group in one save (after the view asked). */
    fun keepOnly(keepId: String) {
        attempt { vault.keepOnly(keepId) }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
        _state.value = _state.value.copy(liveIds = null)
        refresh()
    }
}
