//! Camera frames through FrameAnalyzer: padded rows in a direct buffer, rotation, bad input,
//! and the image the QR engine panics on.
package hu.kulcs

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.ScanHint
import hu.kulcs.ffi.ScannedCode
import hu.kulcs.ffi.decodeQrImage
import hu.kulcs.screens.TransferFrameAnalyzer
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.nio.ByteBuffer
import javax.imageio.ImageIO

class FrameAnalyzerTest {
    /** The example enrolment image as a Y plane with [padding] extra bytes per row. */
    private fun yPlane(padding: Int): Triple<ByteBuffer, Int, Int> {
        val image = ImageIO.read(Repo.file("examples/ugyfelkapu-enrolment.png"))
        val stride = image.width + padding
        val plane = ByteBuffer.allocateDirect(stride * image.height)
        for (y in 0 until image.height) for (x in 0 until image.width) {
            val rgb = image.getRGB(x, y)
            val luma = (((rgb shr 16) and 0xff) * 299 + ((rgb shr 8) and 0xff) * 587 + (rgb and 0xff) * 114) / 1000
            plane.put(y * stride + x, luma.toByte())
        }
        return Triple(plane, image.width, stride)
    }

    @Test
    fun findsTheEnrolmentInAPaddedDirectPlane() {
        val (plane, width, stride) = yPlane(padding = 64)
        val height = plane.capacity() / stride
        FrameAnalyzer().use { analyzer ->
            val scan = analyzer.analyze(plane, width, height, stride, rotationDegrees = 90)
            assertEquals(ScanHint.FOUND, scan.hint)
            val enrolment = scan.codes.single() as ScannedCode.Enrolment
            assertEquals("Ügyfélkapu+", enrolment.account.issuer)
        }
    }

    @Test
    fun blankFrameIsAHintNotAnError() {
        FrameAnalyzer().use { analyzer ->
            val scan = analyzer.analyze(ByteBuffer.allocateDirect(64 * 48).apply { while (hasRemaining()) put(-56) }.flip(), 64, 48, 64, 0)
            assertEquals(ScanHint.NO_CODE, scan.hint)
            assertTrue(scan.codes.isEmpty())
        }
    }

    @Test
    fun inconsistentFramesAndBuffersAreRefused() {
        FrameAnalyzer().use { analyzer ->
            val e = assertThrows<KulcsException.InvalidInput> { analyzer.analyze(ByteBuffer.allocateDirect(10), 4, 4, 4, 0) }
            assertEquals("frame", e.field)
            assertThrows<IllegalArgumentException> { analyzer.analyze(ByteBuffer.allocate(16), 4, 4, 4, 0) }
            val r = assertThrows<KulcsException.InvalidInput> { analyzer.analyze(ByteBuffer.allocateDirect(16), 4, 4, 4, 45) }
            assertEquals("rotation" to ErrorKind.INVALID_ROTATION, r.field to r.kind)
        }
    }

    @Test
    fun bothAnalyzersTakeTheRotationRuleFromCore() {
        for (degrees in listOf(45, -45, 91, 359)) {
            val scan = assertThrows<KulcsException.InvalidInput>("scan $degrees") {
                FrameAnalyzer().use { it.analyze(ByteBuffer.allocateDirect(16), 4, 4, 4, degrees) }
            }
            val transfer = assertThrows<KulcsException.InvalidInput>("transfer $degrees") {
                TransferFrameAnalyzer().use { it.analyze(ByteBuffer.allocateDirect(16), 4, 4, 4, degrees) }
            }
            assertEquals(scan.field to scan.kind, transfer.field to transfer.kind, "one rule for both cameras")
            assertEquals("rotation", transfer.field)
        }
        for (degrees in listOf(-90, 0, 450, 720)) {
            TransferFrameAnalyzer().use { it.analyze(ByteBuffer.allocateDirect(16), 4, 4, 4, degrees) }
        }
    }

    @Test
    fun imageThatPanicsTheQrEngineReturnsNormally() {
        val file = Repo.file("../shared/qr-corpus/qrcode-6/7.png")
        if (!file.exists()) {
            println("notice: ${file.path} absent, skipping")
            return
        }
        val result = runCatching { decodeQrImage(file.readBytes()) }
        result.onSuccess { assertEquals(listOf("1234567890"), it) }
        result.onFailure { assertTrue(it is KulcsException.NoQrCode, "unexpected $it") }
    }
}
