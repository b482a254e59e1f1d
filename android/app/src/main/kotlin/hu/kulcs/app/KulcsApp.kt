//! Owns the process: the one open vault (device slot in the hardware Android Keystore), the
//! background thread every vault call runs on, the preferences, the app-lock state, and the
//! sync model over the shared folder the user picked.
package hu.kulcs.app

import android.app.Activity
import android.app.Application
import android.content.Context
import android.os.Bundle
import hu.kulcs.AndroidKeyStore
import hu.kulcs.KulcsVault
import hu.kulcs.SafSyncFolder
import hu.kulcs.WallClock
import hu.kulcs.ffi.KeyStore
import hu.kulcs.screens.AppPreferences
import hu.kulcs.screens.SyncViewModel
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

open class KulcsApp : Application() {
    /** Vault calls block on file I/O and crypto: they all run here, one at a time. */
    val io: ExecutorService = Executors.newSingleThreadExecutor { r -> Thread(r, "kulcs-vault") }

    val prefs: AppPreferences by lazy { SharedPrefs(getSharedPreferences("kulcs", Context.MODE_PRIVATE)) }

    /** True from the moment no activity is visible until the user authenticates again. */
    @Volatile
    var locked: Boolean = true

    private var started = 0

    /**
     * The vault in no-backup storage (cloud backups must not copy it: its device slot only opens
     * with this phone's Keystore key). Opened on first use, on [io]; created on first launch.
     */
    open val vault: KulcsVault by lazy { openVault() }

    /** The device clock every screen hands to core (the Robolectric tests run at a fixed time). */
    open val clock: WallClock get() = WallClock.SYSTEM

    /** The hardware-backed device key store (the Robolectric tests use a file one: no Keystore there). */
    open fun keyStore(): KeyStore = AndroidKeyStore()

    /** The vault file, in no-backup storage. */
    val vaultFile: File get() = File(noBackupFilesDir, "vault.kulcs")

    /**
     * Opens the vault file, creating it on first launch. Throws core's error when this phone's
     * key cannot open it (KeyStore failure: MainActivity then shows UnlockActivity).
     */
    protected fun openVault(): KulcsVault {
        val file = vaultFile
        val store = keyStore()
        return if (KulcsVault.exists(file)) KulcsVault.open(file, store, clock) else KulcsVault.create(file, store, clock)
    }

    /** The shared folder picked with ACTION_OPEN_DOCUMENT_TREE (a Syncthing or Nextcloud folder). */
    var syncFolderUri: android.net.Uri?
        get() = getSharedPreferences("kulcs", Context.MODE_PRIVATE).getString("sync_folder", null)?.let(android.net.Uri::parse)
        set(value) {
            getSharedPreferences("kulcs", Context.MODE_PRIVATE).edit().putString("sync_folder", value?.toString()).apply()
        }

    /**
     * Sync on start, on resume (MainActivity) and after each change (the model listens to the
     * vault). Created on [io] on first use, like the vault; every round runs on [io].
     */
    val sync: SyncViewModel by lazy {
        SyncViewModel(vault, { syncFolderUri?.let { SafSyncFolder(this, it) } })
    }

    override fun onCreate() {
        super.onCreate()
        registerActivityLifecycleCallbacks(object : ActivityLifecycleCallbacks {
            override fun onActivityStarted(activity: Activity) {
                started++
            }
            override fun onActivityStopped(activity: Activity) {
                started--
                if (started == 0) locked = true
            }
            override fun onActivityCreated(activity: Activity, savedInstanceState: Bundle?) {}
            override fun onActivityResumed(activity: Activity) {}
            override fun onActivityPaused(activity: Activity) {}
            override fun onActivitySaveInstanceState(activity: Activity, outState: Bundle) {}
            override fun onActivityDestroyed(activity: Activity) {}
        })
    }
}

/** [AppPreferences] in SharedPreferences. */
private class SharedPrefs(private val sp: android.content.SharedPreferences) : AppPreferences {
    override var appLockEnabled: Boolean
        get() = sp.getBoolean("app_lock", false)
        set(value) {
            sp.edit().putBoolean("app_lock", value).apply()
        }
}
