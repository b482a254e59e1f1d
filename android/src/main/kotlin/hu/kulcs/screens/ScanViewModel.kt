//! Owns the scan screen: camera frames go to core's live scanner through FrameAnalyzer, the
//! preview shows core's hint, and a found enrolment is shown with its code for the user to
//! confirm before it is saved. A picked or shared image is added directly.
package hu.kulcs.screens

import hu.kulcs.FrameAnalyzer
import hu.kulcs.KulcsVault
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.MigrationImport
import hu.kulcs.ffi.ParsedUri
import hu.kulcs.ffi.ScanHint
import hu.kulcs.ffi.ScanPayload
import hu.kulcs.ffi.ScannedCode
import hu.kulcs.ffi.classifyScan
import hu.kulcs.ffi.displayCode
import hu.kulcs.ffi.spokenCode
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import java.nio.ByteBuffer

/** What the scan screen shows. */
sealed interface ScanState {
    /** The preview is running; [hint] is core's advice (no code / move closer / hold still). */
    data class Scanning(val hint: ScanHint) : ScanState

    /** An enrolment code was found: show the account and its live code (grouped, and spoken); confirm or rescan. */
    data class Found(val issuer: String, val label: String, val code: String, val spokenCode: String) : ScanState

    /** The QR code is not an enrolment code ("a web address") or is a broken one (core's [brokenKind]). */
    data class NotEnrolment(val description: String?, val brokenKind: ErrorKind?) : ScanState

    /** Saved. [conflicts] > 0 means entries with the same name exist: offer the duplicates screen. */
    data class Added(val rows: List<CodeRow>, val alreadyPresent: Int, val conflicts: Int) : ScanState

    /** A Google Authenticator export is being read: [read] of its [count] codes so far ("batch k/n"). */
    data class MigrationProgress(val read: Int, val count: Int) : ScanState

    /** A Kulcs transfer offer (the new phone's QR): the view opens the send screen with [offerText]. */
    data class TransferOffer(val offerText: String) : ScanState

    /** Core refused the frame or the image, or saving failed. */
    data class Failed(val error: UiError) : ScanState
}

/** The scan screen over [vault]; close it when the camera stops. */
class ScanViewModel(private val vault: KulcsVault) : AutoCloseable {
    private val analyzer = FrameAnalyzer()
    private var found: ParsedUri? = null
    private var migration: MigrationImport? = null

    private val _state = MutableStateFlow<ScanState>(ScanState.Scanning(ScanHint.NO_CODE))
    /** What the screen shows now. */
    val state: StateFlow<ScanState> = _state.asStateFlow()

    /** True while frames should be analysed (not while a result is on screen; on during a Google export). */
    val wantsFrames: Boolean get() = _state.value is ScanState.Scanning || _state.value is ScanState.MigrationProgress

    /** One camera Y plane (a direct buffer, e.g. a Camera2 `Image.planes[0]`), from the analysis thread. */
    fun onFrame(yPlane: ByteBuffer, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) {
        if (!wantsFrames) return
        val scan = attempt { analyzer.analyze(yPlane, width, height, rowStride, rotationDegrees) }
            .getOrElse { _state.value = ScanState.Failed(it.ui()); return }
        if (scan.hint != ScanHint.FOUND) {
            // Between the codes of a Google export the progress stays on screen.
            if (_state.value !is ScanState.MigrationProgress) _state.value = ScanState.Scanning(scan.hint)
            return
        }
        val enrolment = scan.codes.filterIsInstance<ScannedCode.Enrolment>().firstOrNull()
        if (enrolment != null) {
            showFound(enrolment.account)
            return
        }
        val broken = scan.codes.filterIsInstance<ScannedCode.BrokenEnrolment>().firstOrNull()
        val other = scan.codes.filterIsInstance<ScannedCode.Other>().firstOrNull()
        // Not an enrolment: core sorts the frame's texts (a Google export code, a transfer
        // offer, a refusal), as for a shared text; twin of Swift's onFrame.
        if (broken == null && other != null) {
            val texts = analyzer.texts(yPlane, width, height, rowStride)
            if (texts.isNotEmpty()) {
                texts.forEach { onText(it) }
                return
            }
        }
        _state.value = ScanState.NotEnrolment(other?.description, broken?.kind)
    }

    /**
     * A scanned or shared text (a QR payload the camera or another app handed over): core's
     * `classify_scan` decides whether it is an enrolment (shown for confirmation), a Google
     * export batch, a transfer offer, or refused (with its kind).
     */
    fun onText(text: String) {
        when (val payload = classifyScan(text)) {
            is ScanPayload.Enrolment -> showFound(payload.account)
            is ScanPayload.MigrationBatch -> migrationBatch(text)
            is ScanPayload.TransferOffer -> _state.value = ScanState.TransferOffer(text)
            is ScanPayload.Refused -> _state.value = ScanState.NotEnrolment(null, payload.kind)
        }
    }

    /** One code of a Google export: core collects them in any order and imports once all are in. */
    private fun migrationBatch(text: String) {
        val import = migration ?: MigrationImport().also { migration = it }
        attempt { import.add(text) }
            .onSuccess { p ->
                if (!p.done) {
                    _state.value = ScanState.MigrationProgress(p.batchesRead.toInt(), p.batchCount.toInt())
                    return
                }
                attempt { vault.importMigration(import) }
                    .onSuccess { _state.value = added(it) }
                    .onFailure { _state.value = ScanState.Failed(it.ui()) }
                endMigration()
            }
            .onFailure { _state.value = ScanState.Failed(it.ui()); endMigration() }
    }

    private fun endMigration() {
        migration?.close()
        migration = null
    }

    private fun showFound(account: ParsedUri) {
        attempt { account.key.codeWindow(account.params, vault.correctedTime()) }
            .onSuccess { w ->
                found = account
                _state.value = ScanState.Found(account.issuer, account.label, displayCode(w.code), spokenCode(w.code))
            }
            .onFailure { _state.value = ScanState.Failed(it.ui()) }
    }

    /** The user confirmed the found account: save it. */
    fun confirm() {
        val account = found ?: return
        attempt { vault.addScanned(account) }
            .onSuccess { found = null; _state.value = added(listOf(it)) }
            .onFailure { _state.value = ScanState.Failed(it.ui()) }
    }

    /** Adds every enrolment code in a picked or shared image (PNG/JPEG/WebP bytes). */
    fun addImage(bytes: ByteArray) {
        attempt { vault.addImage(bytes) }
            .onSuccess { _state.value = added(it) }
            .onFailure { _state.value = ScanState.Failed(it.ui()) }
    }

    /** Back to the preview (after "not an enrolment", a failure, or "scan another"). */
    fun rescan() {
        found = null
        endMigration()
        _state.value = ScanState.Scanning(ScanHint.NO_CODE)
    }

    private fun added(outcomes: List<AddOutcome>): ScanState {
        val ids = outcomes.map {
            when (it) {
                is AddOutcome.Added -> it.id
                is AddOutcome.AlreadyPresent -> it.id
                is AddOutcome.AddedWithConflict -> it.id
            }
        }
        val rows = attempt { vault.codeRows() }.getOrDefault(emptyList()).filter { it.id in ids }
        return ScanState.Added(
            rows = rows,
            alreadyPresent = outcomes.count { it is AddOutcome.AlreadyPresent },
            conflicts = outcomes.count { it is AddOutcome.AddedWithConflict },
        )
    }

    override fun close() {
        endMigration()
        analyzer.close()
    }
}
