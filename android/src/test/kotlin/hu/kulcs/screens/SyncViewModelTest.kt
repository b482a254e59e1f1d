//! The sync view model: a change triggers a round, start/resume sync, a failed round shows its
//! sentence, and the devices list shows this device and the merged ones.
package hu.kulcs.screens

import hu.kulcs.BANK
import hu.kulcs.FileSyncFolder
import hu.kulcs.MAIL
import hu.kulcs.joinBySyncTransfer
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.SyncFolder
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

class SyncViewModelTest {
    @TempDir
    lateinit var dirA: File

    @TempDir
    lateinit var dirB: File

    @TempDir
    lateinit var shared: File

    @Test
    fun aChangeTriggersASyncAndAFailedSyncShowsItsSentence() {
        val clock = TestClock(T0 * 1000)
        newVault(dirA, clock).use { a ->
            newVault(dirB, clock).use { b ->
                var folder: SyncFolder? = null
                val model = SyncViewModel(a, { folder }, clock)
                model.onStart()
                assertEquals(SyncSetup.NO_FOLDER, model.state.value.setup)
                folder = FileSyncFolder(shared)
                model.onFolderChosen()
                assertEquals(SyncSetup.NOT_IN_GROUP, model.state.value.setup)

                a.addUri(BANK)
                joinBySyncTransfer(a, b)
                model.onResume()
                assertEquals(SyncSetup.READY, model.state.value.setup)
                assertEquals(T0 * 1000, model.state.value.lastSyncMillis)
                assertEquals(listOf(a.deviceId), model.state.value.devices.filter { it.isThisDevice }.map { it.id })

                // A change on A is published without any explicit sync call.
                clock.millis += 5000
                a.addUri(MAIL)
                assertEquals(T0 * 1000 + 5000, model.state.value.lastSyncMillis)
                assertEquals(1, b.syncNow(FileSyncFolder(shared)).added.toInt())

                // B published; A's next round lists B among the devices.
                model.onResume()
                assertTrue(model.state.value.devices.any { it.id == b.deviceId && !it.isThisDevice }, "${model.state.value}")
                assertTrue(model.state.value.devices.first { it.id == b.deviceId }.lastSeenMillis != null)

                // B is lost: removing it syncs at once, and B reads nothing newer.
                val bId = b.deviceId
                model.removeDevice(bId)
                assertEquals(listOf(a.deviceId), model.state.value.devices.map { it.id })
                val removed = kotlin.runCatching { b.syncNow(FileSyncFolder(shared)) }.exceptionOrNull()
                assertEquals(ErrorKind.REMOVED, (removed as? KulcsException.Sync)?.kind, "$removed")

                // The folder goes away: the round fails, the state carries core's sentence.
                folder = object : SyncFolder by FileSyncFolder(shared) {
                    override fun list(): List<String> = throw java.io.IOException("the folder was unmounted")
                }
                clock.millis += 5000
                a.rename(a.codes().first().id, "Bank", "anna2")
                val failed = model.state.value
                assertEquals(ErrorKind.IO, failed.error?.kind)
                assertEquals("sync", failed.error?.field)
                assertTrue(failed.error!!.detail.contains("the folder was unmounted"), failed.error!!.detail)
                assertEquals(T0 * 1000 + 5000, failed.lastSyncMillis, "the last good round stays shown")

                folder = FileSyncFolder(shared)
                model.onResume()
                assertNull(model.state.value.error)
                model.close()
            }
        }
    }
}
