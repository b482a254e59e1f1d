//! Owns the account detail on Android: the code, the private note (the törlőkód) shown only
//! on request, rename and delete, the groups (typed comma-separated), and the account's otpauth
//! QR code for another app (after a warning that it shows the key). Right after a typed key is
//! saved it asks for the törlőkód.
package hu.kulcs.app

import android.app.AlertDialog
import android.os.Bundle
import android.graphics.BitmapFactory
import android.text.InputType
import android.widget.EditText
import android.widget.ImageView
import android.widget.TextView
import hu.kulcs.screens.AccountDetailState
import hu.kulcs.screens.AccountDetailViewModel
import hu.kulcs.screens.ExportState
import hu.kulcs.screens.ExportViewModel
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
    private lateinit var groupsEditor: EditText
    /** The groups field is filled from core once; after that it is the user's text. */
    private var groupsFilled = false
    private var export: ExportViewModel? = null
    private var qrDialog: AlertDialog? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        code = CodeRowView(this)
        note = text(sp = 16f)
        noteEditor = EditText(this).apply {
            setHint(R.string.field_note)
            inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_MULTI_LINE or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS
        }
        groupsEditor = EditText(this).apply {
            setHint(R.string.field_groups)
            inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS
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
            groupsEditor,
            button(R.string.action_save_groups) {
                val groups = groupsEditor.text.toString().split(',').map { it.trim() }.filter { it.isNotEmpty() }
                background { vm?.setGroups(groups) }
            },
            button(R.string.action_account_qr) { confirmAccountQr() },
            button(R.string.action_delete) { confirmDelete() },
        )
        if (intent.getBooleanExtra(EXTRA_ASK_NOTE, false)) noteEditor.requestFocus()
    }

    override fun onUnlocked() {
        if (vm != null) return
        val id = intent.getStringExtra(EXTRA_ID) ?: return finish()
        background {
            val model = AccountDetailViewModel(app.vault, id)
            val qr = ExportViewModel(app.vault)
            scope.launchMain {
                vm = model
                export = qr
                observe(model.state, ::render)
                observe(qr.state, ::renderQr)
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
        // The key's QR code never stays behind the recents screen.
        qrDialog?.dismiss()
        export?.close()
        super.onPause()
    }

    private fun render(s: AccountDetailState) {
        if (s.deleted) return finish()
        s.row?.let(code::bind)
        if (!groupsFilled && s.row != null) {
            groupsFilled = true
            groupsEditor.setText(s.groups.joinToString(", "))
        }
        note.text = when {
            s.noteShown != null -> s.noteShown
            s.row?.hasNote == true -> getString(R.string.note_hidden)
            else -> getString(R.string.note_none)
        }
        s.error?.let { note.text = Messages.of(this, it) }
    }

    /** The QR code carries the secret key: say so first, then show it in a secure dialog. */
    private fun confirmAccountQr() {
        val id = intent.getStringExtra(EXTRA_ID) ?: return
        showSecure(
            AlertDialog.Builder(this)
                .setTitle(R.string.account_qr_title)
                .setMessage(R.string.account_qr_warning)
                .setPositiveButton(R.string.action_show_qr) { _, _ -> background { export?.accountQr(id) } }
                .setNegativeButton(android.R.string.cancel, null),
        )
    }

    private fun renderQr(s: ExportState) {
        when (s) {
            is ExportState.AccountQr -> {
                val image = ImageView(this).apply {
                    adjustViewBounds = true
                    setImageBitmap(BitmapFactory.decodeByteArray(s.png, 0, s.png.size))
                }
                qrDialog?.dismiss()
                qrDialog = showSecure(
                    AlertDialog.Builder(this)
                        .setTitle(R.string.account_qr_title)
                        .setView(image)
                        .setPositiveButton(android.R.string.ok, null)
                        .setOnDismissListener { export?.close() },
                )
            }
            is ExportState.Failed -> note.text = Messages.of(this, s.error)
            else -> Unit
        }
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
