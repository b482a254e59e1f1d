//! Owns the code list screen: core's rows (search and group filter included), their countdown
//! and its sparing announcement, copying a code, and the pointer to the duplicates screen. The
//! app opens straight to this screen.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.WallClock
import hu.kulcs.codeListFlow
import hu.kulcs.ffi.clipboardClearSeconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.launch

/** What the code list shows. [duplicateGroups] > 0 shows a banner leading to the duplicates. */
data class CodeListState(
    /** Core's rows for the current [query] and [group]. */
    val rows: List<CodeRow> = emptyList(),
    /** True after the first read (before it the view shows nothing rather than "empty"). */
    val loaded: Boolean = false,
    /** The search text (null or blank: everything). */
    val query: String? = null,
    /** The group chip chosen (null: all groups). */
    val group: String? = null,
    /** Every group in use, for the chips (core's order). */
    val groups: List<String> = emptyList(),
    /** How many duplicate groups exist (the banner). */
    val duplicateGroups: Int = 0,
    /** The row whose code was copied last. */
    val copiedId: String? = null,
    /**
     * What a screen reader should say now, or null: set only on the tick when a code changes
     * and when a code has 5 s left (see [CountdownWords]); the view announces it once
     * (`announceForAccessibility`) and ignores null.
     */
    val announcement: String? = null,
    /** The last failure, or null. */
    val error: UiError? = null,
) {
    /** Nothing added yet: the view shows "Scan a QR code" and "Type a key" instead of a list. */
    val isEmpty: Boolean get() = loaded && rows.isEmpty() && query.isNullOrEmpty() && group == null
}

/**
 * The words of the countdown announcements, from the view's resources (English and Hungarian).
 * The view-model decides when; these say what.
 */
interface CountdownWords {
    /** A new code appeared in [row] (read digit by digit: use [CodeRow.codeSpoken]). */
    fun newCode(row: CodeRow): String

    /** [row]'s code is valid for [seconds] more seconds. */
    fun secondsLeft(row: CodeRow, seconds: Int): String

    companion object {
        /** English words (tests, and a fallback). */
        val ENGLISH: CountdownWords = object : CountdownWords {
            override fun newCode(row: CodeRow) = "${row.displayName}: new code ${row.codeSpoken}"
            override fun secondsLeft(row: CodeRow, seconds: Int) = "${row.displayName}: $seconds seconds left"
        }
    }
}

/**
 * The code list for [vault]. [clock] drives [start]'s ticks; [words] are the announcement texts.
 */
class CodeListViewModel(
    private val vault: KulcsVault,
    private val clock: WallClock = WallClock.SYSTEM,
    private val words: CountdownWords = CountdownWords.ENGLISH,
) {
    companion object {
        /** Seconds the clipboard holds a copied code before the app clears it (core's rule). */
        val clipboardClearSeconds: Int get() = clipboardClearSeconds().toInt()

        /** The seconds left at which the countdown is announced. */
        private const val ANNOUNCE_AT = 5
    }

    private val _state = MutableStateFlow(CodeListState())

    /** What the list shows now. */
    val state: StateFlow<CodeListState> = _state.asStateFlow()

    /** Re-reads every row now (the view calls it on resume; [start] calls it every second). */
    fun refresh() {
        val s = _state.value
        attempt { Triple(vault.codeRows(s.query, s.group), vault.groups(), vault.duplicates().size) }
            .onSuccess { (rows, groups, dups) -> show(rows, groups = groups, duplicates = dups) }
            .onFailure { _state.value = _state.value.copy(loaded = true, error = it.ui()) }
    }

    /** The search field changed: core matches every word in issuer, label and groups. */
    fun setQuery(text: String?) {
        _state.value = _state.value.copy(query = text)
        refresh()
    }

    /** A group chip was chosen (null: all). */
    fun setGroup(name: String?) {
        _state.value = _state.value.copy(group = name)
        refresh()
    }

    /** Refreshes every second of clock time on [scope] (a background dispatcher) until cancelled. */
    fun start(scope: CoroutineScope): Job = scope.launch {
        attempt { vault.groups() to vault.duplicates().size }
            .onSuccess { (groups, dups) -> _state.value = _state.value.copy(groups = groups, duplicateGroups = dups) }
        vault.codeListFlow(clock, query = { _state.value.query }, group = { _state.value.group })
            .catch { _state.value = _state.value.copy(loaded = true, error = it.ui()) }
            .collect { rows -> show(rows) }
    }

    /**
     * The code to put on the clipboard for row [id] (the current code, fresh from core), or null
     * if the row is gone. The view marks the clip sensitive and clears it after
     * [clipboardClearSeconds].
     */
    fun copy(id: String): String? {
        val row = attempt { vault.codeRow(id) }.getOrNull() ?: return null
        _state.value = _state.value.copy(copiedId = id)
        return row.code
    }

    /** HOTP: the user used the code; move to the next counter. */
    fun nextCounterCode(id: String) {
        attempt { vault.advanceCounter(id) }.onFailure { _state.value = _state.value.copy(error = it.ui()) }
        refresh()
    }

    private fun show(rows: List<CodeRow>, groups: List<String>? = null, duplicates: Int? = null) {
        val old = _state.value
        _state.value = old.copy(
            rows = rows,
            loaded = true,
            groups = groups ?: old.groups,
            duplicateGroups = duplicates ?: old.duplicateGroups,
            announcement = announcement(if (old.loaded) old.rows else null, rows),
            error = null,
        )
    }

    /** Sparing: only a code that changed since the last read, or one reaching 5 s left. */
    private fun announcement(before: List<CodeRow>?, now: List<CodeRow>): String? {
        if (before == null) return null
        val previous = before.associateBy { it.id }
        val said = now.mapNotNull { row ->
            val was = previous[row.id] ?: return@mapNotNull null
            when {
                was.code != row.code -> words.newCode(row)
                row.period > 0u && row.secondsLeft.toInt() == ANNOUNCE_AT && was.secondsLeft != row.secondsLeft ->
                    words.secondsLeft(row, ANNOUNCE_AT)
                else -> null
            }
        }
        return said.takeIf { it.isNotEmpty() }?.joinToString(". ")
    }
}
