//! Owns the app object the Robolectric tests run: a file key store instead of the hardware
//! Keystore (Robolectric has none), the fixed test clock, and a process restart.
package hu.kulcs.app

import hu.kulcs.JvmKeyStore
import hu.kulcs.KulcsVault
import hu.kulcs.WallClock
import hu.kulcs.ffi.KeyStore
import java.io.File

/** The example enrolment's code 461 751 is valid at this instant (Unix seconds). */
const val T0 = 1_700_000_000L

class TestKulcsApp : KulcsApp() {
    /** Milliseconds the test clock shows; tests move it. */
    @Volatile
    var nowMillis: Long = T0 * 1000

    override val clock: WallClock = WallClock { nowMillis }

    override fun keyStore(): KeyStore = JvmKeyStore.inFile(File(noBackupFilesDir, "test-device.key"))

    @Volatile
    private var opened: KulcsVault? = null

    override val vault: KulcsVault
        get() = synchronized(this) { opened ?: openVault().also { opened = it } }

    /**
     * What a new process sees: the vault object is closed (its file lock released) and the next
     * screen opens the file again with the device key, like a cold start.
     */
    fun restartProcess() {
        synchronized(this) {
            opened?.close()
            opened = null
        }
    }
}
