//! Owns live QR scanning for Kotlin: camera Y planes in, scan hints and found codes out.
package hu.kulcs

import hu.kulcs.ffi.FrameScan
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.QrScanner
import hu.kulcs.ffi.decodeQrFrame
import hu.kulcs.ffi.rotationFromDegrees
import java.nio.ByteBuffer

/**
 * Feeds camera frames to core's live QR scanner. The Y plane is passed to Rust without a copy,
 * so it must be a direct buffer (CameraX and Camera2 planes are). Call from one analysis
 * thread; close it when the camera stops.
 */
class FrameAnalyzer : AutoCloseable {
    private val scanner = QrScanner()

    /**
     * Scans one frame: [yPlane] from its position on, [rowStride] bytes per row, and the
     * clockwise [rotationDegrees] the camera reports (core's `rotation_from_degrees`). A heap
     * buffer is a programming error ([IllegalArgumentException]); bad sizes or rotation are
     * [KulcsException.InvalidInput].
     */
    fun analyze(yPlane: ByteBuffer, width: Int, height: Int, rowStride: Int, rotationDegrees: Int): FrameScan {
        require(yPlane.isDirect) { "the Y plane must be a direct ByteBuffer (zero-copy hand-over)" }
        // slice() is a view starting at the buffer's position: no bytes are copied.
        return scanner.pushFrame(yPlane.slice(), width.toUInt(), height.toUInt(), rowStride.toUInt(), rotationFromDegrees(rotationDegrees))
    }

    /**
     * The raw texts of every QR code in one frame (core's `decode_qr_frame`), for a code the
     * live scanner found that is not an enrolment (a Google export code, a transfer offer).
     * The plane is passed without a copy; an unreadable frame gives an empty list. Twin of
     * Swift's `texts`.
     */
    fun texts(yPlane: ByteBuffer, width: Int, height: Int, rowStride: Int): List<String> {
        return try {
            decodeQrFrame(yPlane.slice(), width.toUInt(), height.toUInt(), rowStride.toUInt())
        } catch (e: KulcsException) {
            emptyList()
        }
    }

    override fun close() = scanner.close()
}
