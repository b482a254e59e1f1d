//! Owns the first screen: the codes, straight away. Tap copies a code (sensitive clip, cleared
//! after 30 s); long-press opens the detail; a banner leads to duplicates.
package hu.kulcs.app

import android.content.Intent
import android.os.Bundle
import android.view.View
import android.widget.LinearLayout
import android.widget.Toast
import hu.kulcs.screens.CodeListState
import hu.kulcs.screens.CodeListViewModel
import hu.kulcs.screens.CodeRow
import hu.kulcs.screens.CountdownWords
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job

class MainActivity : BaseActivity() {
    private var vm: CodeListViewModel? = null
    private var ticker: Job? = null
    private lateinit var list: LinearLayout
    private lateinit var empty: View
    private lateinit var emptyReceive: View
    private lateinit var duplicates: View

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        list = column()
        empty = text(getString(R.string.list_empty), sp = 18f)
        emptyReceive = button(R.string.action_transfer_receive) {
            startActivity(Intent(this, TransferActivity::class.java).putExtra(TransferActivity.EXTRA_RECEIVE, true))
        }
        duplicates = button(R.string.duplicates_banner) { startActivity(Intent(this, DuplicatesActivity::class.java)) }
        setColumn(
            row(
                button(R.string.action_scan) { startActivity(Intent(this, ScanActivity::class.java)) },
                button(R.string.action_type_key) { startActivity(Intent(this, AddKeyActivity::class.java)) },
                button(R.string.action_settings) { startActivity(Intent(this, SettingsActivity::class.java)) },
            ),
            duplicates,
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
                val created = CodeListViewModel(app.vault, app.clock, words) // opens the vault on first use
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
