//! Two vaults syncing through a temp-dir SyncFolder (core's rules over the bindings): adds and
//! deletes travel both ways; a hostile folder gives report entries or a typed error, no crash.
package hu.kulcs

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.SyncFolder
import hu.kulcs.screens.TestClock
import hu.kulcs.screens.T0
import hu.kulcs.screens.VaultTransferReceiver
import hu.kulcs.screens.VaultTransferSender
import hu.kulcs.screens.newVault
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

const val BANK = "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank"
const val MAIL = "otpauth://totp/Mail:anna?secret=JBSWY3DPEHPK3PXP&issuer=Mail"

/** A sync transfer from [old] to [new] through the bindings: [new] joins [old]'s group. */
fun joinBySyncTransfer(old: KulcsVault, new: KulcsVault) {
    VaultTransferReceiver(new).use { receiver ->
        VaultTransferSender(old, withSync = true).use { sender ->
            sender.scanOffer(receiver.offerText)
            val frames = sender.confirm(receiver.revealCode())
            frames.forEach { receiver.accept(it) }
            receiver.importAll()
        }
    }
}

/** Wraps a folder and throws a plain (non-Kulcs) exception when [name] is read. */
class ThrowingOnRead(private val inner: SyncFolder, private val name: String) : SyncFolder by inner {
    override fun read(name: String, maxBytes: ULong): ByteArray =
        if (name == this.name) throw IllegalStateException("disk on fire") else inner.read(name, maxBytes)
}

class SyncTest {
    @TempDir
    lateinit var dirA: File

    @TempDir
    lateinit var dirB: File

    @TempDir
    lateinit var shared: File

    private val clock = TestClock(T0 * 1000)

    @Test
    fun anAddOnATravelsToBAndADeleteOnBTravelsBack() {
        newVault(dirA, clock).use { a ->
            newVault(dirB, clock).use { b ->
                val folder = FileSyncFolder(shared)
                a.addUri(BANK)
                assertFalse(a.inSyncGroup)
                assertEquals(ErrorKind.NOT_IN_GROUP, assertThrows<KulcsException.Sync> { a.syncNow(folder) }.kind)
                joinBySyncTransfer(a, b)
                assertTrue(a.inSyncGroup && b.inSyncGroup)

                clock.millis += 1000
                a.addUri(MAIL)
                assertEquals(0, a.syncNow(folder).rejected.size)
                val got = b.syncNow(folder)
                assertEquals(1, got.added.toInt(), "$got")
                assertEquals(listOf(a.deviceId), got.merged.map { it.device })
                assertEquals(setOf("Bank", "Mail"), b.codes().map { it.issuer }.toSet())

                clock.millis += 1000
                b.delete(b.codes().single { it.issuer == "Bank" }.id)
                b.syncNow(folder)
                val back = a.syncNow(folder)
                assertEquals(1, back.removed.toInt(), "$back")
                assertEquals(listOf("Mail"), a.codes().map { it.issuer })
            }
        }
    }

    @Test
    fun aHostileFolderGivesReportEntriesOrATypedErrorNeverACrash() {
        newVault(dirA, clock).use { a ->
            newVault(dirB, clock).use { b ->
                val folder = FileSyncFolder(shared)
                a.addUri(BANK)
                joinBySyncTransfer(a, b)
                a.syncNow(folder)
                File(shared, "0123456789abcdef.kulcs-replica").writeBytes(ByteArray(300) { (it * 7).toByte() })
                // Replica names do not show device ids: A's is the one other real replica there.
                val aFile = shared.list()!!.single { it.endsWith(".kulcs-replica") && !it.startsWith(".") && it != "0123456789abcdef.kulcs-replica" }

                val report = b.syncNow(ThrowingOnRead(folder, aFile))
                val byFile = report.rejected.associateBy { it.file }
                assertEquals(ErrorKind.NOT_REPLICA, byFile.getValue("0123456789abcdef.kulcs-replica").kind, "$report")
                assertEquals(ErrorKind.IO, byFile.getValue(aFile).kind, "$report")
                assertTrue(byFile.getValue(aFile).reason.contains("disk on fire"), "$report")

                // A folder that cannot even be listed: the round fails with a typed error.
                val gone = object : SyncFolder by folder {
                    override fun list(): List<String> = throw java.io.IOException("the folder was unmounted")
                }
                val e = assertThrows<KulcsException.Sync> { b.syncNow(gone) }
                assertEquals(ErrorKind.IO, e.kind)
                // The vault still works and still syncs afterwards.
                assertEquals(listOf("Bank"), b.syncNow(folder).let { b.codes().map { it.issuer } })
            }
        }
    }
}
