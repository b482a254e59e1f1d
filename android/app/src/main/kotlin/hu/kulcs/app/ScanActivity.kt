//! Owns the scan screen on Android: Camera2 (CameraFrames) delivers YUV_420_888 frames; their Y
//! plane (a direct buffer, no copy) goes to core's live scanner through ScanViewModel, and core's hint
//! is shown under the preview. Also adds from a picked image (document picker) or an image
//! shared to Kulcs (ACTION_SEND).
package hu.kulcs.app

import android.Manifest
import android.app.AlertDialog
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.os.Bundle
import android.view.TextureView
import android.widget.LinearLayout
import android.widget.TextView
import hu.kulcs.ffi.ScanHint
import hu.kulcs.screens.ScanState
import hu.kulcs.screens.ScanViewModel

class ScanActivity : BaseActivity() {
    private companion object {
        const val PICK_IMAGE = 1
        const val CAMERA_PERMISSION = 2
    }

    private var vm: ScanViewModel? = null
    private lateinit var preview: TextureView
    private lateinit var hint: TextView
    private lateinit var camera: CameraFrames
    private var dialogShown = false

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        preview = TextureView(this).apply { layoutParams = LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1f) }
        hint = text(getString(R.string.scan_hint_no_code), sp = 18f).apply { accessibilityLiveRegion = TextView.ACCESSIBILITY_LIVE_REGION_POLITE }
        setContentView(column(preview, hint, button(R.string.action_pick_image) { pickImage() }))
        camera = CameraFrames(preview, onFailure = { hint.setText(R.string.scan_no_camera) }) { y, w, h, stride, rotation ->
            // On the vault thread like every view-model call (the camera thread waits, so the
            // Image and its plane stay valid; frames arriving meanwhile are dropped).
            app.io.submit {
                val model = vm
                if (model != null && model.wantsFrames) model.onFrame(y, w, h, stride, rotation)
            }.get()
        }
    }

    override fun onUnlocked() {
        if (vm == null) background {
            val model = ScanViewModel(app.vault) // opens the vault on first use: not on the main thread
            scope.launchMain {
                vm = model
                observe(model.state, ::render)
                sharedImage(intent)?.let(::addImage)
            }
        }
        if (checkSelfPermission(Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED) startCamera()
        else requestPermissions(arrayOf(Manifest.permission.CAMERA), CAMERA_PERMISSION)
    }

    override fun onPause() {
        stopCamera()
        super.onPause()
    }

    override fun onDestroy() {
        vm?.close()
        super.onDestroy()
    }

    override fun onRequestPermissionsResult(requestCode: Int, permissions: Array<out String>, grantResults: IntArray) {
        if (requestCode == CAMERA_PERMISSION && grantResults.firstOrNull() == PackageManager.PERMISSION_GRANTED) startCamera()
        else hint.setText(R.string.scan_no_camera_permission)
    }

    private fun render(state: ScanState) {
        when (state) {
            is ScanState.Scanning -> hint.setText(
                when (state.hint) {
                    ScanHint.NO_CODE -> R.string.scan_hint_no_code
                    ScanHint.MOVE_CLOSER -> R.string.scan_hint_move_closer
                    ScanHint.HOLD_STILL -> R.string.scan_hint_hold_still
                    ScanHint.FOUND -> R.string.scan_hint_found
                },
            )
            is ScanState.MigrationProgress -> hint.text = getString(R.string.scan_migration_progress, state.read, state.count)
            is ScanState.Found -> ask(
                getString(R.string.scan_found_title),
                getString(R.string.scan_found_body, state.issuer, state.label, state.code),
                onYes = { background { vm?.confirm() } },
            )
            is ScanState.NotEnrolment -> ask(
                getString(R.string.scan_not_enrolment_title),
                state.description ?: getString(R.string.scan_broken_enrolment, state.brokenKind?.let { Messages.of(this, it) } ?: ""),
                onYes = null,
            )
            is ScanState.Added -> {
                val message = when {
                    state.conflicts > 0 -> getString(R.string.added_with_conflict)
                    state.rows.isEmpty() -> getString(R.string.already_present)
                    else -> getString(R.string.added, state.rows.joinToString { it.issuer })
                }
                ask(getString(R.string.added_title), message, onYes = null, done = true)
            }
            is ScanState.TransferOffer -> {
                // A new phone's transfer offer: this is the old phone, which sends.
                startActivity(
                    Intent(this, TransferActivity::class.java)
                        .putExtra(TransferActivity.EXTRA_RECEIVE, false)
                        .putExtra(TransferActivity.EXTRA_OFFER, state.offerText),
                )
                finish()
            }
            is ScanState.Failed -> ask(getString(R.string.error_title), Messages.of(this, state.error), onYes = null)
        }
    }

    /** One dialog per result; "no" (or OK on an information) scans again, [done] closes the screen. */
    private fun ask(title: String, message: String, onYes: (() -> Unit)?, done: Boolean = false) {
        if (dialogShown) return
        dialogShown = true
        val dialog = AlertDialog.Builder(this).setTitle(title).setMessage(message)
        if (onYes != null) {
            dialog.setPositiveButton(R.string.action_add) { _, _ -> dialogShown = false; onYes() }
            dialog.setNegativeButton(R.string.action_rescan) { _, _ -> dialogShown = false; vm?.rescan() }
        } else {
            dialog.setPositiveButton(android.R.string.ok) { _, _ ->
                dialogShown = false
                if (done) finish() else vm?.rescan()
            }
        }
        showSecure(dialog.setCancelable(false))
    }

    private fun pickImage() {
        val intent = Intent(Intent.ACTION_OPEN_DOCUMENT).addCategory(Intent.CATEGORY_OPENABLE).setType("image/*")
        @Suppress("DEPRECATION") // startActivityForResult: the framework's own API (no AndroidX Activity Result).
        startActivityForResult(intent, PICK_IMAGE)
    }

    @Deprecated("framework callback")
    override fun onActivityResult(requestCode: Int, resultCode: Int, data: Intent?) {
        @Suppress("DEPRECATION")
        super.onActivityResult(requestCode, resultCode, data)
        if (requestCode == PICK_IMAGE && resultCode == RESULT_OK) data?.data?.let(::addImage)
    }

    private fun sharedImage(intent: Intent?): Uri? {
        if (intent?.action != Intent.ACTION_SEND) return null
        // The typed getParcelableExtra(name, class) is API 33; this one works on every version.
        @Suppress("DEPRECATION")
        return intent.getParcelableExtra(Intent.EXTRA_STREAM)
    }

    private fun addImage(uri: Uri) {
        background {
            val bytes = contentResolver.openInputStream(uri)?.use { it.readBytes() } ?: return@background
            vm?.addImage(bytes)
        }
    }

    private fun startCamera() = camera.start()

    private fun stopCamera() = camera.stop()
}
