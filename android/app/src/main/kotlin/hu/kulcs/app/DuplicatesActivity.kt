//! Owns the duplicates screen on Android: groups of entries with one name; the user types the
//! code the service accepted, core's verify marks the live entry, and the others can go.
package hu.kulcs.app

import android.os.Bundle
import android.text.InputType
import android.widget.EditText
import android.widget.LinearLayout
import hu.kulcs.screens.DuplicatesState
import hu.kulcs.screens.DuplicatesViewModel

class DuplicatesActivity : BaseActivity() {
    private var vm: DuplicatesViewModel? = null
    private lateinit var groups: LinearLayout

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val typed = EditText(this).apply { setHint(R.string.field_code_accepted); inputType = InputType.TYPE_CLASS_NUMBER }
        groups = column()
        setColumn(
            text(getString(R.string.duplicates_explained)),
            typed,
            button(R.string.action_check_code) { val c = typed.text.toString(); background { vm?.verify(c) } },
            groups,
        )
    }

    override fun onUnlocked() {
        if (vm != null) return
        background {
            val model = DuplicatesViewModel(app.vault)
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
            }
        }
    }

    private fun render(s: DuplicatesState) {
        groups.removeAllViews()
        for (g in s.groups) {
            groups.addView(text(getString(R.string.issuer_label, g.issuer, g.label), sp = 18f))
            for (entry in g.entries) {
                val view = CodeRowView(this).also { it.bind(entry) }
                groups.addView(view)
                val status = when {
                    s.liveIds == null -> if (entry.id == g.newestId) getString(R.string.duplicate_newest) else ""
                    entry.id in s.liveIds!! -> getString(R.string.duplicate_live)
                    else -> getString(R.string.duplicate_not_live)
                }
                groups.addView(text(status, sp = 14f))
                if (s.liveIds?.contains(entry.id) == true) {
                    groups.addView(button(R.string.action_keep_only) { background { vm?.keepOnly(entry.id) } })
                }
            }
        }
        if (s.groups.isEmpty()) groups.addView(text(getString(R.string.duplicates_none)))
    }
}
