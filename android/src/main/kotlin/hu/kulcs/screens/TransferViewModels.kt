//! Owns the two transfer screens (receive on the new device, send on the old one), driven by
//! core's transfer protocol (`core/src/transfer`, docs/transfer.md §1) through two small ports:
//! TransferPorts.kt implements them over the bindings, tests can script them.
package hu.kulcs.screens

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.displayCode
import hu.kulcs.ffi.spokenCode
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** Frames received so far out of [total] (0 until the first frame says how many). */
data class TransferProgress(val received: Int, val total: Int) {
    /** True once every frame is in. */
    val isComplete: Boolean get() = total > 0 && received >= total
}

/** The new device's side: core's `transfer::Receiver` plus the import into the vault. */
interface TransferReceiverPort {
    /** The offer QR text (`KULCS:O1:…`). */
    val offerText: String
    /**
     * Draws a fresh 12-digit code for the user to type into the old device. Call it only after
     * the offer was scanned, once per showing: core accepts frames under the latest code only.
     */
    fun revealCode(): String
    /** One scanned frame text, in any order; repeats are harmless. Throws `KulcsException`. */
    fun accept(frameText: String): TransferProgress
    /** Imports the complete bundle into the vault; returns how many accounts were added. */
    fun importAll(): Int
}

/** The old device's side: core's `transfer::PendingSend` / `ConfirmedSend`. */
interface TransferSenderPort {
    /** Checks a scanned offer text (expired, not transfer data, … throw `KulcsException`). */
    fun scanOffer(offerText: String)
    /** The code the user typed; on a match returns the frame QR texts, else throws (`CodeMismatch`). */
    fun confirm(typedCode: String): List<String>
}

/** What the receive screen (the new device) shows. */
sealed interface ReceiveState {
    /** Show the offer QR; the button "the old phone scanned it" moves on. */
    data class ShowOffer(val offerText: String) : ReceiveState
    /** Show the code for the user to type on the old phone, and scan its frames. */
    data class ShowCode(val code: String, val spokenCode: String, val progress: TransferProgress) : ReceiveState
    /** Imported: [imported] accounts were added. */
    data class Done(val imported: Int) : ReceiveState
    /** A frame was refused; [resume] goes on scanning. */
    data class Failed(val error: UiError) : ReceiveState
}

/** The receive screen (new device) over a [TransferReceiverPort]. */
class ReceiveTransferViewModel(private val port: TransferReceiverPort) {
    private val _state = MutableStateFlow<ReceiveState>(ReceiveState.ShowOffer(port.offerText))
    /** What the screen shows now. */
    val state: StateFlow<ReceiveState> = _state.asStateFlow()

    /** The user says the old phone has scanned the offer: hide it, reveal the code. */
    fun offerScanned() {
        val code = port.revealCode()
        _state.value = ReceiveState.ShowCode(displayCode(code), spokenCode(code), TransferProgress(0, 0))
    }

    /** A frame QR text from the camera; imports once every frame is in. */
    fun onFrameText(text: String) {
        val current = _state.value as? ReceiveState.ShowCode ?: return
        try {
            val progress = port.accept(text)
            _state.value = current.copy(progress = progress)
            if (progress.isComplete) _state.value = ReceiveState.Done(port.importAll())
        } catch (e: KulcsException) {
            // A frame of another session or a damaged frame: keep scanning, say why.
            _state.value = ReceiveState.Failed(e.ui())
        }
    }

    /** After a failure, go on scanning frames (progress is kept by the port). */
    fun resume() {
        if (_state.value is ReceiveState.Failed) offerScanned()
    }
}

/** What the send screen (the old device) shows. */
sealed interface SendState {
    /** Scan the new device's offer QR. */
    data object ScanOffer : SendState
    /** Type the 12-digit code the new device shows. [wrongCode] after a mismatch. */
    data class EnterCode(val wrongCode: Boolean = false) : SendState
    /** Show [frames] one after another ([index] of [frames].size); the new device scans them. */
    data class ShowFrames(val frames: List<String>, val index: Int) : SendState
    /** The offer or the code was refused for good; [restart] begins again. */
    data class Failed(val error: UiError) : SendState
    /** The user said the new device has every frame. */
    data object Finished : SendState
}

/** Core's answers to a mistyped code that let the user type it again (TooManyAttempts does not). */
private val RETRYABLE_CODE_ERRORS = setOf(ErrorKind.CODE_MISMATCH, ErrorKind.CODE_FORMAT)

/** The send screen (old device) over a [TransferSenderPort]. */
class SendTransferViewModel(private val port: TransferSenderPort) {
    private val _state = MutableStateFlow<SendState>(SendState.ScanOffer)
    /** What the screen shows now. */
    val state: StateFlow<SendState> = _state.asStateFlow()

    /** The camera read the new device's offer QR text. */
    fun onOfferText(text: String) {
        if (_state.value != SendState.ScanOffer) return
        _state.value = try {
            port.scanOffer(text)
            SendState.EnterCode()
        } catch (e: KulcsException) {
            SendState.Failed(e.ui())
        }
    }

    /** The user typed the 12-digit code the new device shows. */
    fun enterCode(typed: String) {
        if (_state.value !is SendState.EnterCode) return
        _state.value = try {
            SendState.ShowFrames(port.confirm(typed), 0)
        } catch (e: KulcsException) {
            val err = e.ui()
            if (err.kind in RETRYABLE_CODE_ERRORS) SendState.EnterCode(wrongCode = true) else SendState.Failed(err)
        }
    }

    /** The view calls this on a timer (about every 700 ms) to cycle the frames. */
    fun nextFrame() {
        val s = _state.value as? SendState.ShowFrames ?: return
        _state.value = s.copy(index = (s.index + 1) % s.frames.size)
    }

    /** The user says the new device has every frame. */
    fun finish() {
        _state.value = SendState.Finished
    }

    /** Back to scanning an offer (after a failure). */
    fun restart() {
        _state.value = SendState.ScanOffer
    }
}
