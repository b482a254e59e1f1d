//! Owns the unlock screen for when this phone's key cannot open the vault (a new phone, a lost
//! Keystore key): the passphrase or the recovery code opens it, then this phone's key is bound
//! (the CLI's `device`) and the vault is closed again so the app opens it with that key.
package hu.kulcs.app

import android.content.Intent
import android.os.Bundle
import android.text.InputType
import android.widget.EditText
import android.widget.TextView
import hu.kulcs.screens.UnlockState
import hu.kulcs.screens.UnlockViewModel

class UnlockActivity : BaseActivity() {
    private var vm: UnlockViewModel? = null
    private lateinit var status: TextView
    private var opened = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        val hidden = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_VARIATION_PASSWORD
        val passphrase = EditText(this).apply { setHint(R.string.field_passphrase); inputType = hidden }
        val recovery = EditText(this).apply {
            setHint(R.string.field_recovery_code)
            inputType = InputType.TYPE_CLASS_TEXT or InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS or InputType.TYPE_TEXT_VARIATION_VISIBLE_PASSWORD
        }
        status = text(sp = 16f)
        setColumn(
            text(getString(R.string.unlock_explained)),
            passphrase,
            button(R.string.action_unlock_passphrase) { val p = passphrase.text.toString(); background { model().unlockWithPassphrase(p) } },
            recovery,
            button(R.string.action_unlock_recovery) { val c = recovery.text.toString(); background { model().unlockWithRecoveryCode(c) } },
            status,
        )
        val model = UnlockViewModel(app.vaultFile, app.keyStore(), app.clock)
        vm = model
        observe(model.state, ::render)
    }

    private fun model(): UnlockViewModel = vm!!

    private fun render(s: UnlockState) {
        when (s) {
            UnlockState.Locked -> if (!opened) status.text = ""
            UnlockState.Unlocking -> status.setText(R.string.unlock_working)
            is UnlockState.Failed -> status.text = Messages.of(this, s.error)
            is UnlockState.Unlocked -> if (!s.deviceKeyBound) {
                background { model().bindDeviceKey() }
            } else {
                opened = true
                status.setText(R.string.unlock_done)
                // The vault's file lock is released; the app opens it with the bound key.
                background {
                    model().lock()
                    scope.launchMain {
                        startActivity(Intent(this, MainActivity::class.java).addFlags(Intent.FLAG_ACTIVITY_CLEAR_TOP))
                        finish()
                    }
                }
            }
        }
    }

    override fun onDestroy() {
        val model = vm
        if (model != null && model.vault != null) app.io.execute { model.close() }
        super.onDestroy()
    }
}
