//! Owns the export screens: every account (or a chosen few) as Google Authenticator export QR
//! codes shown one after another ("k/n"), and one account's otpauth QR for another app. Core
//! writes the texts and draws the codes; both carry secrets, so the view keeps FLAG_SECURE.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.ffi.qrPng
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/** What the export screen shows. */
sealed interface ExportState {
    /** Nothing shown yet. */
    data object Idle : ExportState

    /**
     * The Google Authenticator export: [frames] (PNG bytes, core's drawing) shown one at a time,
     * [index] the one on screen; [position] is the "k/n" under it.
     */
    class GoogleFrames(val frames: List<ByteArray>, val index: Int) : ExportState {
        /** "1/3": this code's place in the export. */
        val position: String get() = "${index + 1}/${frames.size}"
    }

    /** One account's otpauth:// QR code ([png]) for another authenticator app. */
    class AccountQr(val id: String, val png: ByteArray) : ExportState

    /** Core refused (an unknown id, nothing to export, …). */
    data class Failed(val error: UiError) : ExportState
}

/** The export screens over [vault]; [scale] is the QR module size in pixels the view wants. */
class ExportViewModel(private val vault: KulcsVault, private val scale: Int = 8) {
    private val _state = MutableStateFlow<ExportState>(ExportState.Idle)

    /** What the screen shows now. */
    val state: StateFlow<ExportState> = _state.asStateFlow()

    /** Builds the Google Authenticator export of [ids] (empty: every account) as QR images. */
    fun googleFrames(ids: List<String> = emptyList()) {
        attempt { vault.exportGoogle(ids).map { qrPng(it, scale.toUInt()) } }
            .onSuccess { _state.value = ExportState.GoogleFrames(it, 0) }
            .onFailure { _state.value = ExportState.Failed(it.ui()) }
    }

    /** The next export code ("Next", or the view's timer); wraps around. */
    fun nextFrame() {
        val s = _state.value as? ExportState.GoogleFrames ?: return
        _state.value = ExportState.GoogleFrames(s.frames, (s.index + 1) % s.frames.size)
    }

    /** One account's otpauth:// QR code for another app. */
    fun accountQr(id: String) {
        attempt { qrPng(vault.accountUri(id), scale.toUInt()) }
            .onSuccess { _state.value = ExportState.AccountQr(id, it) }
            .onFailure { _state.value = ExportState.Failed(it.ui()) }
    }

    /** Hides whatever is shown (leaving the screen): the secret-bearing images are dropped. */
    fun close() {
        _state.value = ExportState.Idle
    }
}
