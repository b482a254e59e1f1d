//! The shared code-text vectors through the bindings and CodeRow: what TalkBack reads.
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.CodeWindow
import hu.kulcs.ffi.OtpKind
import hu.kulcs.objects
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class CodeTextVectorsTest {
    @Test
    fun everyRowShowsAndSpeaksCodesByCoresRule() {
        val cases = Repo.vectors("code_text.json").getJSONArray("cases").objects()
        assertTrue(cases.size >= 8)
        for (case in cases) {
            val code = case.getString("code")
            val window = CodeWindow(code, code, 2u, 30u, 1uL, true)
            val row = CodeRow.from("id", "Issuer", "label", window, false, OtpKind.TOTP)
            assertEquals(case.getString("display"), row.code, code)
            assertEquals(case.getString("spoken"), row.spokenCode, code)
            assertEquals(case.getString("spoken"), row.spokenNext, code)
        }
    }
}
