//! The flows that matter, driven through the view-models as a view would drive them.
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.ErrorKind
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

class ScreenFlowsTest {
    @TempDir
    lateinit var dir: File

    private val clock = TestClock(T0 * 1000)

    @Test
    fun typedUgyfelkapuKeyConfirmedByItsCodeThenTorlokodInTheNote() {
        newVault(dir, clock).use { vault ->
            val add = AddByKeyViewModel(vault)
            add.selectPreset(KeyPreset.UGYFELKAPU)
            add.setLabel("kovacs.janos")
            add.setKey("kulc spel daku lcs2")
            var s = add.state.value
            assertNull(s.keyError)
            assertEquals(80, s.keyBits)
            assertEquals("KULC SPEL DAKU LCS2", s.keyGrouped)
            val code = codeOf("KULCSPELDAKULCS2", T0)
            assertEquals(code, s.preview!!.code)
            assertFalse(s.canSave, "not before the code was typed back")

            add.confirmCode("000000".takeIf { it != code } ?: "111111")
            assertEquals(Confirmation.MISMATCH, add.state.value.confirmation)
            add.confirmCode(code.substring(0, 3) + " " + code.substring(3))
            assertEquals(Confirmation.CONFIRMED, add.state.value.confirmation)
            add.save()
            s = add.state.value
            assertTrue(s.saved is AddOutcome.Added)
            val id = s.savedId!!

            val detail = AccountDetailViewModel(vault, id)
            assertEquals("Ügyfélkapu+", detail.state.value.row!!.issuer)
            assertEquals("kovacs.janos@ugyfelkapu.gov.hu", detail.state.value.row!!.label)
            assertFalse(detail.state.value.row!!.hasNote)
            detail.saveNote("törlőkód: 4KQ7-9WZX-PM2R")
            assertTrue(detail.state.value.row!!.hasNote)
            assertNull(detail.state.value.noteShown, "the note is hidden until asked for")
            detail.showNote()
            assertEquals("törlőkód: 4KQ7-9WZX-PM2R", detail.state.value.noteShown)
        }
    }

    @Test
    fun aMistypedKeyIsExplainedByCore() {
        newVault(dir, clock).use { vault ->
            val add = AddByKeyViewModel(vault)
            add.setKey("kulc spel daku lcs1")
            val e = add.state.value.keyError!!
            assertEquals("key", e.field)
            assertEquals(ErrorKind.INVALID_CHARACTER, e.kind)
            assertNull(add.state.value.preview)
            add.setKey("kulc spel daku lcs2")
            assertNull(add.state.value.keyError)
        }
    }

    @Test
    fun anotherServiceNeedsAnIssuerAndIsSavedWithDefaultParams() {
        newVault(dir, clock).use { vault ->
            val add = AddByKeyViewModel(vault)
            add.selectPreset(KeyPreset.OTHER)
            add.setKey("JBSW Y3DP EHPK 3PXP")
            add.setLabel("alice")
            add.confirmCode(codeOf("JBSWY3DPEHPK3PXP", T0 - 30))
            assertEquals(Confirmation.CONFIRMED, add.state.value.confirmation, "the previous step is accepted too")
            assertFalse(add.state.value.canSave)
            add.setIssuer("Example")
            add.save()
            val row = CodeListViewModel(vault, clock).also { it.refresh() }.state.value.rows.single()
            assertEquals("Example" to "alice", row.issuer to row.label)
        }
    }

    @Test
    fun twoEntriesWithOneNameDuplicatesAndVerifyFindTheLiveOne() {
        newVault(dir, clock).use { vault ->
            val old = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
            val live = "KULCSPELDAKULCS2"
            val first = vault.addUri("otpauth://totp/Bank:anna?secret=$old&issuer=Bank") as AddOutcome.Added
            clock.millis += 60_000
            val second = vault.addUri("otpauth://totp/Bank:anna?secret=$live&issuer=Bank") as AddOutcome.AddedWithConflict
            assertEquals(listOf(first.id), second.conflictsWith)

            val list = CodeListViewModel(vault, clock).also { it.refresh() }
            assertEquals(1, list.state.value.duplicateGroups)

            val dups = DuplicatesViewModel(vault)
            val group = dups.state.value.groups.single()
            assertEquals(listOf(second.id, first.id), group.entries.map { it.id })
            assertEquals(second.id, group.newestId)

            dups.verify(codeOf(live, clock.millis / 1000))
            assertEquals(setOf(second.id), dups.state.value.liveIds)
            dups.keepOnly(second.id)
            assertTrue(dups.state.value.groups.isEmpty())
            list.refresh()
            assertEquals(listOf(second.id), list.state.value.rows.map { it.id })
            assertEquals(0, list.state.value.duplicateGroups)
        }
    }

    @Test
    fun keepOnlyIsOneChange() {
        newVault(dir, clock).use { vault ->
            val keys = listOf("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXP", "KULCSPELDAKULCS2")
            val ids = keys.map { key ->
                clock.millis += 1_000
                when (val o = vault.addUri("otpauth://totp/Bank:anna?secret=$key&issuer=Bank")) {
                    is AddOutcome.Added -> o.id
                    is AddOutcome.AddedWithConflict -> o.id
                    is AddOutcome.AlreadyPresent -> error("$key is new")
                }
            }
            var changes = 0
            vault.onChanged = { changes++ }
            val dups = DuplicatesViewModel(vault)
            assertEquals(ids.reversed(), dups.state.value.groups.single().entries.map { it.id })
            dups.keepOnly(ids.last())
            assertEquals(1, changes, "keep only this one is one atomic save (core's keep_only), not one delete per entry")
            assertEquals(listOf(ids.last()), CodeListViewModel(vault, clock).also { it.refresh() }.state.value.rows.map { it.id })
        }
    }

    @Test
    fun rowsAreNamedByCoresDisplayName() {
        newVault(dir, clock).use { vault ->
            vault.addUri("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP")
            vault.addUri("otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank")
            val rows = CodeListViewModel(vault, clock).also { it.refresh() }.state.value.rows
            // core's credential::display_name: "issuer (label)", or the one that is not empty.
            assertEquals(listOf("Bank (anna)", "alice"), rows.map { it.displayName }.sorted())
        }
    }

    @Test
    fun aClockTwoMinutesSlowIsFixedByTheOffset() {
        clock.setSeconds(T0 - 120)
        newVault(dir, clock).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            val list = CodeListViewModel(vault, clock).also { it.refresh() }
            assertNotEquals(Repo.ENROLMENT_CODE_AT_1700000000, list.state.value.rows.single().code)

            val settings = SettingsViewModel(vault, MemoryPreferences())
            assertEquals(0L, settings.state.value.clockOffsetSeconds)
            settings.adjustClockOffset(+30)
            settings.setClockOffset(120)
            assertEquals(120L, settings.state.value.clockOffsetSeconds)
            list.refresh()
            assertEquals(Repo.ENROLMENT_CODE_AT_1700000000, list.state.value.rows.single().code)
            assertEquals(120L, SettingsViewModel(vault, MemoryPreferences()).state.value.clockOffsetSeconds, "kept in the vault")

            settings.setClockOffset(200L * 366 * 86_400)
            assertEquals(ErrorKind.CLOCK_OFFSET_OUT_OF_RANGE, settings.state.value.error!!.kind, "core bounds the offset")
            assertEquals(120L, settings.state.value.clockOffsetSeconds)
        }
    }

    @Test
    fun nearExpiryTheNextCodeIsShownWithTextCountdown() {
        clock.setSeconds(T0 - 15)
        newVault(dir, clock).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            val list = CodeListViewModel(vault, clock).also { it.refresh() }
            var row = list.state.value.rows.single()
            assertEquals(25u, row.secondsLeft) // the step runs 1699999980..1700000010
            assertNull(row.nextGrouped)
            clock.setSeconds(T0 + 8)
            list.refresh()
            row = list.state.value.rows.single()
            assertEquals(2u, row.secondsLeft)
            assertEquals(28f / 30f, row.progress, 1e-6f, "core's progress is the fraction elapsed")
            val nextRaw = codeOfImageAt(vault, T0 + 10)
            assertEquals(nextRaw.chunked(3).joinToString(" "), row.nextGrouped)
            assertEquals(nextRaw.toList().chunked(3).joinToString(", ") { it.joinToString(" ") }, row.nextSpoken)
        }
    }

    private fun codeOfImageAt(vault: hu.kulcs.KulcsVault, unix: Long): String {
        val saved = clock.millis
        clock.setSeconds(unix)
        return vault.codes().single().window.code.also { clock.millis = saved }
    }

    @Test
    fun settingsBackupPassphraseAndAppLock() {
        newVault(dir, clock).use { vault ->
            val prefs = MemoryPreferences()
            val settings = SettingsViewModel(vault, prefs)
            settings.setBackupPassphrase("hosszú jelmondat 2024", "hosszu jelmondat 2024")
            assertEquals(BackupStatus.MISMATCH, settings.state.value.backup)
            settings.setBackupPassphrase("abc", "abc")
            assertEquals(ErrorKind.PASSPHRASE_TOO_SHORT, settings.state.value.error!!.kind)
            settings.setBackupPassphrase("hosszú jelmondat 2024", "hosszú jelmondat 2024")
            assertEquals(BackupStatus.SAVED, settings.state.value.backup)
            settings.setAppLock(true)
            assertTrue(prefs.appLockEnabled)
            assertTrue(SettingsViewModel(vault, prefs).state.value.appLockEnabled)
        }
    }

    @Test
    fun detailRenameAndDelete() {
        newVault(dir, clock).use { vault ->
            val id = (vault.addUgyfelkapu("anna", "kulc spel daku lcs2") as AddOutcome.Added).id
            val detail = AccountDetailViewModel(vault, id)
            detail.rename("Ügyfélkapu+", "anna (régi telefon)")
            assertEquals("anna (régi telefon)", detail.state.value.row!!.label)
            detail.delete()
            assertTrue(detail.state.value.deleted)
            assertTrue(CodeListViewModel(vault, clock).also { it.refresh() }.state.value.isEmpty)
        }
    }
}
