//! The parity rows of docs/apps.md that no other test covers, and the check that no rule a user
//! could notice is left in the Kotlin shell (issue 12: every such rule is core's).
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.ErrorKind
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

class ParityTest {
    @TempDir
    lateinit var dir: File

    private val clock = TestClock(T0 * 1000)

    private fun AddOutcome.id(): String = when (this) {
        is AddOutcome.Added -> id
        is AddOutcome.AddedWithConflict -> id
        is AddOutcome.AlreadyPresent -> id
    }

    private fun enrolment(vault: hu.kulcs.KulcsVault): String =
        vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes()).single().id()

    @Test
    fun searchAndGroupFilterTheList() {
        newVault(dir, clock).use { vault ->
            val ugyfelkapu = enrolment(vault)
            val bank = vault.addUri("otpauth://totp/Bank:anna?secret=JBSWY3DPEHPK3PXP&issuer=Bank").id()
            AccountDetailViewModel(vault, bank).setGroups(listOf("Pénz"))
            val list = CodeListViewModel(vault, clock).also { it.refresh() }
            assertEquals(listOf("Pénz"), list.state.value.groups)

            list.setQuery("ugyfel")
            assertEquals(listOf(ugyfelkapu), list.state.value.rows.map { it.id }, "accents and case ignored by core")
            list.setQuery("penz")
            assertEquals(listOf(bank), list.state.value.rows.map { it.id }, "groups are searched too")
            list.setQuery(null)
            list.setGroup("Pénz")
            assertEquals(listOf(bank), list.state.value.rows.map { it.id })
            list.setQuery("ugyfel")
            assertTrue(list.state.value.rows.isEmpty(), "${list.state.value.rows.map { it.displayName }}")
            assertFalse(list.state.value.isEmpty, "no match is not an empty vault")
            list.setGroup(null)
            list.setQuery("")
            assertEquals(setOf(ugyfelkapu, bank), list.state.value.rows.map { it.id }.toSet())
        }
    }

    @Test
    fun groupsAreSetOnTheDetailScreen() {
        newVault(dir, clock).use { vault ->
            val detail = AccountDetailViewModel(vault, enrolment(vault))
            assertEquals(emptyList<String>(), detail.state.value.groups)
            detail.setGroups(listOf(" Állam ", "Fejlesztés", "Állam"))
            assertEquals(listOf("Állam", "Fejlesztés"), detail.state.value.groups, "core trims and drops repeats")
            assertEquals(listOf("Állam", "Fejlesztés"), vault.groups())
            detail.setGroups(emptyList())
            assertEquals(emptyList<String>(), detail.state.value.groups)
        }
    }

    @Test
    fun calibrationFindsTheOffsetFromOneCode() {
        clock.setSeconds(T0 - 120) // the phone is two minutes slow
        newVault(dir, clock).use { vault ->
            val id = enrolment(vault)
            val settings = SettingsViewModel(vault, MemoryPreferences())
            settings.calibrate(id, "461 751") // what the site (or a right clock) shows now
            assertEquals(120L, settings.state.value.calibrated)
            assertEquals(120L, settings.state.value.clockOffsetSeconds)
            assertEquals(Repo.ENROLMENT_CODE_AT_1700000000, CodeListViewModel(vault, clock).also { it.refresh() }.state.value.rows.single().code)

            settings.calibrate(id, "12")
            assertNull(settings.state.value.calibrated)
            assertEquals("clock_offset", settings.state.value.error!!.field)
            assertEquals(120L, vault.clockOffsetSeconds, "a refused calibration keeps the offset")
        }
    }

    @Test
    fun hotpMovesToTheNextCounter() {
        newVault(dir, clock).use { vault ->
            // RFC 4226 appendix D: "12345678901234567890", counters 0 and 1.
            val id = vault.addUri("otpauth://hotp/Test:h?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=0&issuer=Test").id()
            val list = CodeListViewModel(vault, clock).also { it.refresh() }
            assertEquals("755224" to 0uL, list.state.value.rows.single().let { it.code to it.counter })
            list.nextCounterCode(id)
            assertEquals("287082" to 1uL, list.state.value.rows.single().let { it.code to it.counter })
            assertEquals(0u, list.state.value.rows.single().period, "no countdown for a counter")
        }
    }

    @Test
    fun theTypedCodeIsConfirmedByItselfAtCoresDigitCount() {
        newVault(dir, clock).use { vault ->
            val add = AddByKeyViewModel(vault)
            add.setKey("kulc spel daku lcs2")
            val code = codeOf("KULCSPELDAKULCS2", T0)
            add.codeTyped(code.take(3) + " " + code.substring(3, 5))
            assertEquals(Confirmation.NOT_YET, add.state.value.confirmation, "five digits are not a code yet")
            add.codeTyped(code.take(3) + " " + code.substring(3))
            assertEquals(Confirmation.CONFIRMED, add.state.value.confirmation, "the sixth digit checks it")
            add.setLabel("\u2003")
            assertFalse(add.state.value.canSave, "an em space is blank to core")
            add.setLabel("kovacs.janos")
            assertTrue(add.state.value.canSave)
            add.setKey("")
            assertNull(add.state.value.keyError, "an empty field is not an error yet")
            add.setKey("kulc spel daku lcs1")
            assertEquals(ErrorKind.INVALID_CHARACTER, add.state.value.keyError!!.kind)
        }
    }

    /** A rule issue 12 found in the shells, how its copy in Kotlin source looks, and where (a path part). */
    private class ShellRule(val what: String, val pattern: Regex, val onlyIn: String? = null, val allowed: Regex? = null)

    private val shellRules = listOf(
        ShellRule("degrees to rotation (core: rotationFromDegrees)", Regex("""floorMod\([^)]*,\s*360\)""")),
        ShellRule("clock offset added in the shell (core: codeRows / correctedTime)", Regex("""\+\s*(vault\.)?clockOffsetSeconds|\+\s*offset\b""")),
        ShellRule("keep only by deleting one by one (core: keepOnly)", Regex("""forEach\s*\{\s*vault\.delete""")),
        ShellRule("canSave's own blank rule (core: canSaveKey)", Regex("""\.isNotBlank\(\)|\.isBlank\(\)"""), onlyIn = "/AddByKeyViewModel.kt"),
        ShellRule("a delay or digit count defined in the shell (core: clipboardClearSeconds / autoConfirmDigits)", Regex("""const val \w+ = \d+"""), onlyIn = "/screens/",
            // The contract puts the sparing announcement (at 5 s left) in the view-models; core has no such constant.
            allowed = Regex("""const val ANNOUNCE_AT = 5\b""")),
        ShellRule("the display name built in the shell (core: CodeRow.displayName)", Regex("""\(\$\{?label""")),
        ShellRule("an error kind as a string (core: ErrorKind)", Regex("""UiError\("|kind == "|setOf\("[A-Z]""")),
    )

    @Test
    fun noUserVisibleRuleIsLeftInTheShell() {
        val sources = Repo.file("android/src/main/kotlin").walkTopDown().filter { it.isFile && it.extension == "kt" }.toList()
        val found = sources.flatMap { file ->
            file.readLines().withIndex().flatMap { (n, line) ->
                shellRules.filter { (it.onlyIn == null || it.onlyIn in file.invariantSeparatorsPath) && it.pattern.containsMatchIn(line) && it.allowed?.containsMatchIn(line) != true }
                    .map { "${file.canonicalFile.toRelativeString(Repo.root)}:${n + 1}: ${it.what}: ${line.trim()}" }
            }
        }
        assertEquals(emptyList<String>(), found, found.joinToString("\n"))
    }
}
