//! Owns the Google Authenticator export screen: every account as export QR codes (core writes
//! and draws them), one at a time with "k/n" under it, Next and Previous. The codes carry the
//! secret keys: FLAG_SECURE (BaseActivity), and the images are dropped when the screen leaves.
package hu.kulcs.app

import android.graphics.BitmapFactory
import android.os.Bundle
import android.widget.ImageView
import android.widget.TextView
import hu.kulcs.screens.ExportState
import hu.kulcs.screens.ExportViewModel

class ExportActivity : BaseActivity() {
    private var vm: ExportViewModel? = null
    private lateinit var image: ImageView
    private lateinit var position: TextView
    private lateinit var error: TextView

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        image = ImageView(this).apply { adjustViewBounds = true }
        position = text(sp = 20f)
        error = text(sp = 14f)
        setColumn(
            text(getString(R.string.export_explained)),
            image,
            position,
            row(
                button(R.string.action_previous) { background { previous() } },
                button(R.string.action_next) { background { vm?.nextFrame() } },
            ),
            error,
        )
    }

    override fun onUnlocked() {
        if (vm != null) return
        background {
            val model = ExportViewModel(app.vault)
            model.googleFrames()
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
            }
        }
    }

    /** The view-model steps forward and wraps around: n−1 steps forward is one step back. */
    private fun previous() {
        val frames = (vm?.state?.value as? ExportState.GoogleFrames)?.frames?.size ?: return
        repeat(frames - 1) { vm?.nextFrame() }
    }

    override fun onDestroy() {
        vm?.close()
        super.onDestroy()
    }

    private fun render(s: ExportState) {
        when (s) {
            is ExportState.GoogleFrames -> {
                val png = s.frames[s.index]
                image.setImageBitmap(BitmapFactory.decodeByteArray(png, 0, png.size))
                position.text = s.position
                error.text = ""
            }
            is ExportState.Failed -> {
                image.setImageDrawable(null)
                position.text = ""
                error.text = Messages.of(this, s.error)
            }
            else -> {
                image.setImageDrawable(null)
                position.text = ""
            }
        }
    }
}
