//! Owns the account detail screen: the code, renaming, deleting, groups, and the private note
//! where the törlőkód (Ügyfélkapu+ deletion code) is kept. The note is shown only on request.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** What the detail screen shows. */
data class AccountDetailState(
    /** Core's row for the account (null once it is gone). */
    val row: CodeRow? = null,
    /** The note's text while the user asked to see or edit it; null otherwise. */
    val noteShown: String? = null,
    /** True after [AccountDetailViewModel.delete]: the view closes. */
    val deleted: Boolean = false,
    /** The last failure, or null. */
    val error: UiError? = null,
) {
    /** The account's groups (core's, as on the row). */
    val groups: List<String> get() = row?.groups.orEmpty()
}

/** The detail screen of account [id] in [vault]. */
class AccountDetailViewModel(private val vault: KulcsVault, val id: String) {
    private val _state = MutableStateFlow(AccountDetailState())

    /** What the screen shows now. */
    val state: StateFlow<AccountDetailState> = _state.asStateFlow()

    init {
        refresh()
    }

    /** Re-reads the entry (every second while shown). */
    fun refresh() {
        attempt { vault.codeRow(id) }
            .onSuccess { _state.value = _state.value.copy(row = it) }
            .onFailure { _state.value = _state.value.copy(row = null, error = it.ui()) }
    }

    /** "Show note": reveals the note (e.g. the törlőkód) until [hideNote]. */
    fun showNote() {
        attempt { vault.note(id) }
            .onSuccess { _state.value = _state.value.copy(noteShown = it ?: "") }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** Hides the note again. */
    fun hideNote() {
        _state.value = _state.value.copy(noteShown = null)
    }

    /** Saves the note; an empty text removes it. */
    fun saveNote(text: String) {
        attempt { vault.setNote(id, text) }
            .onSuccess { _state.value = _state.value.copy(noteShown = null, error = null); refresh() }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** Changes issuer and label. */
    fun rename(issuer: String, label: String) {
        attempt { vault.rename(id, issuer, label) }
            .onSuccess { refresh() }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** Replaces the account's groups (core cleans them; an empty list removes all). */
    fun setGroups(groups: List<String>) {
        attempt { vault.setGroups(id, groups) }
            .onSuccess { _state.value = _state.value.copy(error = null); refresh() }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }

    /** Deletes the entry (after the view asked "Delete?"). */
    fun delete() {
        attempt { vault.delete(id) }
            .onSuccess { _state.value = AccountDetailState(deleted = true) }
            .onFailure { _state.value = _state.value.copy(error = it.ui()) }
    }
}
