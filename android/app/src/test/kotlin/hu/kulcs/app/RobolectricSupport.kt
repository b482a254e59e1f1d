//! Owns what the Robolectric tests share: the repository files, waiting for vault-thread work
//! to reach the main looper, and finding views by text.
package hu.kulcs.app

import android.app.Activity
import android.os.Looper
import android.view.View
import android.view.ViewGroup
import android.widget.TextView
import org.robolectric.Shadows.shadowOf
import java.io.File

object Repo {
    /** The repository root (set by the POM). */
    val root: File = File(System.getProperty("kulcs.repo.root") ?: "../..").canonicalFile

    fun file(path: String): File = File(root, path)
}

/**
 * Runs the main looper until [done] holds: the screens run vault calls on the app's vault
 * thread and post the result back to the main looper (paused in Robolectric).
 */
fun waitUntil(what: String, timeoutMillis: Long = 20_000, done: () -> Boolean) {
    val end = System.currentTimeMillis() + timeoutMillis
    while (true) {
        shadowOf(Looper.getMainLooper()).idle()
        if (done()) return
        if (System.currentTimeMillis() > end) throw AssertionError("timed out waiting for $what")
        Thread.sleep(10)
    }
}

/** Every view under [root], depth first. */
fun descendants(root: View): List<View> =
    if (root is ViewGroup) listOf(root) + (0 until root.childCount).flatMap { descendants(root.getChildAt(it)) }
    else listOf(root)

fun Activity.views(): List<View> = descendants(window.decorView)

/** The texts every TextView (and Button) on the screen shows. */
fun Activity.texts(): List<String> = views().filterIsInstance<TextView>().map { it.text.toString() }

/** The visible view showing exactly [text]. */
fun Activity.viewWithText(text: String): TextView =
    views().filterIsInstance<TextView>().firstOrNull { it.text.toString() == text }
        ?: throw AssertionError("no view shows \"$text\"; the screen shows ${texts()}")
