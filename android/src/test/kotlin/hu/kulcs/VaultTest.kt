//! The enrolment scenario and the vault operations a phone app uses, through KulcsVault.
package hu.kulcs

import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KeyStoreFailure
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.VerifyMatch
import hu.kulcs.ffi.parseUri
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

class VaultTest {
    @TempDir
    lateinit var dir: File

    /** 2023-11-14 22:13:20 UTC, the time the CLI is asked about. */
    private val at = WallClock { 1_700_000_000_000L }
    private val vaultFile get() = File(dir, "vault.kulcs")

    @Test
    fun enrolmentImageGivesTheCliCode() {
        KulcsVault.create(vaultFile, JvmKeyStore.inMemory(), at).use { vault ->
            val outcome = vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            assertTrue(outcome.single() is AddOutcome.Added, "$outcome")
            val row = vault.codes().single()
            assertEquals("Ügyfélkapu+", row.issuer)
            assertEquals("kovacs.janos@ugyfelkapu.gov.hu", row.label)
            assertEquals(Repo.ENROLMENT_CODE_AT_1700000000, row.window.code)
        }
    }

    @Test
    fun typedKeyDuplicatesNotesVerifyAndDelete() {
        val keys = JvmKeyStore.inFile(File(dir, "device.key"))
        val id = KulcsVault.create(vaultFile, keys, at).use { vault ->
            val first = vault.addUgyfelkapu("kovacs.janos", "jbsw y3dp ehpk 3pxp") as AddOutcome.Added
            assertEquals(AddOutcome.AlreadyPresent(first.id), vault.addUgyfelkapu("kovacs.janos", "JBSW-Y3DP-EHPK-3PXP"))
            val second = vault.addUgyfelkapu("kovacs.janos", "KULCSPELDAKULCS2")
            assertEquals(listOf(first.id), (second as AddOutcome.AddedWithConflict).conflictsWith)
            assertEquals(1, vault.duplicates().size)
            vault.setNote(first.id, "törlőkód: 1234")
            vault.rename(first.id, "Ügyfélkapu+", "régi kulcs")
            val row = vault.codes().first { it.id == first.id }
            assertTrue(row.hasNote)
            assertTrue(VerifyMatch(first.id, 0) in vault.verify(row.window.code))
            vault.setPassphrase("correct horse")
            first.id
        }
        KulcsVault.open(vaultFile, keys, at).use { vault ->
            assertEquals("törlőkód: 1234", vault.note(id))
            vault.delete(id)
            assertThrows<KulcsException.NotFound> { vault.note(id) }
        }
        assertThrows<KulcsException.WrongKeyOrDamaged> { KulcsVault.openWithPassphrase(vaultFile, "wrong", at) }
        KulcsVault.openWithPassphrase(vaultFile, "correct horse", at).use { assertEquals(1, it.codes().size) }
    }

    @Test
    fun scannedEnrolmentIsAddedOnce() {
        KulcsVault.create(vaultFile, JvmKeyStore.inMemory(), at).use { vault ->
            val scanned = parseUri("otpauth://totp/Test:alice?secret=JBSWY3DPEHPK3PXP&issuer=Test")
            val added = vault.addScanned(scanned) as AddOutcome.Added
            assertEquals(AddOutcome.AlreadyPresent(added.id), vault.addScanned(scanned))
            assertEquals("alice", vault.codes().single().label)
        }
    }

    @Test
    fun existingVaultIsNeverReplaced() {
        KulcsVault.create(vaultFile, JvmKeyStore.inMemory(), at).close()
        assertTrue(KulcsVault.exists(vaultFile))
        val e = assertThrows<KulcsException.Storage> { KulcsVault.create(vaultFile, JvmKeyStore.inMemory(), at) }
        assertEquals(ErrorKind.ALREADY_EXISTS, e.kind)
    }

    @Test
    fun anotherDevicesKeyCannotOpenIt() {
        KulcsVault.create(vaultFile, JvmKeyStore.inMemory(), at).close()
        assertThrows<KulcsException.WrongKeyOrDamaged> { KulcsVault.open(vaultFile, JvmKeyStore.inMemory(), at) }
        val missing = assertThrows<KulcsException.KeyStore> {
            KulcsVault.open(vaultFile, JvmKeyStore.inFile(File(dir, "absent.key")), at)
        }
        assertEquals(KeyStoreFailure.KEY_MISSING, missing.failure)
        assertFalse(File(dir, "absent.key").exists())
    }

    @Test
    fun clockOffsetShiftsTheCode() {
        KulcsVault.create(vaultFile, JvmKeyStore.inMemory(), at).use { vault ->
            vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
            val now = vault.codes().single().window
            vault.clockOffsetSeconds = 30
            assertEquals(30L, vault.clockOffsetSeconds)
            assertEquals(now.next, vault.codes().single().window.code)
        }
    }
}
