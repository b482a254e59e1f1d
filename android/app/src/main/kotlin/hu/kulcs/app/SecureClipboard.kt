//! Owns copying a code: the clip is marked sensitive (hidden from the clipboard preview and
//! keyboard suggestions on Android 13+) and cleared after a timeout if it is still ours.
package hu.kulcs.app

import android.content.ClipData
import android.content.ClipboardManager
import android.content.Context
import android.os.Handler
import android.os.Looper
import android.os.PersistableBundle
import hu.kulcs.screens.CodeListViewModel

object SecureClipboard {
    private const val LABEL = "Kulcs"
    private const val EXTRA_IS_SENSITIVE = "android.content.extra.IS_SENSITIVE"
    private val handler = Handler(Looper.getMainLooper())

    fun copy(context: Context, code: String) {
        val clipboard = context.getSystemService(ClipboardManager::class.java) ?: return
        val clip = ClipData.newPlainText(LABEL, code)
        clip.description.extras = PersistableBundle().apply {
            // ClipDescription.EXTRA_IS_SENSITIVE (API 33) by value, so this also compiles against
            // minSdk 30 (the script checks both); Android 11 and 12 ignore the extra.
            putBoolean(EXTRA_IS_SENSITIVE, true)
        }
        clipboard.setPrimaryClip(clip)
        handler.postDelayed({
            if (clipboard.primaryClipDescription?.label == LABEL) clipboard.clearPrimaryClip()
        }, CodeListViewModel.clipboardClearSeconds * 1000L)
    }
}
