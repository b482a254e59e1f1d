//! Owns the account detail on Android: the code, the private note (the törlőkód) shown only
//! on request, rename and delete. Right after a typed key is saved it asks for the törlőkód.
package hu.kulcs.app

import android.app.AlertDialog
import android.os.Bundle
import android.text.InputType
import android.widget.EditText
import android.widget.TextView
import hu.kulcs.screens.AccountDetailState
import hu.kulcs.screens.AccountDetailViewModel
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

class DetailActivity : BaseActivity() {
    companion object {
        const val EXTRA_ID = "hu.kulcs.app.ID"
        const val EXTRA_ASK_NOTE = "hu.kulcs.app.ASK_NOTE"
    }

    private var vm: AccountDetailViewModel? = null
    private lateinit var code: CodeRowView
    private lateinit var note: TextView
    private lateinit var noteEditor: EditText

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        code = CodeRowView(this)
        note = text(sp = 16f)
        noteEditor = EditText(this).apply {
            setHint(R.string.field_note)
            inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_MULTI_LINE or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS
        }
        setColumn(
            code,
            text(getString(R.string.note_explained), sp = 14f),
            note,
            noteEditor,
            row(
                button(R.string.action_show_note) { background { vm?.showNote() } },
                button(R.string.action_save_note) { val t = noteEditor.text.toString(); background { vm?.saveNote(t) } },
            ),
            button(R.string.action_delete) { confirmDelete() },
        )
        if (intent.getBooleanExtra(EXTRA_ASK_NOTE, false)) noteEditor.requestFocus()
    }

    override fun onUnlocked() {
        if (vm != null) return
        val id = intent.getStringExtra(EXTRA_ID) ?: return finish()
        background {
            val model = AccountDetailViewModel(app.vault, id)
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
                scope.launch(io) {
                    while (isActive) {
                        model.refresh()
                        delay(1000)
                    }
                }
            }
        }
    }

    override fun onPause() {
        vm?.hideNote()
        super.onPause()
    }

    private fun render(s: AccountDetailState) {
        if (s.deleted) return finish()
        s.row?.let(code::bind)
        note.text = when {
            s.noteShown != null -> s.noteShown
            s.row?.hasNote == true -> getString(R.string.note_hidden)
            else -> getString(R.string.note_none)
        }
        s.error?.let { note.text = Messages.of(this, it) }
    }

    private fun confirmDelete() {
        showSecure(
            AlertDialog.Builder(this)
                .setTitle(R.string.delete_title)
                .setMessage(R.string.delete_body)
                .setPositiveButton(R.string.action_delete) { _, _ -> background { vm?.delete() } }
                .setNegativeButton(android.R.string.cancel, null),
        )
    }
}
