//! Owns the process: the one open vault (device slot in the hardware Android Keystore), the
//! background thread every vault call runs on, the preferences, and the app-lock state.
package hu.kulcs.app

import android.app.Activity
import android.app.Application
import android.content.Context
import android.os.Bundle
import hu.kulcs.AndroidKeyStore
import hu.kulcs.KulcsVault
import hu.kulcs.screens.AppPreferences
import java.io.File
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

class KulcsApp : Application() {
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
    val vault: KulcsVault by lazy {
        val file = File(noBackupFilesDir, "vault.kulcs")
        val store = AndroidKeyStore()
        if (KulcsVault.exists(file)) KulcsVault.open(file, store) else KulcsVault.create(file, store)
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
