//! Owns the Robolectric checks of what must not leak: a copied code is marked sensitive and
//! cleared after the delay, every dialog window is secure, the manifest asks for no network,
//! and a code is spoken digit by digit.
package hu.kulcs.app

import android.app.AlertDialog
import android.content.ClipData
import android.content.ClipDescription
import android.content.ClipboardManager
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Looper
import android.view.WindowManager
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowDialog
import java.time.Duration

@RunWith(RobolectricTestRunner::class)
class SecureScreensTest {
    private val app: TestKulcsApp get() = RuntimeEnvironment.getApplication() as TestKulcsApp
    private val clipboard: ClipboardManager get() = app.getSystemService(ClipboardManager::class.java)

    /** The code list with the example enrolment in it, once its row is drawn. */
    private fun listWithEnrolment(): Pair<MainActivity, CodeRowView> {
        app.vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
        val main = Robolectric.buildActivity(MainActivity::class.java).setup().get()
        var row: CodeRowView? = null
        waitUntil("the enrolment's row") { row = main.views().filterIsInstance<CodeRowView>().firstOrNull(); row != null }
        return main to row!!
    }

    @Test
    fun aCopiedCodeIsSensitiveAndClearedAfterThirtySeconds() {
        val (_, row) = listWithEnrolment()
        row.performClick()
        waitUntil("the copied code") { clipboard.hasPrimaryClip() }
        val clip = clipboard.primaryClip!!
        assertEquals("461751", clip.getItemAt(0).text.toString())
        assertTrue("EXTRA_IS_SENSITIVE", clip.description.extras?.getBoolean(ClipDescription.EXTRA_IS_SENSITIVE) == true)

        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(29))
        assertTrue("still there after 29 s", clipboard.hasPrimaryClip())
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(1))
        assertFalse("cleared after 30 s", clipboard.hasPrimaryClip())
    }

    @Test
    fun somethingElseCopiedMeanwhileIsNotCleared() {
        val (_, row) = listWithEnrolment()
        row.performClick()
        waitUntil("the copied code") { clipboard.hasPrimaryClip() }
        clipboard.setPrimaryClip(ClipData.newPlainText("other app", "a shopping list"))
        shadowOf(Looper.getMainLooper()).idleFor(Duration.ofSeconds(31))
        assertEquals("a shopping list", clipboard.primaryClip!!.getItemAt(0).text.toString())
    }

    @Test
    fun theCodeIsSpokenDigitByDigit() {
        val (_, row) = listWithEnrolment()
        val code = row.views().filterIsInstance<android.widget.TextView>().single { it.text.toString() == "461 751" }
        assertEquals("4 6 1, 7 5 1", code.contentDescription.toString())
    }

    @Test
    fun everyDialogWindowIsSecure() {
        app.vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
        val id = app.vault.codes().single().id
        val detail = Robolectric.buildActivity(DetailActivity::class.java,
            Intent(app, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, id)).setup().get()
        detail.viewWithText("Delete").performClick()
        val dialog = ShadowDialog.getLatestDialog() as AlertDialog
        assertTrue("the delete dialog is shown", dialog.isShowing)
        assertTrue("the dialog's window sets FLAG_SECURE",
            dialog.window!!.attributes.flags and WindowManager.LayoutParams.FLAG_SECURE != 0)
    }

    @Test
    fun theManifestAsksForNoNetworkPermission() {
        val info = app.packageManager.getPackageInfo(app.packageName, PackageManager.GET_PERMISSIONS)
        val asked = info.requestedPermissions?.toList() ?: emptyList()
        assertTrue("the merged manifest is the app's (CAMERA asked): $asked", "android.permission.CAMERA" in asked)
        assertFalse("no INTERNET: $asked", "android.permission.INTERNET" in asked)
        assertFalse("no ACCESS_NETWORK_STATE: $asked", "android.permission.ACCESS_NETWORK_STATE" in asked)
        assertNotNull(app.packageManager.getActivityInfo(
            android.content.ComponentName(app, MainActivity::class.java), 0))
    }
}

private fun android.view.View.views(): List<android.view.View> = descendants(this)
