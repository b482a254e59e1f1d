//! Owns the Robolectric checks of the parity screens (issue 12): search on the list, groups on
//! the detail screen, the Google export ("1/1"), the recovery code shown once, clock calibration
//! from one accepted code, and unlocking with the passphrase when the device key is gone.
package hu.kulcs.app

import android.app.AlertDialog
import android.content.DialogInterface
import android.content.Intent
import android.view.WindowManager
import android.widget.EditText
import android.widget.ImageView
import android.widget.Spinner
import android.widget.TextView
import hu.kulcs.ffi.AddOutcome
import org.junit.Assert.assertEquals
import org.junit.Assert.assertFalse
import org.junit.Assert.assertNotNull
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.annotation.Config
import org.robolectric.shadows.ShadowDialog
import java.io.File

@RunWith(RobolectricTestRunner::class)
@Config(qualifiers = "en")
class ParityScreensTest {
    private val app: TestKulcsApp get() = RuntimeEnvironment.getApplication() as TestKulcsApp

    /** Adds a TOTP account (each label its own key: one key twice would be one entry). */
    private fun addExample(issuer: String, label: String): String {
        val secret = if (label == "alice") "JBSWY3DPEHPK3PXP" else "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        return when (val added = app.vault.addUri("otpauth://totp/$issuer:$label?secret=$secret&issuer=$issuer")) {
            is AddOutcome.Added -> added.id
            is AddOutcome.AddedWithConflict -> added.id
            is AddOutcome.AlreadyPresent -> added.id
        }
    }

    private fun android.app.Activity.field(hint: String): EditText =
        views().filterIsInstance<EditText>().firstOrNull { it.hint?.toString() == hint }
            ?: throw AssertionError("no field with the hint \"$hint\"")

    private fun android.app.Activity.rows(): List<CodeRowView> = views().filterIsInstance<CodeRowView>()

    @Test
    fun typingInTheSearchFieldFiltersTheList() {
        addExample("Example", "alice")
        addExample("Other", "bob")
        val main = Robolectric.buildActivity(MainActivity::class.java).setup()
        waitUntil("two rows") { main.get().rows().size == 2 }
        main.get().field("Search").setText("bob")
        waitUntil("one row left") { main.get().rows().size == 1 }
        val left = descendants(main.get().rows().single()).filterIsInstance<TextView>().map { it.text.toString() }
        assertTrue("the row left is Other's: $left", left.any { it.contains("Other") })
        main.pause().stop().destroy()
    }

    @Test
    fun theGroupFilterShowsOnlyThatGroupsAccounts() {
        val work = addExample("Example", "alice")
        addExample("Other", "bob")
        app.vault.setGroups(work, listOf("Work"))
        val main = Robolectric.buildActivity(MainActivity::class.java).setup()
        waitUntil("two rows and the Work filter") { main.get().rows().size == 2 && main.get().texts().contains("Work") }
        main.get().viewWithText("Work").performClick()
        waitUntil("only Work's row") { main.get().rows().size == 1 }
        main.get().viewWithText("All").performClick()
        waitUntil("both rows again") { main.get().rows().size == 2 }
        main.pause().stop().destroy()
    }

    @Test
    fun groupsTypedOnTheDetailScreenAreSaved() {
        val id = addExample("Example", "alice")
        val detail = Robolectric.buildActivity(DetailActivity::class.java, Intent(app, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, id)).setup()
        waitUntil("the detail") { detail.get().texts().contains("No note.") }
        detail.get().field("Groups, separated by commas").setText("Work, Family ")
        detail.get().viewWithText("Save groups").performClick()
        waitUntil("the groups saved") { app.vault.accountGroups(id).toSet() == setOf("Work", "Family") }
        detail.pause().stop().destroy()
    }

    @Test
    fun theAccountQrIsShownAfterAWarningInSecureDialogs() {
        val id = addExample("Example", "alice")
        val detail = Robolectric.buildActivity(DetailActivity::class.java, Intent(app, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, id)).setup()
        waitUntil("the detail") { detail.get().texts().contains("No note.") }
        detail.get().viewWithText("QR code for another app").performClick()
        val warning = ShadowDialog.getLatestDialog() as AlertDialog
        assertTrue("the warning is secure", warning.window!!.attributes.flags and WindowManager.LayoutParams.FLAG_SECURE != 0)
        warning.getButton(DialogInterface.BUTTON_POSITIVE).performClick()
        var qr: AlertDialog? = null
        waitUntil("the QR dialog") { qr = (ShadowDialog.getLatestDialog() as AlertDialog?)?.takeIf { it !== warning && it.isShowing }; qr != null }
        assertTrue("the QR dialog is secure", qr!!.window!!.attributes.flags and WindowManager.LayoutParams.FLAG_SECURE != 0)
        val image = descendants(qr!!.window!!.decorView).filterIsInstance<ImageView>().filter { it.drawable != null }
        assertEquals("the QR image", 1, image.size)
        detail.pause().stop().destroy()
    }

    @Test
    fun theGoogleExportOfASmallVaultIsOneOfOne() {
        addExample("Example", "alice")
        val export = Robolectric.buildActivity(ExportActivity::class.java).setup()
        waitUntil("1/1") { export.get().texts().contains("1/1") }
        val image = export.get().views().filterIsInstance<ImageView>().single()
        assertNotNull("the export QR image", image.drawable)
        export.get().viewWithText("Next").performClick()
        waitUntil("still 1/1") { export.get().texts().contains("1/1") }
        export.pause().stop().destroy()
    }

    @Test
    fun aRecoveryCodeIsCreatedAndShownOnce() {
        val recovery = Robolectric.buildActivity(RecoveryActivity::class.java).setup()
        waitUntil("the idle screen") { recovery.get().texts().contains("This vault has no recovery code yet.") }
        recovery.get().viewWithText("Create recovery code").performClick()
        waitUntil("the code") { recovery.get().texts().contains("Write this code down now. It will not be shown again.") }
        val code = recovery.get().window.decorView.findViewWithTag<TextView>(RecoveryActivity.CODE_TAG).text.toString()
        assertTrue("a code is shown: \"$code\"", code.count { it.isLetterOrDigit() } >= 16)
        assertTrue("the vault has a recovery code", app.vault.hasRecoveryCode)
        recovery.get().viewWithText("I have written it down").performClick()
        waitUntil("the code gone") { recovery.get().texts().contains("This vault already has a recovery code. A new one replaces it.") }
        assertFalse("the code is not shown again", recovery.get().texts().contains(code))
        recovery.pause().stop().destroy()
    }

    @Test
    fun calibrationFromTheAcceptedCodeSetsTheOffset() {
        app.nowMillis = (T0 - 120) * 1000 // the phone is two minutes slow
        app.vault.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes())
        val settings = Robolectric.buildActivity(SettingsActivity::class.java).setup()
        waitUntil("the account to calibrate") { settings.get().views().filterIsInstance<Spinner>().singleOrNull()?.count == 1 }
        settings.get().field("Code the site accepted").setText("461 751") // what the site accepted at T0
        settings.get().viewWithText("Calibrate").performClick()
        waitUntil("the offset found") { settings.get().texts().contains("Clock difference found: 120 s.") }
        assertEquals(120L, app.vault.clockOffsetSeconds)
        settings.pause().stop().destroy()
    }

    @Test
    fun withTheDeviceKeyGoneThePassphraseOpensTheVaultAndBindsThisPhone() {
        app.vault.setPassphrase("correct horse battery staple")
        app.restartProcess()
        assertTrue(File(app.noBackupFilesDir, "test-device.key").delete())
        val unlock = Robolectric.buildActivity(UnlockActivity::class.java).setup()
        unlock.get().field("Passphrase").setText("correct horse battery staple")
        unlock.get().viewWithText("Open with passphrase").performClick()
        waitUntil("opened, then the list", timeoutMillis = 60_000) {
            unlock.get().texts().contains("Opened. This phone will open the vault by itself from now on.") && unlock.get().isFinishing
        }
        unlock.pause().stop().destroy()
        assertEquals("the device key opens it again", 0, app.vault.codes().size)
    }
}
