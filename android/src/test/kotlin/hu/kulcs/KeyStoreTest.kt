//! JvmKeyStore: wrap/unwrap round trip, key id binding, tampering, persistence, redaction.
package hu.kulcs

import hu.kulcs.ffi.KulcsException
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

class KeyStoreTest {
    @TempDir
    lateinit var dir: File

    private val dataKey = ByteArray(32) { it.toByte() }

    @Test
    fun roundTripBoundToKeyId() {
        val store = JvmKeyStore.inMemory()
        val wrapped = store.wrap("kulcs-vault-device-key-v1", dataKey)
        assertArrayEquals(dataKey, store.unwrap("kulcs-vault-device-key-v1", wrapped))
        assertThrows<KulcsException.WrongKeyOrDamaged> { store.unwrap("other-id", wrapped) }
        wrapped[wrapped.size - 1] = (wrapped.last() + 1).toByte()
        assertThrows<KulcsException.WrongKeyOrDamaged> { store.unwrap("kulcs-vault-device-key-v1", wrapped) }
    }

    @Test
    fun fileKeySurvivesANewInstance() {
        val file = File(dir, "device.key")
        val wrapped = JvmKeyStore.inFile(file).wrap("id", dataKey)
        assertArrayEquals(dataKey, JvmKeyStore.inFile(file).unwrap("id", wrapped))
        assertEquals("JvmKeyStore(<redacted>)", JvmKeyStore.inFile(file).toString())
    }
}
