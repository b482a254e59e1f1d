//! Owns the check that the app's message tables are core's catalogue: every ErrorKind resolves
//! to the R.string named by message_key, and res/values{,-hu}/strings.xml hold exactly the
//! English and Hungarian texts of tests/vectors/messages.json.
package hu.kulcs.app

import android.content.res.Configuration
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.messageKey
import org.json.JSONObject
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Test
import org.junit.runner.RunWith
import org.robolectric.RobolectricTestRunner
import org.robolectric.RuntimeEnvironment
import java.util.Locale

@RunWith(RobolectricTestRunner::class)
class MessagesTest {
    private val app get() = RuntimeEnvironment.getApplication()
    private val catalogue = JSONObject(Repo.file("tests/vectors/messages.json").readText())

    private fun inLanguage(language: String) = app.createConfigurationContext(
        Configuration(app.resources.configuration).apply { setLocale(Locale(language)) },
    )

    @Test
    fun everyErrorKindResolvesToTheStringCoreNames() {
        for (kind in ErrorKind.entries) {
            val key = messageKey(kind)
            assertEquals("R.string for $kind", key, app.resources.getResourceEntryName(Messages.resource(kind)))
        }
    }

    @Test
    fun theStringsAreTheCataloguesEnglishAndHungarianTexts() {
        val messages = catalogue.getJSONObject("messages")
        val en = inLanguage("en")
        val hu = inLanguage("hu")
        assertTrue("the catalogue has keys", messages.length() > 0)
        for (key in messages.keys()) {
            val texts = messages.getJSONObject(key)
            val id = Messages.resource(key)
            assertEquals("strings.xml has $key", key, app.resources.getResourceEntryName(id))
            assertEquals("values/strings.xml $key", texts.getString("en"), en.getString(id))
            assertEquals("values-hu/strings.xml $key", texts.getString("hu"), hu.getString(id))
        }
    }
}
