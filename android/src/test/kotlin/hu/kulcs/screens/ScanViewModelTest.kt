//! The scan screen: the live camera path (the example PNG as a padded Y plane), a picked or
//! shared image, and what core refuses (twin of Swift's ScanViewModelTests).
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.ScanHint
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
}
