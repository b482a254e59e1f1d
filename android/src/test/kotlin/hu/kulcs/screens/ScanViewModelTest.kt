//! The scan screen: the live camera path (the example PNG as a padded Y plane), a picked or
//! shared image, and what core refuses (twin of Swift's ScanViewModelTests).
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.ScanHint
import hu.kulcs.ffi.qrPng
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

class ScanViewModelTest {
    @TempDir
    lateinit var dir: File

    private val clock = TestClock(T0 * 1000)

    @Test
    fun scanningTheEnrolmentImageShowsItsCodeThenTheListHasIt() {
        newVault(dir, clock).use { vault ->
            val list = CodeListViewModel(vault, clock)
            list.refresh()
            assertTrue(list.state.value.isEmpty, "a new vault opens to the empty list")

            ScanViewModel(vault).use { scan ->
                val frame = enrolmentFrame()
                // The live scanner spends a small budget per frame; a camera sends many frames.
                var frames = 0
                while (scan.wantsFrames && frames < 60) {
                    scan.onFrame(frame.plane, frame.width, frame.height, frame.rowStride, 0)
                    frames++
                }
                val found = scan.state.value as ScanState.Found
                assertEquals("461 751", found.code)
                assertEquals("4 6 1, 7 5 1", found.spokenCode)
                assertEquals("Ügyfélkapu+", found.issuer)

                scan.confirm()
                val added = scan.state.value as ScanState.Added
                assertEquals(listOf("461 751"), added.rows.map { it.codeGrouped })
            }
            list.refresh()
            val row = list.state.value.rows.single()
            assertEquals(Repo.ENROLMENT_CODE_AT_1700000000, row.code)
            assertEquals("4 6 1, 7 5 1", row.codeSpoken)
            assertEquals(Repo.ENROLMENT_CODE_AT_1700000000, list.copy(row.id))
        }
    }

    @Test
    fun aPickedImageIsAddedDirectlyAndAgainIsAlreadyPresent() {
        newVault(dir, clock).use { vault ->
            ScanViewModel(vault).use { scan ->
                val png = Repo.file("examples/ugyfelkapu-enrolment.png").readBytes()
                scan.addImage(png)
                assertEquals(listOf("461 751"), (scan.state.value as ScanState.Added).rows.map { it.codeGrouped })
                scan.addImage(png)
                assertEquals(1, (scan.state.value as ScanState.Added).alreadyPresent)
                scan.addImage(byteArrayOf(1, 2, 3))
                assertEquals("image", (scan.state.value as ScanState.Failed).error.field)
                scan.rescan()
                assertEquals(ScanState.Scanning(ScanHint.NO_CODE), scan.state.value)
            }
        }
    }

    @Test
    fun aWebAddressIsRefusedByCoreAndAnEnrolmentTextIsShownFirst() {
        newVault(dir, clock).use { vault ->
            ScanViewModel(vault).use { scan ->
                scan.onText("https://example.com")
                assertEquals(ScanState.NotEnrolment(null, ErrorKind.NOT_AN_ENROLMENT), scan.state.value)
                scan.rescan()
                scan.onText("otpauth://totp/Test:alice?secret=JBSWY3DPEHPK3PXP")
                val found = scan.state.value as ScanState.Found
                assertEquals("alice", found.label)
                assertEquals(codeOf("JBSWY3DPEHPK3PXP", T0).chunked(3).joinToString(" "), found.code)
                scan.rescan()
                scan.onText("otpauth://totp/Test:alice?issuer=Test")
                assertEquals(ScanState.NotEnrolment(null, ErrorKind.MISSING_SECRET), scan.state.value)
            }
        }
    }

    @Test
    fun aGoogleExportIsImportedBatchByBatch() {
        newVault(File(dir, "old").apply { mkdirs() }, clock).use { old ->
            // Twelve different keys (core treats one key under two names as the same account).
            for ((i, c) in "ABCDEFGHIJKL".withIndex()) old.addUri("otpauth://totp/Bolt:user$i?secret=JBSWY3DPEHPK3PX$c&issuer=Bolt")
            assertEquals(12, old.codeRows().size)
            val texts = old.exportGoogle()
            assertEquals(2, texts.size, "ten accounts per code")
            newVault(File(dir, "new").apply { mkdirs() }, clock).use { new ->
                ScanViewModel(new).use { scan ->
                    scan.onText(texts[1])
                    assertEquals(ScanState.MigrationProgress(read = 1, count = 2), scan.state.value, "batch 1/2")
                    assertTrue(scan.wantsFrames, "the camera goes on for the next code")
                    scan.onText(texts[1])
                    assertEquals(ScanState.MigrationProgress(read = 1, count = 2), scan.state.value, "a re-scan is harmless")
                    scan.onText(texts[0])
                    val added = scan.state.value as ScanState.Added
                    assertEquals(12, added.rows.size)
                    assertEquals(old.codeRows().map { it.displayName to it.code }.toSet(), added.rows.map { it.displayName to it.code }.toSet())
                }
            }
        }
    }

    @Test
    fun theSharedMigrationVectorIsImported() {
        val vector = Repo.vectors("migration.json").getJSONArray("imports").getJSONObject(0)
        newVault(dir, clock).use { vault ->
            ScanViewModel(vault).use { scan ->
                scan.onText(vector.getString("uri"))
                val row = (scan.state.value as ScanState.Added).rows.single()
                assertEquals("Example (alice@google.com)", row.displayName)
                assertEquals(codeOf("JBSWY3DPEHPK3PXP", T0), row.code)
            }
        }
    }

    @Test
    fun aGoogleExportSeenByTheCameraIsImported() {
        newVault(File(dir, "old").apply { mkdirs() }, clock).use { old ->
            old.addUri("otpauth://totp/Bolt:anna?secret=JBSWY3DPEHPK3PXP&issuer=Bolt")
            val text = old.exportGoogle().single()
            newVault(File(dir, "new").apply { mkdirs() }, clock).use { new ->
                ScanViewModel(new).use { scan ->
                    val frame = lumaFrame(qrPng(text, 4u))
                    scan.onFrame(frame.plane, frame.width, frame.height, frame.rowStride, 0)
                    val added = scan.state.value as? ScanState.Added
                        ?: error("the camera's Google export code was not imported: ${scan.state.value}")
                    assertEquals(listOf("Bolt (anna)"), added.rows.map { it.displayName })
                }
            }
        }
    }
}
