//! Owns the first screen: the codes, straight away. Tap copies a code (sensitive clip, cleared
//! after 30 s); long-press opens the detail; a banner leads to duplicates. A search field and
//! group buttons filter the list (core matches and filters). When this phone's key cannot open
//! the vault, the unlock screen is shown instead.
package hu.kulcs.app

import android.content.Intent
import android.os.Bundle
import android.text.Editable
import android.text.InputType
import android.text.TextWatcher
import android.widget.EditText
import android.widget.HorizontalScrollView
import android.view.View
import android.widget.LinearLayout
import android.widget.Toast
import hu.kulcs.screens.CodeListState
import hu.kulcs.screens.CodeListViewModel
import hu.kulcs.screens.CodeRow
import hu.kulcs.screens.CountdownWords
import hu.kulcs.ffi.KulcsException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job

class MainActivity : BaseActivity() {
    private var vm: CodeListViewModel? = null
    private var ticker: Job? = null
    private lateinit var list: LinearLayout
    private lateinit var empty: View
    private lateinit var emptyReceive: View
    private lateinit var duplicates: View
    private lateinit var search: EditText
    private lateinit var groupButtons: LinearLayout
    /** The group buttons drawn last (groups and the chosen one), to redraw only on a change. */
    private var shownGroups: Pair<List<String>, String?>? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        list = column()
        empty = text(getString(R.string.list_empty), sp = 18f)
        emptyReceive = button(R.string.action_transfer_receive) {
            startActivity(Intent(this, TransferActivity::class.java).putExtra(TransferActivity.EXTRA_RECEIVE, true))
        }
        duplicates = button(R.string.duplicates_banner) { startActivity(Intent(this, DuplicatesActivity::class.java)) }
        search = EditText(this).apply {
            setHint(R.string.field_search)
            inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS
            addTextChangedListener(object : TextWatcher {
                override fun beforeTextChanged(s: CharSequence?, start: Int, count: Int, after: Int) {}
                override fun onTextChanged(s: CharSequence?, start: Int, before: Int, count: Int) {}
                override fun afterTextChanged(s: Editable?) {
                    val query = s?.toString()
                    val model = vm ?: return
                    background { model.setQuery(query) }
                }
            })
        }
        groupButtons = row()
        setColumn(
            row(
                button(R.string.action_scan) { startActivity(Intent(this, ScanActivity::class.java)) },
                button(R.string.action_type_key) { startActivity(Intent(this, AddKeyActivity::class.java)) },
                button(R.string.action_settings) { startActivity(Intent(this, SettingsActivity::class.java)) },
            ),
            duplicates,
            search,
            HorizontalScrollView(this).apply { addView(groupButtons) },
            empty,
            emptyReceive,
            list,
        )
    }

    /** The countdown announcements in the user's language (the view-model decides when). */
    private val words = object : CountdownWords {
        override fun newCode(row: CodeRow) = getString(R.string.announce_new_code, row.displayName, row.codeSpoken)
        override fun secondsLeft(row: CodeRow, seconds: Int) =
            resources.getQuantityString(R.plurals.announce_seconds_left, seconds, row.displayName, seconds)
    }

    override fun onUnlocked() {
        // Start and every resume: another device may have published since.
        background { app.sync.onResume() }
        val model = vm
        when {
            model == null -> background {
                val created = try {
                    CodeListViewModel(app.vault, app.clock, words) // opens the vault on first use
                } catch (e: KulcsException.KeyStore) {
                    // This phone's key is gone (new phone, reset Keystore): passphrase or recovery code.
                    scope.launchMain {
                        startActivity(Intent(this, UnlockActivity::class.java))
                        finish()
                    }
                    return@background
                }
                scope.launchMain {
                    vm = created
                    observe(created.state, ::render)
                    startTicker(created)
                }
            }
            ticker == null -> startTicker(model)
        }
    }

    /** Refreshes every second while the screen is in front (stopped in onPause). */
    private fun startTicker(model: CodeListViewModel) {
        ticker = model.start(CoroutineScope(scope.coroutineContext + io))
    }

    override fun onPause() {
        ticker?.cancel()
        ticker = null
        super.onPause()
    }

    private fun render(state: CodeListState) {
        state.announcement?.let(list::announceForAccessibility)
        empty.visibility = if (state.isEmpty) View.VISIBLE else View.GONE
        emptyReceive.visibility = empty.visibility
        duplicates.visibility = if (state.duplicateGroups > 0) View.VISIBLE else View.GONE
        search.visibility = if (state.isEmpty) View.GONE else View.VISIBLE
        renderGroups(state.groups, state.group)
        while (list.childCount > state.rows.size) list.removeViewAt(list.childCount - 1)
        while (list.childCount < state.rows.size) list.addView(CodeRowView(this))
        state.rows.forEachIndexed { i, row ->
            val view = list.getChildAt(i) as CodeRowView
            view.bind(row)
            view.setOnClickListener { copy(row.id) }
            view.setOnLongClickListener {
                startActivity(Intent(this, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, row.id))
                true
            }
        }
    }

    /** "All" and one button per group (core's list); the chosen one is marked and not clickable. */
    private fun renderGroups(groups: List<String>, chosen: String?) {
        if (shownGroups == groups to chosen) return
        shownGroups = groups to chosen
        groupButtons.removeAllViews()
        if (groups.isEmpty() && chosen == null) return
        val choices = listOf<Pair<String, String?>>(getString(R.string.filter_all_groups) to null) + groups.map { it to it }
        for ((label, group) in choices) {
            groupButtons.addView(
                android.widget.Button(this).apply {
                    text = label
                    isSelected = group == chosen
                    isEnabled = group != chosen
                    setOnClickListener {
                        val model = vm ?: return@setOnClickListener
                        background { model.setGroup(group) }
                    }
                },
            )
        }
    }

    private fun copy(id: String) {
        val model = vm ?: return
        background {
            val code = model.copy(id) ?: return@background
            scope.launchMain {
                SecureClipboard.copy(this, code)
                Toast.makeText(this, R.string.copied, Toast.LENGTH_SHORT).show()
            }
        }
    }
}
