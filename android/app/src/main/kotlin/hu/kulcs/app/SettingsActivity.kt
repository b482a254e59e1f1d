//! Owns settings on Android: the clock offset (−30 s / +30 s and a value in seconds), the app
//! lock switch (enabled only after one successful prompt), the backup passphrase, and sync: the
//! shared folder, the last sync and the devices. Clock calibration (an account and the code the
//! site accepted: core finds the offset), and the ways to the Google export and recovery code.
package hu.kulcs.app

import android.os.Bundle
import android.text.InputType
import android.content.Intent
import android.widget.ArrayAdapter
import android.widget.EditText
import android.widget.Spinner
import android.widget.Switch
import android.widget.TextView
import hu.kulcs.screens.BackupStatus
import hu.kulcs.screens.CodeListViewModel
import hu.kulcs.screens.SettingsState
import hu.kulcs.screens.SettingsViewModel
import hu.kulcs.screens.SyncSetup
import hu.kulcs.screens.SyncStatus
import hu.kulcs.SafSyncFolder

class SettingsActivity : BaseActivity() {
    private var vm: SettingsViewModel? = null
    private lateinit var offset: TextView
    private lateinit var lock: Switch
    private lateinit var backup: TextView
    private lateinit var syncLine: TextView
    private lateinit var devices: TextView
    private lateinit var accounts: Spinner
    private lateinit var calibration: TextView
    /** The ids behind [accounts]' entries, in the same order. */
    private var accountIds: List<String> = emptyList()

    companion object {
        private const val PICK_SYNC_FOLDER = 41
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        offset = text(sp = 18f)
        lock = Switch(this).apply { setText(R.string.settings_app_lock) }
        val passphrase = EditText(this).apply { setHint(R.string.field_passphrase); inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_PASSWORD }
        val repeated = EditText(this).apply { setHint(R.string.field_passphrase_again); inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_PASSWORD }
        backup = text(sp = 14f)
        syncLine = text(sp = 14f)
        devices = text(sp = 14f)
        accounts = Spinner(this)
        val accepted = EditText(this).apply {
            setHint(R.string.field_calibrate_code)
            inputType = InputType.TYPE_CLASS_NUMBER
        }
        calibration = text(sp = 14f)
        setColumn(
            text(getString(R.string.settings_clock_explained)),
            offset,
            row(
                button(R.string.action_minus_30) { background { vm?.adjustClockOffset(-30) } },
                button(R.string.action_plus_30) { background { vm?.adjustClockOffset(30) } },
                button(R.string.action_reset) { background { vm?.setClockOffset(0) } },
            ),
            text(getString(R.string.settings_calibrate_explained), sp = 14f),
            accounts,
            accepted,
            button(R.string.action_calibrate) {
                val id = accountIds.getOrNull(accounts.selectedItemPosition) ?: return@button
                val code = accepted.text.toString()
                background { vm?.calibrate(id, code) }
            },
            calibration,
            button(R.string.action_export_google) { startActivity(Intent(this, ExportActivity::class.java)) },
            button(R.string.action_recovery) { startActivity(Intent(this, RecoveryActivity::class.java)) },
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
            text(getString(R.string.sync_explained)),
            syncLine,
            devices,
            button(R.string.action_sync_folder) {
                @Suppress("DEPRECATION")
                startActivityForResult(SafSyncFolder.pickIntent(), PICK_SYNC_FOLDER)
            },
            button(R.string.action_sync_now) { background { app.sync.syncNow() } },
            button(R.string.action_transfer_send_sync) {
                startActivity(
                    android.content.Intent(this, TransferActivity::class.java)
                        .putExtra(TransferActivity.EXTRA_RECEIVE, false)
                        .putExtra(TransferActivity.EXTRA_WITH_SYNC, true),
                )
            },
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
            val sync = app.sync
            val rows = CodeListViewModel(app.vault, app.clock).also { it.refresh() }.state.value.rows
            scope.launchMain {
                accountIds = rows.map { it.id }
                accounts.adapter = ArrayAdapter(this, android.R.layout.simple_spinner_dropdown_item, rows.map { it.displayName })
                vm = model
                observe(model.state, ::render)
                observe(sync.state, ::renderSync)
            }
        }
    }

    @Deprecated("Activity result API of the platform Activity")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: android.content.Intent?) {
        @Suppress("DEPRECATION")
        super.onActivityResult(requestCode, resultCode, data)
        val tree = data?.data
        if (requestCode != PICK_SYNC_FOLDER || resultCode != RESULT_OK || tree == null) return
        SafSyncFolder.persist(this, tree)
        app.syncFolderUri = tree
        background { app.sync.onFolderChosen() }
    }

    private fun renderSync(s: SyncStatus) {
        syncLine.text = when {
            s.error != null -> getString(R.string.sync_failed, Messages.of(this, s.error!!))
            s.setup == SyncSetup.NO_FOLDER -> getString(R.string.sync_no_folder)
            s.setup == SyncSetup.NOT_IN_GROUP -> getString(R.string.sync_not_in_group)
            s.lastSyncMillis != null -> getString(
                R.string.sync_last,
                android.text.format.DateUtils.getRelativeTimeSpanString(s.lastSyncMillis!!),
                s.added, s.changed, s.removed,
            )
            else -> ""
        } + if (s.problems.isEmpty()) "" else "\n" + getString(R.string.sync_problems, s.problems.size)
        devices.text = s.devices.joinToString("\n") { d ->
            getString(if (d.isThisDevice) R.string.sync_device_this else R.string.sync_device_other, d.name ?: d.id)
        }
    }

    private fun render(s: SettingsState) {
        offset.text = getString(R.string.settings_offset_value, s.clockOffsetSeconds)
        lock.isChecked = s.appLockEnabled
        calibration.text = when {
            s.calibrated != null -> getString(R.string.calibrated, s.calibrated!!)
            s.error?.field == "clock_offset" -> Messages.of(this, s.error!!)
            else -> ""
        }
        backup.text = when {
            s.error != null -> Messages.of(this, s.error!!)
            s.backup == BackupStatus.MISMATCH -> getString(R.string.backup_mismatch)
            s.backup == BackupStatus.SAVED -> getString(R.string.backup_saved)
            else -> ""
        }
    }
}
