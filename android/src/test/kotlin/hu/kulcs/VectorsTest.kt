//! Runs the shared vectors in tests/vectors through the FFI, as Rust and Swift do.
package hu.kulcs

import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.SetupKey
import hu.kulcs.ffi.UriNote
import hu.kulcs.ffi.cleanKey
import hu.kulcs.ffi.parseUri
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class VectorsTest {
    @Test
    fun otpKnownAnswers() {
        val file = Repo.vectors("otp.json")
        val cases = file.getJSONArray("cases").objects()
        assertEquals(46, cases.size)
        for (case in cases) {
            SetupKey.fromHex(case.getString("secret_hex")).use { key ->
                assertEquals(case.getString("expected"), key.codeAt(case.otpParams(), case.getLong("time")), case.getString("name"))
            }
        }
        for (case in file.getJSONArray("errors").objects()) {
            SetupKey.fromHex(case.getString("secret_hex")).use { key ->
                val e = assertThrows<KulcsException.InvalidInput> { key.codeAt(case.otpParams(), case.getLong("time")) }
                assertEquals(case.getString("error"), e.kind.coreName, case.getString("name"))
            }
        }
    }

    @Test
    fun base32Cleaning() {
        val file = Repo.vectors("base32.json")
        for (case in file.getJSONArray("valid").objects()) {
            val input = case.getString("input")
            // cleanKey keeps the typed characters (trailing bits included); only parsing canonicalises.
            assertEquals(case.getString("canonical").length, cleanKey(input).length, input)
            SetupKey.fromBase32(input).use { key ->
                assertEquals(case.getString("bytes_hex"), key.revealHex(), input)
                assertEquals(case.getString("canonical"), key.revealBase32(), input)
                assertEquals(case.getString("grouped"), key.revealGrouped(), input)
            }
        }
        for (case in file.getJSONArray("invalid").objects()) {
            val input = case.getString("input")
            val e = assertThrows<KulcsException.InvalidInput>(input) { SetupKey.fromBase32(input) }
            assertEquals("key" to case.getString("error"), e.field to e.kind.coreName, input)
            assertEquals(e.kind, assertThrows<KulcsException.InvalidInput>(input) { cleanKey(input) }.kind, input)
        }
    }

    @Test
    fun otpauthParsing() {
        val file = Repo.vectors("otpauth.json")
        for (case in file.getJSONArray("valid").objects()) {
            val uri = case.getString("uri")
            val expect = case.getJSONObject("expect")
            val parsed = parseUri(uri)
            val p = parsed.params
            assertEquals(expect.getString("type"), p.kind.name.lowercase(), uri)
            assertEquals(expect.getString("issuer"), parsed.issuer, uri)
            assertEquals(expect.getString("label"), parsed.label, uri)
            assertEquals(expect.getString("secret_base32"), parsed.key.revealBase32(), uri)
            assertEquals(expect.getString("algorithm"), p.algorithm.name, uri)
            assertEquals(expect.getInt("digits"), p.digits.toInt(), uri)
            if (expect.getString("type") == "hotp") {
                assertEquals(expect.getLong("counter"), p.counter.toLong(), uri)
            } else {
                assertEquals(expect.getInt("period"), p.period.toInt(), uri)
            }
            val want = case.optJSONArray("notes")?.let { a -> (0 until a.length()).map(a::getString) } ?: emptyList()
            val got = parsed.notes.map { note ->
                when (note) {
                    is UriNote.IssuerMismatch -> "IssuerMismatch"
                    is UriNote.UnknownParameters -> "UnknownParameters"
                }
            }
            assertEquals(want.sorted(), got.sorted(), "notes of $uri")
            parsed.key.close()
        }
        for (case in file.getJSONArray("invalid").objects()) {
            val uri = case.getString("uri")
            val e = assertThrows<KulcsException.InvalidInput>(uri) { parseUri(uri) }
            assertEquals("uri" to case.getString("error"), e.field to e.kind.coreName, uri)
        }
    }
}
