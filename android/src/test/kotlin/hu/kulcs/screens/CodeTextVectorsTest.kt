//! The shared code-text vectors through the bindings, and core's rows built by the same rule:
//! what TalkBack reads (twin of Swift's CodeTextVectorsTests).
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.displayCode
import hu.kulcs.ffi.spokenCode
import hu.kulcs.objects
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

class CodeTextVectorsTest {
    @TempDir
    lateinit var dir: File

    @Test
    fun everyCodeIsShownAndSpokenByCoresRule() {
        val cases = Repo.vectors("code_text.json").getJSONArray("cases").objects()
        assertTrue(cases.size >= 8)
        for (case in cases) {
            val code = case.getString("code")
            assertEquals(case.getString("display"), displayCode(code), code)
            assertEquals(case.getString("spoken"), spokenCode(code), code)
        }
    }

    @Test
    fun everyRowCarriesItsCodeGroupedAndSpoken() {
        val clock = TestClock((T0 + 8) * 1000) // 2 s left: the next code is shown too
        newVault(dir, clock).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            vault.addUri("otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank&digits=8")
            val rows = CodeListViewModel(vault, clock).also { it.refresh() }.state.value.rows
            assertEquals(listOf(6, 8), rows.map { it.code.length })
            for (row in rows) {
                assertEquals(displayCode(row.code), row.codeGrouped)
                assertEquals(spokenCode(row.code), row.codeSpoken)
                assertEquals(displayCode(row.nextCode!!), row.nextGrouped)
                assertEquals(spokenCode(row.nextCode!!), row.nextSpoken)
            }
            assertEquals("4 6 1, 7 5 1", rows.first().codeSpoken, "the enrolment code of 1700000000, same step")
        }
    }
}
