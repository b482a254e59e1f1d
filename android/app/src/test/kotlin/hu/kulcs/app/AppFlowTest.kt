//! Owns the one full flow through the real Activities: the example enrolment image picked on
//! the scan screen, its code on the list, a note saved on the detail screen, and a cold start
//! that still shows the note.
package hu.kulcs.app

import android.app.Activity
import android.app.AlertDialog
import android.content.DialogInterface
import android.content.Intent
import android.net.Uri
import android.os.Looper
import android.view.WindowManager
import android.widget.EditText
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.Shadows.shadowOf
import org.robolectric.shadows.ShadowDialog
import java.io.FileInputStream

@RunWith(RobolectricTestRunner::class)
class AppFlowTest {
    private val app: TestKulcsApp get() = RuntimeEnvironment.getApplication() as TestKulcsApp

    /** Lets the vault thread finish what the screen handed it, then runs the main looper. */
    private fun settle() = repeat(3) { waitUntil("the vault thread") { app.io.submit {}.get(); true } }

    private fun rowShowing(activity: Activity, code: String): CodeRowView? =
        activity.views().filterIsInstance<CodeRowView>().firstOrNull { row ->
            descendants(row).filterIsInstance<android.widget.TextView>().any { it.text.toString() == code }
        }

    @Test
    fun pickTheEnrolmentImageSeeItsCodeSaveANoteAndFindItAfterARestart() {
        RuntimeEnvironment.setQualifiers("en")
        val main = Robolectric.buildActivity(MainActivity::class.java).setup()
        waitUntil("the empty list") { main.get().texts().any { it.startsWith("No accounts yet") } }

        // List → scan screen.
        main.get().viewWithText("Scan QR code").performClick()
        val toScan = shadowOf(main.get()).nextStartedActivity
        assertEquals(ScanActivity::class.java.name, toScan.component!!.className)
        main.pause()
        val scan = Robolectric.buildActivity(ScanActivity::class.java, toScan).setup()
        settle()

        // Scan screen → the document picker → the example image comes back.
        scan.get().viewWithText("Choose an image").performClick()
        val pick = shadowOf(scan.get()).nextStartedActivityForResult
        assertEquals(Intent.ACTION_OPEN_DOCUMENT, pick.intent.action)
        assertEquals("image/*", pick.intent.type)
        val picked = Uri.parse("content://com.android.providers.media.documents/document/image%3A1")
        shadowOf(app.contentResolver).registerInputStream(picked, FileInputStream(Repo.file("examples/ugyfelkapu-enrolment.png")))
        shadowOf(scan.get()).receiveResult(pick.intent, Activity.RESULT_OK, Intent().setData(picked))
        var added: AlertDialog? = null
        waitUntil("the added dialog") { added = ShadowDialog.getLatestDialog() as AlertDialog?; added?.isShowing == true }
        assertEquals("Added: Ügyfélkapu+", shadowOf(added!!).message.toString())
        assertTrue("the added dialog is secure", added!!.window!!.attributes.flags and WindowManager.LayoutParams.FLAG_SECURE != 0)
        added!!.getButton(DialogInterface.BUTTON_POSITIVE).performClick()
        shadowOf(Looper.getMainLooper()).idle()
        assertTrue("OK closes the scan screen", scan.get().isFinishing)
        scan.pause().stop().destroy()

        // Back on the list: the code at 1700000000 is 461 751, read out digit by digit.
        main.resume()
        waitUntil("the new row") { rowShowing(main.get(), "461 751") != null }
        val row = rowShowing(main.get(), "461 751")!!
        assertTrue("the issuer is shown", main.get().texts().any { it.startsWith("Ügyfélkapu+") })

        // Long press → detail → save the törlőkód as the note.
        row.performLongClick()
        val toDetail = shadowOf(main.get()).nextStartedActivity
        assertEquals(DetailActivity::class.java.name, toDetail.component!!.className)
        main.pause()
        val detail = Robolectric.buildActivity(DetailActivity::class.java, toDetail).setup()
        waitUntil("the detail's code") { rowShowing(detail.get(), "461 751") != null && detail.get().texts().contains("No note.") }
        detail.get().views().filterIsInstance<EditText>().single { it.hint?.toString() == "Note, e.g. the törlőkód" }.setText("törlőkód 12345678")
        detail.get().viewWithText("Save note").performClick()
        waitUntil("the saved note") { detail.get().texts().contains("A note is saved. Tap “Show note” to see it.") }
        detail.pause().stop().destroy()
        main.stop().destroy()

        // A cold start: the vault is opened again from its file with the device key.
        app.restartProcess()
        val again = Robolectric.buildActivity(MainActivity::class.java).setup()
        waitUntil("the row after the restart") { rowShowing(again.get(), "461 751") != null }
        rowShowing(again.get(), "461 751")!!.performLongClick()
        val detailAgain = Robolectric.buildActivity(DetailActivity::class.java, shadowOf(again.get()).nextStartedActivity).setup()
        waitUntil("the note after the restart") { detailAgain.get().texts().contains("A note is saved. Tap “Show note” to see it.") }
        detailAgain.get().viewWithText("Show note").performClick()
        waitUntil("the note shown") { detailAgain.get().texts().contains("törlőkód 12345678") }
    }
}
