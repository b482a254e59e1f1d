//! Shared test setup for the screens: a vault at a controllable clock, the example enrolment
//! image as a camera Y plane, and the codes a key makes.
package hu.kulcs.screens

import hu.kulcs.JvmKeyStore
import hu.kulcs.KulcsVault
import hu.kulcs.Repo
import hu.kulcs.WallClock
import hu.kulcs.ffi.SetupKey
import hu.kulcs.ffi.defaultOtpParams
import java.io.File
import java.nio.ByteBuffer
import javax.imageio.ImageIO

/** A clock the test moves by hand, in Unix milliseconds. */
class TestClock(var millis: Long) : WallClock {
    override fun nowMillis(): Long = millis
    fun setSeconds(unix: Long) {
        millis = unix * 1000
    }
}

const val T0 = 1_700_000_000L

fun newVault(dir: File, clock: WallClock): KulcsVault = KulcsVault.create(File(dir, "vault.kulcs"), JvmKeyStore.inMemory(), clock)

/** The example enrolment PNG as a camera would hand it over: a direct Y plane with padded rows. */
class LumaFrame(val plane: ByteBuffer, val width: Int, val height: Int, val rowStride: Int)

fun enrolmentFrame(): LumaFrame = lumaFrame(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())

/** Any PNG/JPEG as a camera Y plane with padded rows. */
fun lumaFrame(imageBytes: ByteArray): LumaFrame {
    val image = ImageIO.read(java.io.ByteArrayInputStream(imageBytes))
    val stride = image.width + 16
    val plane = ByteBuffer.allocateDirect(stride * image.height)
    for (y in 0 until image.height) for (x in 0 until image.width) {
        val rgb = image.getRGB(x, y)
        val luma = (299 * ((rgb shr 16) and 0xff) + 587 * ((rgb shr 8) and 0xff) + 114 * (rgb and 0xff)) / 1000
        plane.put(y * stride + x, luma.toByte())
    }
    return LumaFrame(plane, image.width, image.height, stride)
}

/** The TOTP/SHA1/6/30 code of a base32 key at a Unix time, straight from core. */
fun codeOf(base32: String, unix: Long): String = SetupKey.fromBase32(base32).use { it.codeAt(defaultOtpParams(), unix) }
