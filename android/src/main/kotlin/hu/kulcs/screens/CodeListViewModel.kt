//! Owns the code list screen: the rows, their countdown, copying a code, and the pointer to the
//! duplicates screen. The app opens straight to this screen.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.WallClock
import hu.kulcs.codeListFlow
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.launch

/** What the code list shows. [duplicateGroups] > 0 shows a banner leading to the duplicates. */
data class CodeListState(
    val rows: List<CodeRow> = emptyList(),
    val loaded: Boolean = false,
    val duplicateGroups: Int = 0,
    val copiedId: String? = null,
    val error: UiError? = null,
) {
    /** Nothing added yet: the view shows "Scan a QR code" and "Type a key" instead of a list. */
    val isEmpty: Boolean get() = loaded && rows.isEmpty()
}

class CodeListViewModel(private val vault: KulcsVault, private val clock: WallClock = WallClock.SYSTEM) {
    companion object {
        /** The clipboard holds a copied code this long, then the app clears it. */
        const val CLIPBOARD_CLEAR_SECONDS = 30
    }

    private val _state = MutableStateFlow(CodeListState())
    val state: StateFlow<CodeListState> = _state.asStateFlow()

    /** Re-reads every code now (the view calls it on resume; [start] calls it every second). */
    fun refresh() {
        attempt { vault.codes() to vault.duplicates().size }
            .onSuccess { (codes, dups) ->
                _state.value = _state.value.copy(rows = codes.map(CodeRow::from), loaded = true, duplicateGroups = dups, error = null)
            }
            .onFailure { _state.value = _state.value.copy(loaded = true, error = it.ui()) }
    }

    /** Refreshes every second of clock time on [scope] (a background dispatcher) until cancelled. */
    fun start(scope: CoroutineScope): Job = scope.launch {
        _state.value = _state.value.copy(duplicateGroups = attempt { vault.duplicates().size }.getOrDefault(0))
        vault.codeListFlow(clock)
            .catch { _state.value = _state.value.copy(loaded = true, error = (it as? Exception)?.ui() ?: UiError("Internal")) }
            .collect { codes -> _state.value = _state.value.copy(rows = codes.map(CodeRow::from), loaded = true, error = null) }
    }

    /**
     * The code to put on the clipboard for row [id] (the current code, fresh from core), or null
     * if the row is gone. The view marks the clip sensitive and clears it after
     * [CLIPBOARD_CLEAR_SECONDS].
     */
    fun copy(id: String): String? {
        val row = attempt { vault.codes() }.getOrNull()?.firstOrNull { it.id == id } ?: return null
        _state.value = _state.value.copy(copiedId = id)
        return row.window.code
    }

    /** HOTP: the user used the code; move to the next counter. */
    fun nextCounterCode(id: String) {
        attempt { vault.advanceCounter(id) }.onFailure { _state.value = _state.value.copy(error = it.ui()) }
        refresh()
    }
}
