//! Owns the Robolectric check that every Activity starts, in English and in Hungarian, showing
//! its own texts, with FLAG_SECURE on its window.
package hu.kulcs.app

import android.app.Activity
import android.content.Intent
import android.view.WindowManager
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.Robolectric
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import org.robolectric.annotation.Config
import org.robolectric.android.controller.ActivityController

@RunWith(RobolectricTestRunner::class)
class ScreensStartTest {
    private val app: TestKulcsApp get() = RuntimeEnvironment.getApplication() as TestKulcsApp

    /**
     * Starts [type] and checks its title and [texts] in the test's language (one language per
     * test: `@Config(qualifiers = "hu")` gives each a fresh app, as a language change restarts
     * the activity on a phone).
     */
    private fun <A : Activity> starts(
        type: Class<A>,
        language: String,
        title: String,
        vararg texts: String,
        intent: Intent = Intent(app, type),
        loaded: (A) -> Boolean = { true },
    ): A {
        assertEquals(language, app.resources.configuration.locales[0].language)
        val controller: ActivityController<A> = Robolectric.buildActivity(type, intent).setup()
        val activity = controller.get()
        waitUntil("${type.simpleName} in $language") { loaded(activity) }
        assertEquals("title of ${type.simpleName} in $language", title, activity.title.toString())
        for (text in texts) activity.viewWithText(text)
        val flags = activity.window.attributes.flags
        assertTrue("${type.simpleName} sets FLAG_SECURE", flags and WindowManager.LayoutParams.FLAG_SECURE != 0)
        controller.pause().stop().destroy()
        return activity
    }

    @Test
    @Config(qualifiers = "en")
    fun theCodeListStartsInEnglish() {
        val empty: (MainActivity) -> Boolean = { a -> a.texts().any { it.startsWith("No accounts") || it.startsWith("Még nincs") } }
        starts(MainActivity::class.java, "en", "Kulcs", "Scan QR code", "Type a key", "Settings",
            "No accounts yet. Scan the QR code on the enrolment page, or type the key shown under it.", loaded = empty)
    }

    @Test
    @Config(qualifiers = "hu")
    fun theCodeListStartsInHungarian() {
        val empty: (MainActivity) -> Boolean = { a -> a.texts().any { it.startsWith("No accounts") || it.startsWith("Még nincs") } }
        starts(MainActivity::class.java, "hu", "Kulcs", "QR-kód beolvasása", "Kulcs begépelése", "Beállítások",
            "Még nincs fiók. Olvassa be a regisztrációs oldal QR-kódját, vagy gépelje be az alatta látható kulcsot.", loaded = empty)
    }

    @Test
    @Config(qualifiers = "en")
    fun theScanScreenStartsInEnglish() {
        starts(ScanActivity::class.java, "en", "Scan QR code", "Choose an image", "Point the camera at the QR code.")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theScanScreenStartsInHungarian() {
        starts(ScanActivity::class.java, "hu", "QR-kód beolvasása", "Kép kiválasztása", "Irányítsa a kamerát a QR-kódra.")
    }

    @Test
    @Config(qualifiers = "en")
    fun theTypedKeyScreenStartsInEnglish() {
        starts(AddKeyActivity::class.java, "en", "Type a key", "Ügyfélkapu+")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theTypedKeyScreenStartsInHungarian() {
        starts(AddKeyActivity::class.java, "hu", "Kulcs begépelése", "Ügyfélkapu+")
    }

    @Test
    @Config(qualifiers = "en")
    fun theDetailScreenStartsInEnglish() {
        val id = app.vault.addUri("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example").let {
            app.vault.codes().single().id
        }
        val intent = Intent(app, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, id)
        starts(DetailActivity::class.java, "en", "Kulcs", "Show note", "Save note", "No note.", intent = intent,
            loaded = { a -> a.texts().contains("No note.") })
    }

    @Test
    @Config(qualifiers = "hu")
    fun theDetailScreenStartsInHungarian() {
        val id = app.vault.addUri("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example").let {
            app.vault.codes().single().id
        }
        val intent = Intent(app, DetailActivity::class.java).putExtra(DetailActivity.EXTRA_ID, id)
        starts(DetailActivity::class.java, "hu", "Kulcs", "Jegyzet megjelenítése", "Jegyzet mentése", "Nincs jegyzet.",
            intent = intent, loaded = { a -> a.texts().contains("Nincs jegyzet.") })
    }

    @Test
    @Config(qualifiers = "en")
    fun theDuplicatesScreenStartsInEnglish() {
        starts(DuplicatesActivity::class.java, "en", "Duplicates")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theDuplicatesScreenStartsInHungarian() {
        starts(DuplicatesActivity::class.java, "hu", "Ismétlődések")
    }

    @Test
    @Config(qualifiers = "en")
    fun theTransferScreenStartsInEnglish() {
        starts(TransferActivity::class.java, "en", "Move accounts to a new phone")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theTransferScreenStartsInHungarian() {
        starts(TransferActivity::class.java, "hu", "Fiókok átvitele új telefonra")
    }

    @Test
    @Config(qualifiers = "en")
    fun theSettingsScreenStartsInEnglish() {
        starts(SettingsActivity::class.java, "en", "Settings",
            "If codes are refused, your phone’s clock may be off. Move the codes by the difference.")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theSettingsScreenStartsInHungarian() {
        starts(SettingsActivity::class.java, "hu", "Beállítások",
            "Ha a kódokat nem fogadják el, a telefon órája pontatlan lehet. Tolja el a kódokat az eltéréssel.")
    }

    @Test
    @Config(qualifiers = "en")
    fun theExportScreenStartsInEnglish() {
        starts(ExportActivity::class.java, "en", "Export to Google Authenticator", "Next", "Previous")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theExportScreenStartsInHungarian() {
        starts(ExportActivity::class.java, "hu", "Exportálás a Google Hitelesítőbe", "Következő", "Előző")
    }

    @Test
    @Config(qualifiers = "en")
    fun theRecoveryScreenStartsInEnglish() {
        starts(RecoveryActivity::class.java, "en", "Recovery code", "Create recovery code", "This vault has no recovery code yet.",
            loaded = { a -> a.texts().contains("This vault has no recovery code yet.") })
    }

    @Test
    @Config(qualifiers = "hu")
    fun theRecoveryScreenStartsInHungarian() {
        starts(RecoveryActivity::class.java, "hu", "Helyreállítási kód", "Helyreállítási kód létrehozása",
            "Ennek a széfnek még nincs helyreállítási kódja.",
            loaded = { a -> a.texts().contains("Ennek a széfnek még nincs helyreállítási kódja.") })
    }

    @Test
    @Config(qualifiers = "en")
    fun theUnlockScreenStartsInEnglish() {
        starts(UnlockActivity::class.java, "en", "Unlock", "Open with passphrase", "Open with recovery code")
    }

    @Test
    @Config(qualifiers = "hu")
    fun theUnlockScreenStartsInHungarian() {
        starts(UnlockActivity::class.java, "hu", "Feloldás", "Megnyitás jelmondattal", "Megnyitás helyreállítási kóddal")
    }
}
