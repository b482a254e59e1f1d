//! Owns the account detail screen: the code, renaming, deleting, and the private note where
//! the törlőkód (Ügyfélkapu+ deletion code) is kept. The note is shown only on request.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

data class AccountDetailState(
    val row: CodeRow? = null,
    /** The note's text while the user asked to see or edit it; null otherwise. */
    val noteShown: String? = null,
    val deleted: Boolean = false,
    val error: UiError? = null,
)

class AccountDetailViewModel(private val vault: KulcsVault, val id: String) {
    private val _state = MutableStateFlow(AccountDetailState())
    val state: StateFlow<AccountDetailState> = _state.asStateFlow()

    init {
        refresh()
    }

    /** Re-reads the entry (every second while shown). */
    fun refresh() {
        attempt { vault.codes().firstOrNull { it.id == id } }
            .onSuccess { a ->
                _state.value = if (a == null) _state.value.copy(row = null, error = UiError("NotFound"))
                else _state.value.copy(row = CodeRow.from(a))
            }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** "Show note": reveals the note (e.g. the törlőkód) until [hideNote]. */
    fun showNote() {
        attempt { vault.note(id) }
            .onSuccess { _state.value = _state.value.copy(noteShown = it ?: "") }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    fun hideNote() {
        _state.value = _state.value.copy(noteShown = null)
    }

    /** Saves the note; an empty text removes it. */
    fun saveNote(text: String) {
        attempt { vault.setNote(id, text) }
            .onSuccess { _state.value = _state.value.copy(noteShown = null, error = null); refresh() }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    fun rename(issuer: String, label: String) {
        attempt { vault.rename(id, issuer, label) }
            .onSuccess { refresh() }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** Deletes the entry (after the view asked "Delete?"). */
    fun delete() {
        attempt { vault.delete(id) }
            .onSuccess { _state.value = AccountDetailState(deleted = true) }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }
}
