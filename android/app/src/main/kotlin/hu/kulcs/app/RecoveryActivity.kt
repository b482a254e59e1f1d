//! Owns the recovery code screen: whether the vault has one, "Create" (core draws the code),
//! the code shown this once in core's groups to write down, then gone.
package hu.kulcs.app

import android.os.Bundle
import android.view.View
import android.widget.Button
import android.widget.TextView
import hu.kulcs.screens.RecoveryState
import hu.kulcs.screens.RecoveryViewModel

class RecoveryActivity : BaseActivity() {
    companion object {
        /** The tag of the view showing the new code (tests find it by this). */
        const val CODE_TAG = "hu.kulcs.app.RECOVERY_CODE"
    }

    private var vm: RecoveryViewModel? = null
    private lateinit var status: TextView
    private lateinit var code: TextView
    private lateinit var create: Button
    private lateinit var done: Button

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        status = text(sp = 16f)
        code = text(sp = 28f).apply { tag = CODE_TAG; typeface = android.graphics.Typeface.MONOSPACE }
        create = button(R.string.action_create_recovery) { background { vm?.create() } }
        done = button(R.string.action_written_down) { background { vm?.done() } }
        setColumn(text(getString(R.string.recovery_explained)), status, code, create, done)
    }

    override fun onUnlocked() {
        if (vm != null) return
        background {
            val model = RecoveryViewModel(app.vault)
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
            }
        }
    }

    override fun onPause() {
        // Shown once: leaving the screen drops the code.
        if (vm?.state?.value is RecoveryState.Shown) background { vm?.done() }
        super.onPause()
    }

    private fun render(s: RecoveryState) {
        val shown = s is RecoveryState.Shown
        code.text = (s as? RecoveryState.Shown)?.codeGrouped ?: ""
        code.visibility = if (shown) View.VISIBLE else View.GONE
        done.visibility = if (shown) View.VISIBLE else View.GONE
        create.visibility = if (shown) View.GONE else View.VISIBLE
        status.text = when (s) {
            is RecoveryState.Shown -> getString(R.string.recovery_shown)
            is RecoveryState.Idle -> getString(if (s.hasRecoveryCode) R.string.recovery_has_code else R.string.recovery_none)
            is RecoveryState.Failed -> Messages.of(this, s.error)
        }
    }
}
