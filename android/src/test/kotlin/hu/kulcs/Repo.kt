//! Owns test access to the repository: shared vectors, the example image, the QR corpus.
package hu.kulcs

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.OtpAlgorithm
import hu.kulcs.ffi.OtpKind
import hu.kulcs.ffi.OtpParams
import org.json.JSONObject
import java.io.File

object Repo {
    /** The repository root (set by the POM); `../shared` lies beside it in CI. */
    val root: File = File(System.getProperty("kulcs.repo.root") ?: "..").canonicalFile

    fun file(path: String): File = File(root, path)

    fun vectors(name: String): JSONObject = JSONObject(file("tests/vectors/$name").readText())

    /** The code `kulcs code --qr examples/ugyfelkapu-enrolment.png --at 1700000000` prints. */
    const val ENROLMENT_CODE_AT_1700000000 = "461751"
}

fun JSONObject.otpParams(): OtpParams = OtpParams(
    kind = OtpKind.valueOf(getString("kind").uppercase()),
    algorithm = OtpAlgorithm.valueOf(getString("algorithm").uppercase()),
    digits = getInt("digits").toUByte(),
    period = getInt("period").toUInt(),
    counter = getLong("counter").toULong(),
)

/** Core's variant name of this kind ("InvalidCharacter"), as the shared vectors spell it. */
val ErrorKind.coreName: String get() = name.split('_').joinToString("") { it.lowercase().replaceFirstChar(Char::uppercase) }

fun org.json.JSONArray.objects(): List<JSONObject> = (0 until length()).map { getJSONObject(it) }
