//! Owns settings on Android: the clock offset (−30 s / +30 s and a value in seconds), the app
//! lock switch (enabled only after one successful prompt), and the backup passphrase.
package hu.kulcs.app

import android.os.Bundle
import android.text.InputType
import android.widget.EditText
import android.widget.Switch
import android.widget.TextView
import hu.kulcs.screens.BackupStatus
import hu.kulcs.screens.SettingsState
import hu.kulcs.screens.SettingsViewModel

class SettingsActivity : BaseActivity() {
    private var vm: SettingsViewModel? = null
    private lateinit var offset: TextView
    private lateinit var lock: Switch
    private lateinit var backup: TextView

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        offset = text(sp = 18f)
        lock = Switch(this).apply { setText(R.string.settings_app_lock) }
        val passphrase = EditText(this).apply { setHint(R.string.field_passphrase); inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_PASSWORD }
        val repeated = EditText(this).apply { setHint(R.string.field_passphrase_again); inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_PASSWORD }
        backup = text(sp = 14f)
        setColumn(
            text(getString(R.string.settings_clock_explained)),
            offset,
            row(
                button(R.string.action_minus_30) { background { vm?.adjustClockOffset(-30) } },
                button(R.string.action_plus_30) { background { vm?.adjustClockOffset(30) } },
                button(R.string.action_reset) { background { vm?.setClockOffset(0) } },
            ),
            lock,
            text(getString(R.string.settings_backup_explained)),
            passphrase,
            repeated,
            button(R.string.action_save) {
                val p = passphrase.text.toString()
                val r = repeated.text.toString()
                background { vm?.setBackupPassphrase(p, r) }
            },
            backup,
            button(R.string.action_transfer_send) {
                startActivity(android.content.Intent(this, TransferActivity::class.java).putExtra(TransferActivity.EXTRA_RECEIVE, false))
            },
            button(R.string.action_transfer_receive) {
                startActivity(android.content.Intent(this, TransferActivity::class.java).putExtra(TransferActivity.EXTRA_RECEIVE, true))
            },
        )
        lock.setOnCheckedChangeListener { _, on ->
            val model = vm ?: return@setOnCheckedChangeListener
            if (on == model.state.value.appLockEnabled) return@setOnCheckedChangeListener
            if (!on) return@setOnCheckedChangeListener model.setAppLock(false)
            if (!AppLock.isAvailable(this)) {
                lock.isChecked = false
                backup.setText(R.string.lock_unavailable)
                return@setOnCheckedChangeListener
            }
            AppLock.prompt(this, onUnlocked = { model.setAppLock(true) }, onFailed = { lock.isChecked = false })
        }
    }

    override fun onUnlocked() {
        if (vm != null) return
        background {
            val model = SettingsViewModel(app.vault, app.prefs)
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
            }
        }
    }

    private fun render(s: SettingsState) {
        offset.text = getString(R.string.settings_offset_value, s.clockOffsetSeconds)
        lock.isChecked = s.appLockEnabled
        backup.text = when {
            s.error != null -> Messages.of(this, s.error!!)
            s.backup == BackupStatus.MISMATCH -> getString(R.string.backup_mismatch)
            s.backup == BackupStatus.SAVED -> getString(R.string.backup_saved)
            else -> ""
        }
    }
}
