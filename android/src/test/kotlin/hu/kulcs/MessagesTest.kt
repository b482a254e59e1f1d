//! The message catalogue: every core ErrorKind has a key in tests/vectors/messages.json, a
//! view's UiError carries that key, and the Android en/hu string tables hold exactly its texts
//! (twin of Swift's MessagesTests, which check Localizable.strings).
package hu.kulcs

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.messageKey
import hu.kulcs.screens.UiError
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import javax.xml.parsers.DocumentBuilderFactory

class MessagesTest {
    private val catalogue = Repo.vectors("messages.json")
    private val messages = catalogue.getJSONObject("messages")
    private val errors = catalogue.getJSONObject("errors")

    @Test
    fun everyErrorKindHasTheCataloguesKey() {
        assertEquals(1, catalogue.getInt("version"))
        assertEquals(ErrorKind.entries.size, errors.length(), "one entry per ErrorKind")
        for (kind in ErrorKind.entries) {
            val key = messageKey(kind)
            assertEquals(errors.getString(kind.coreName), key, "$kind")
            assertTrue(messages.has(key), "$kind → $key has texts")
            assertEquals(key, UiError(kind).messageKey)
        }
    }

    @Test
    fun aViewsErrorCarriesCoresKindAndKey() {
        val e = UiError.from(KulcsException.InvalidInput("key", ErrorKind.INVALID_CHARACTER, "bad character"))
        assertEquals(UiError(ErrorKind.INVALID_CHARACTER, "key", "bad character", "error_key_character"), e)
        assertEquals("error_wrong_key", UiError.from(KulcsException.WrongKeyOrDamaged()).messageKey)
        assertEquals(ErrorKind.INTERNAL, UiError.from(IllegalStateException()).kind)
    }

    @Test
    fun theAndroidStringTablesHoldTheCataloguesTexts() {
        for ((language, dir) in listOf("en" to "values", "hu" to "values-hu")) {
            val strings = strings(Repo.file("android/app/src/main/res/$dir/strings.xml"))
            for (key in messages.keys()) {
                assertEquals(messages.getJSONObject(key).getString(language), strings[key], "$dir/strings.xml $key")
            }
        }
    }

    /** name → text of a strings.xml, with Android's escapes (\' \" \n \\) undone. */
    private fun strings(file: java.io.File): Map<String, String> {
        val doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file)
        val nodes = doc.getElementsByTagName("string")
        return (0 until nodes.length).associate { i ->
            val node = nodes.item(i)
            node.attributes.getNamedItem("name").nodeValue to
                node.textContent.replace(Regex("""\\(.)""")) { m -> if (m.groupValues[1] == "n") "\n" else m.groupValues[1] }
        }
    }
}
