//! Another app's export file through the FFI: read, listed for a preview, imported all at once
//! with its notes and groups, and typed errors for a password, a wrong password and junk; the
//! exports a user leaves with, and a Kulcs backup restored into a fresh vault.
package hu.kulcs

import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.ExportFormat
import hu.kulcs.ffi.ImportFile
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.SheetLanguage
import hu.kulcs.ffi.backupInfo
import hu.kulcs.ffi.errorMessageKey
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

class ImportTest {
    @TempDir
    lateinit var dir: File

    private val at = WallClock { 1_700_000_000_000L }

    /** An Aegis plain export of our own: the Ügyfélkapu+ account with its törlőkód, and an mOTP entry. */
    private val aegis = """
        {"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"groups":[{"uuid":"g1","name":"Család"}],
         "entries":[
          {"type":"totp","uuid":"a","name":"kovacs.janos@ugyfelkapu.gov.hu","issuer":"Ügyfélkapu+","note":"törlőkód: 1234",
           "favorite":true,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30},"groups":["g1"]},
          {"type":"motp","uuid":"b","name":"old","issuer":"Bank","note":"","info":{"secret":"abcd","pin":"1234"},"groups":[]}
         ]}}
    """.trimIndent().toByteArray()

    @Test
    fun aegisExportIsPreviewedThenImportedWithNoteAndGroups() {
        val file = ImportFile.read(aegis, null)
        assertEquals("Aegis", file.appName())
        val entry = file.accounts().single()
        assertEquals("Ügyfélkapu+", entry.issuer)
        assertEquals(listOf("Család"), entry.groups)
        assertTrue(entry.hasNote && entry.favourite)
        val refused = file.refused().single()
        assertEquals(ErrorKind.UNSUPPORTED_TYPE, refused.kind, refused.reason)
        KulcsVault.create(File(dir, "v.kulcs"), JvmKeyStore.inMemory(), at).use { vault ->
            val added = vault.importFile(file).single() as AddOutcome.Added
            assertEquals("törlőkód: 1234", vault.note(added.id))
            assertEquals(AddOutcome.AlreadyPresent(added.id), vault.importFile(file).single())
            assertEquals(1, vault.codes().size)
        }
    }

    @Test
    fun encryptedAegisExportAsksForItsPassword() {
        val bytes = Repo.file("../shared/fixtures/imports/aegis_encrypted.json").readBytes()
        val needed = assertThrows<KulcsException.InvalidInput> { ImportFile.read(bytes, null) }
        assertEquals(ErrorKind.IMPORT_PASSWORD_NEEDED, needed.kind)
        assertEquals("password", needed.field)
        val wrong = assertThrows<KulcsException.InvalidInput> { ImportFile.read(bytes, "wrong") }
        assertEquals(ErrorKind.IMPORT_WRONG_PASSWORD, wrong.kind)
        assertTrue(ImportFile.read(bytes, "test").accounts().isNotEmpty())
    }

    @Test
    fun passwordWrongPasswordAndJunkAreTypedErrors() {
        val junk = assertThrows<KulcsException.InvalidInput> { ImportFile.read("hello".toByteArray(), null) }
        assertEquals(ErrorKind.IMPORT_UNRECOGNISED, junk.kind)
        assertEquals("import_error_unrecognised", errorMessageKey(junk))
        val broken = assertThrows<KulcsException.InvalidInput> { ImportFile.read(aegis.copyOf(aegis.size / 2), null) }
        assertTrue(broken.kind in setOf(ErrorKind.IMPORT_DAMAGED, ErrorKind.IMPORT_UNRECOGNISED), "${broken.kind}")
    }

    @Test
    fun kulcsBackupRestoresEveryNoteIntoAFreshVaultAndAegisExportReimports() {
        val backup: ByteArray
        val aegisFile: ByteArray
        KulcsVault.create(File(dir, "old.kulcs"), JvmKeyStore.inMemory(), at).use { vault ->
            val added = vault.importFile(ImportFile.read(aegis, null)).single() as AddOutcome.Added
            assertEquals("törlőkód: 1234", vault.note(added.id))
            backup = vault.exportFile(ExportFormat.KULCS_BACKUP, "hosszú jelszó")
            aegisFile = vault.exportFile(ExportFormat.AEGIS_ENCRYPTED, "hosszú jelszó")
            assertThrows<KulcsException.InvalidInput> { vault.exportFile(ExportFormat.KULCS_BACKUP, "rövid") }
        }
        assertEquals(1u, backupInfo(backup, "hosszú jelszó").accounts)
        assertThrows<KulcsException.WrongKeyOrDamaged> { backupInfo(backup, "wrong passphrase") }
        assertEquals("Ügyfélkapu+", ImportFile.read(aegisFile, "hosszú jelszó").accounts().single().issuer)
        KulcsVault.create(File(dir, "new.kulcs"), JvmKeyStore.inMemory(), at).use { vault ->
            val restored = vault.restoreBackup(backup, "hosszú jelszó").single() as AddOutcome.Added
            assertEquals("törlőkód: 1234", vault.note(restored.id))
            assertEquals(AddOutcome.AlreadyPresent(restored.id), vault.restoreBackup(backup, "hosszú jelszó").single())
        }
    }

    @Test
    fun automaticBackupsFollowEveryChangeKeepTheLastNAndTestThePassphrase() {
        val folderDir = File(dir, "backups").apply { mkdirs() }
        val folder = FileSyncFolder(folderDir)
        fun ours() = folderDir.list()!!.filter { it.startsWith("kulcs-backup-") && it.endsWith(".kulcsbak") }.sorted()
        KulcsVault.create(File(dir, "auto.kulcs"), JvmKeyStore.inMemory(), at).use { vault ->
            assertEquals(null, vault.autoBackupStatus())
            val first = vault.setAutoBackup(folderDir.path, 2, "hosszú jelszó", folder)
            assertEquals(null, first.failureReason)
            assertEquals(ours().single(), first.lastName)
            val added = vault.importFile(ImportFile.read(aegis, null)).single() as AddOutcome.Added
            vault.setNote(added.id, "törlőkód: 5678")
            assertEquals(2, ours().size, "the last 2 kept")
            val newest = File(folderDir, ours().last()).readBytes()
            assertEquals(1u, backupInfo(newest, "hosszú jelszó").accounts)
            assertThrows<KulcsException.WrongKeyOrDamaged> { vault.testBackupPassphrase(folder, "rossz jelszó!") }
            val tested = vault.testBackupPassphrase(folder, "hosszú jelszó")
            assertEquals(ours().last(), tested.name)
            assertEquals(false, vault.autoBackupStatus()!!.testDue)
            vault.turnOffAutoBackup()
            assertEquals(null, vault.autoBackupStatus())
        }
    }

    @Test
    fun theEmergencySheetCarriesANewRecoveryCodeThatOpensTheVault() {
        val path = File(dir, "sheet.kulcs")
        val code: String
        KulcsVault.create(path, JvmKeyStore.inMemory(), at).use { vault ->
            vault.importFile(ImportFile.read(aegis, null))
            val sheet = vault.emergencySheet(SheetLanguage.HUNGARIAN, true, "2026-12-02")
            assertEquals("%PDF-", String(sheet.pdf.copyOfRange(0, 5)))
            assertEquals(1u, sheet.pages)
            code = sheet.recoveryCode!!
            assertEquals(null, vault.emergencySheet(SheetLanguage.ENGLISH, false, "2026-12-02").recoveryCode)
        }
        KulcsVault.openWithRecoveryCode(path, code, at).use { assertEquals(1, it.codes().size) }
    }
}
