//! Owns adding a second device on Android: the new phone (receive) shows the offer QR, then the
//! 12-digit code, and reads the old phone's frames; the old phone (send) reads the offer, takes
//! the typed code, and shows its frames in turn. Core runs the protocol (TransferPorts over the
//! bindings); this screen only draws QR images, runs the camera and forwards texts.
package hu.kulcs.app

import android.Manifest
import android.content.pm.PackageManager
import android.graphics.BitmapFactory
import android.os.Bundle
import android.text.InputType
import android.view.TextureView
import android.view.View
import android.widget.EditText
import android.widget.ImageView
import android.widget.LinearLayout
import android.widget.TextView
import hu.kulcs.ffi.transferQrPng
import hu.kulcs.screens.ReceiveState
import hu.kulcs.screens.ReceiveTransferViewModel
import hu.kulcs.screens.SendState
import hu.kulcs.screens.SendTransferViewModel
import hu.kulcs.screens.TransferFrameAnalyzer
import hu.kulcs.screens.VaultTransferReceiver
import hu.kulcs.screens.VaultTransferSender
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

class TransferActivity : BaseActivity() {
    companion object {
        /** true: this is the new phone (receive); false: the old phone (send). */
        const val EXTRA_RECEIVE = "hu.kulcs.app.RECEIVE"

        /** Sending: the new phone's offer, already read by the scan screen (core's classify_scan). */
        const val EXTRA_OFFER = "hu.kulcs.app.OFFER"

        /** Sending: also invite the new device into this vault's sync group. */
        const val EXTRA_WITH_SYNC = "hu.kulcs.app.WITH_SYNC"
        private const val CAMERA_PERMISSION = 3
        private const val FRAME_MILLIS = 700L
    }

    private val receiving: Boolean get() = intent.getBooleanExtra(EXTRA_RECEIVE, true)
    private var receive: ReceiveTransferViewModel? = null
    private var send: SendTransferViewModel? = null
    private val analyzer = TransferFrameAnalyzer()
    private lateinit var camera: CameraFrames
    private lateinit var preview: TextureView
    private lateinit var qr: ImageView
    private lateinit var message: TextView
    private lateinit var code: TextView
    private lateinit var codeInput: EditText
    private lateinit var action: android.widget.Button
    private var shownQr: String? = null

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        preview = TextureView(this).apply { layoutParams = LinearLayout.LayoutParams(LinearLayout.LayoutParams.MATCH_PARENT, 0, 1f) }
        qr = ImageView(this).apply { adjustViewBounds = true; contentDescription = getString(R.string.transfer_qr_description) }
        message = text(sp = 18f).apply { accessibilityLiveRegion = TextView.ACCESSIBILITY_LIVE_REGION_POLITE }
        code = text(sp = 34f)
        codeInput = EditText(this).apply { setHint(R.string.field_transfer_code); inputType = InputType.TYPE_CLASS_NUMBER }
        action = button(R.string.action_offer_scanned) { onAction() }
        setContentView(column(message, qr, code, codeInput, action, preview))
        camera = CameraFrames(preview, onFailure = { message.setText(R.string.scan_no_camera) }) { y, w, h, stride, rotation ->
            val texts = analyzer.analyze(y, w, h, stride, rotation).texts
            if (texts.isNotEmpty()) background { texts.forEach(::onScannedText) }
        }
    }

    override fun onUnlocked() {
        if (receive == null && send == null) background {
            if (receiving) {
                val model = ReceiveTransferViewModel(VaultTransferReceiver(app.vault, android.os.Build.MODEL ?: "Android"))
                scope.launchMain { receive = model; observe(model.state, ::renderReceive) }
            } else {
                val model = SendTransferViewModel(VaultTransferSender(app.vault, withSync = intent.getBooleanExtra(EXTRA_WITH_SYNC, false), deviceName = android.os.Build.MODEL ?: "Android"))
                intent.getStringExtra(EXTRA_OFFER)?.let(model::onOfferText)
                scope.launchMain { send = model; observe(model.state, ::renderSend) }
            }
        }
        if (checkSelfPermission(Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED) camera.start()
        else requestPermissions(arrayOf(Manifest.permission.CAMERA), CAMERA_PERMISSION)
    }

    override fun onRequestPermissionsResult(requestCode: Int, permissions: Array<out String>, grantResults: IntArray) {
        if (requestCode == CAMERA_PERMISSION && grantResults.firstOrNull() == PackageManager.PERMISSION_GRANTED) camera.start()
        else message.setText(R.string.scan_no_camera_permission)
    }

    override fun onPause() {
        camera.stop()
        super.onPause()
    }

    override fun onDestroy() {
        analyzer.close()
        super.onDestroy()
    }

    /** On the vault thread: a transfer text the camera read. */
    private fun onScannedText(text: String) {
        receive?.onFrameText(text)
        send?.onOfferText(text)
    }

    private fun onAction() {
        receive?.let { vm ->
            when (vm.state.value) {
                is ReceiveState.ShowOffer -> background { vm.offerScanned() }
                is ReceiveState.Failed -> background { vm.resume() }
                else -> finish()
            }
        }
        send?.let { vm ->
            when (vm.state.value) {
                is SendState.EnterCode -> codeInput.text.toString().let { typed -> background { vm.enterCode(typed) } }
                is SendState.Failed -> background { vm.restart() }
                else -> background { vm.finish() }
            }
        }
    }

    private fun showQr(text: String?) {
        if (text == shownQr) return
        shownQr = text
        if (text == null) {
            qr.visibility = View.GONE
            return
        }
        background {
            val png = transferQrPng(text)
            val bitmap = BitmapFactory.decodeByteArray(png, 0, png.size)
            scope.launchMain { qr.setImageBitmap(bitmap); qr.visibility = View.VISIBLE }
        }
    }

    private fun renderReceive(s: ReceiveState) {
        codeInput.visibility = View.GONE
        preview.visibility = if (s is ReceiveState.ShowCode) View.VISIBLE else View.GONE
        code.visibility = if (s is ReceiveState.ShowCode) View.VISIBLE else View.GONE
        when (s) {
            is ReceiveState.ShowOffer -> {
                message.setText(R.string.transfer_offer_explained)
                showQr(s.offerText)
                action.setText(R.string.action_offer_scanned)
            }
            is ReceiveState.ShowCode -> {
                showQr(null)
                code.text = s.code
                code.contentDescription = s.spokenCode
                message.text = if (s.progress.total == 0) getString(R.string.transfer_code_explained)
                else getString(R.string.transfer_progress, s.progress.received, s.progress.total)
                action.setText(android.R.string.cancel)
            }
            is ReceiveState.Done -> {
                message.text = resources.getQuantityString(R.plurals.transfer_done, s.imported, s.imported)
                action.setText(R.string.action_done)
            }
            is ReceiveState.Failed -> {
                message.text = Messages.of(this, s.error)
                action.setText(R.string.action_rescan)
            }
        }
    }

    private fun renderSend(s: SendState) {
        code.visibility = View.GONE
        codeInput.visibility = if (s is SendState.EnterCode) View.VISIBLE else View.GONE
        preview.visibility = if (s is SendState.ScanOffer) View.VISIBLE else View.GONE
        when (s) {
            SendState.ScanOffer -> {
                message.setText(R.string.transfer_scan_offer)
                showQr(null)
                action.visibility = View.GONE
            }
            is SendState.EnterCode -> {
                message.setText(if (s.wrongCode) R.string.transfer_wrong_code else R.string.transfer_enter_code)
                action.visibility = View.VISIBLE
                action.setText(R.string.action_check_code)
            }
            is SendState.ShowFrames -> {
                message.text = getString(R.string.transfer_frames_explained, s.index + 1, s.frames.size)
                showQr(s.frames[s.index])
                action.setText(R.string.action_done)
                cycleFrames()
            }
            is SendState.Failed -> {
                message.text = Messages.of(this, s.error)
                action.visibility = View.VISIBLE
                action.setText(R.string.action_rescan)
            }
            SendState.Finished -> finish()
        }
    }

    private var cycling = false

    /** Shows the frames one after another until the user taps "done". */
    private fun cycleFrames() {
        if (cycling) return
        cycling = true
        scope.launch(io) {
            while (isActive && send?.state?.value is SendState.ShowFrames) {
                delay(FRAME_MILLIS)
                send?.nextFrame()
            }
        }
    }
}
