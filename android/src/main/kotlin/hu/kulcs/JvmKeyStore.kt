//! Owns the JVM key store: AES-256-GCM wrapping with a key held in memory or in a file, for
//! desktop JVMs and tests (Android uses AndroidKeyStore, in src/android).
package hu.kulcs

import hu.kulcs.ffi.KeyStore
import hu.kulcs.ffi.KeyStoreFailure
import hu.kulcs.ffi.KulcsException
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.nio.file.StandardOpenOption
import java.nio.file.attribute.PosixFilePermissions
import java.security.GeneralSecurityException
import java.security.SecureRandom
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.spec.GCMParameterSpec
import javax.crypto.spec.SecretKeySpec

/**
 * Wraps the vault's data key with AES-256-GCM under a device key that stays in this object.
 * Wrapped form: `nonce(12) ‖ ciphertext ‖ tag(16)`, with the key id as associated data.
 */
class JvmKeyStore private constructor(private val loadKey: (create: Boolean) -> ByteArray?) : KeyStore {

    companion object {
        private const val KEY_BYTES = 32
        private const val NONCE_BYTES = 12
        private const val TAG_BITS = 128
        private val random = SecureRandom()

        /** A key that lives only as long as this object (tests, ephemeral sessions). */
        fun inMemory(): JvmKeyStore {
            val key = ByteArray(KEY_BYTES).also(random::nextBytes)
            return JvmKeyStore { key }
        }

        /**
         * A key kept in [file] (mode 0600 where POSIX permissions exist), created by the first
         * `wrap`. Unwrapping without the file is `KeyStore(KEY_MISSING)`.
         */
        fun inFile(file: File): JvmKeyStore = JvmKeyStore { create -> read(file, create) }

        private fun read(file: File, create: Boolean): ByteArray? {
            if (file.exists()) return file.readBytes().takeIf { it.size == KEY_BYTES }
                ?: throw KulcsException.KeyStore(KeyStoreFailure.UNAVAILABLE, "${file.path} is not a key file")
            if (!create) return null
            val key = ByteArray(KEY_BYTES).also(random::nextBytes)
            try {
                file.parentFile?.mkdirs()
                val path = file.toPath()
                Files.write(path, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                runCatching { Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------")) }
            } catch (e: IOException) {
                throw KulcsException.KeyStore(KeyStoreFailure.UNAVAILABLE, "cannot write ${file.path}: ${e.message}")
            }
            return key
        }
    }

    private fun key(create: Boolean): ByteArray = loadKey(create)
        ?: throw KulcsException.KeyStore(KeyStoreFailure.KEY_MISSING, "the device key is missing")

    private fun cipher(mode: Int, keyId: String, nonce: ByteArray): Cipher =
        Cipher.getInstance("AES/GCM/NoPadding").apply {
            val key = key(create = mode == Cipher.ENCRYPT_MODE)
            init(mode, SecretKeySpec(key, "AES"), GCMParameterSpec(TAG_BITS, nonce))
            updateAAD(keyId.toByteArray(Charsets.UTF_8))
        }

    override fun wrap(keyId: String, plaintext: ByteArray): ByteArray {
        val nonce = ByteArray(NONCE_BYTES).also(random::nextBytes)
        return try {
            nonce + cipher(Cipher.ENCRYPT_MODE, keyId, nonce).doFinal(plaintext)
        } catch (e: GeneralSecurityException) {
            throw KulcsException.KeyStore(KeyStoreFailure.UNAVAILABLE, "AES-GCM is not available: ${e.javaClass.simpleName}")
        }
    }

    override fun unwrap(keyId: String, wrapped: ByteArray): ByteArray {
        if (wrapped.size < NONCE_BYTES + TAG_BITS / 8) throw KulcsException.WrongKeyOrDamaged()
        val nonce = wrapped.copyOfRange(0, NONCE_BYTES)
        return try {
            cipher(Cipher.DECRYPT_MODE, keyId, nonce).doFinal(wrapped, NONCE_BYTES, wrapped.size - NONCE_BYTES)
        } catch (e: AEADBadTagException) {
            throw KulcsException.WrongKeyOrDamaged()
        } catch (e: GeneralSecurityException) {
            throw KulcsException.KeyStore(KeyStoreFailure.UNAVAILABLE, "AES-GCM is not available: ${e.javaClass.simpleName}")
        }
    }

    /** Never shows the key. */
    override fun toString(): String = "JvmKeyStore(<redacted>)"
}
