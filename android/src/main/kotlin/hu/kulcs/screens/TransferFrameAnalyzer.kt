//! Owns camera frames for the transfer screens: core's live transfer scanner, Y planes in, the
//! text of transfer offers and frames out (twin of Swift's TransferFrameAnalyzer.swift).
package hu.kulcs.screens

import hu.kulcs.ffi.TransferScan
import hu.kulcs.ffi.TransferScanner
import hu.kulcs.ffi.rotationFromDegrees
import java.nio.ByteBuffer

/**
 * Camera frames for the transfer screens: core's live scanner, handing back the text of transfer
 * offers and frames (feed them to [SendTransferViewModel.onOfferText] /
 * [ReceiveTransferViewModel.onFrameText]). The Y plane must be a direct buffer, as Camera2's is.
 * Call from one analysis thread; close it when the camera stops.
 */
class TransferFrameAnalyzer : AutoCloseable {
    private val scanner = TransferScanner()

    /**
     * Scans one frame: [yPlane] from its position on, [rowStride] bytes per row, and the
     * clockwise [rotationDegrees] the camera reports (core's `rotation_from_degrees`). A heap
     * buffer is a programming error ([IllegalArgumentException]); bad sizes or rotation are
     * `KulcsException.InvalidInput`, as in [hu.kulcs.FrameAnalyzer].
     */
    fun analyze(yPlane: ByteBuffer, width: Int, height: Int, rowStride: Int, rotationDegrees: Int): TransferScan {
        require(yPlane.isDirect) { "the Y plane must be a direct ByteBuffer (zero-copy hand-over)" }
        val rotation = rotationFromDegrees(rotationDegrees)
        // slice() is a view starting at the buffer's position: no bytes are copied.
        return scanner.pushFrame(yPlane.slice(), width.toUInt(), height.toUInt(), rowStride.toUInt(), rotation)
    }

    override fun close() = scanner.close()
}
