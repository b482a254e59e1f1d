//! Owns copying a code: the clip is marked sensitive (hidden from the clipboard preview and
//! keyboard suggestions on Android 13+) and cleared after a timeout if it is still ours.
package hu.kulcs.app

import android.content.ClipData
import android.content.ClipDescription
import android.content.ClipboardManager
import android.content.Context
import android.os.Handler
import android.os.Looper
import android.os.PersistableBundle
import hu.kulcs.screens.CodeListViewModel

object SecureClipboard {
    private const val LABEL = "Kulcs"
    private val handler = Handler(Looper.getMainLooper())

    fun copy(context: Context, code: String) {
        val clipboard = context.getSystemService(ClipboardManager::class.java) ?: return
        val clip = ClipData.newPlainText(LABEL, code)
        clip.description.extras = PersistableBundle().apply {
            // A compile-time constant (API 33), inlined here; Android 11 and 12 ignore the extra.
            putBoolean(ClipDescription.EXTRA_IS_SENSITIVE, true)
        }
        clipboard.setPrimaryClip(clip)
        handler.postDelayed({
            if (clipboard.primaryClipDescription?.label == LABEL) clipboard.clearPrimaryClip()
        }, CodeListViewModel.CLIPBOARD_CLEAR_SECONDS * 1000L)
    }
}
