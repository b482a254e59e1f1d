//! Owns the Android device key store: AES-256-GCM under a non-exportable key in the hardware-
//! backed Android Keystore. Android-only: compiled by the app's Gradle build, not by this Maven
//! build (no Android SDK here), so it is unverified in CI; see docs/mobile-build.md.
package hu.kulcs

import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyPermanentlyInvalidatedException
import android.security.keystore.KeyProperties
import android.security.keystore.UserNotAuthenticatedException
import hu.kulcs.ffi.KeyStore
import hu.kulcs.ffi.KeyStoreFailure
import hu.kulcs.ffi.KulcsException
import java.security.GeneralSecurityException
import javax.crypto.AEADBadTagException
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec

/**
 * Wraps the vault's data key with a Keystore AES key that never leaves secure hardware.
 * Wrapped form: `iv(12) ‖ ciphertext ‖ tag(16)`, with the key id as associated data.
 * [requireUserAuthentication] binds the key to the lock screen (the OS prompts; a cancelled
 * prompt surfaces as `KeyStore(CANCELLED)` from the app's prompt code).
 */
class AndroidKeyStore(private val requireUserAuthentication: Boolean = false) : KeyStore {

    private companion object {
        const val PROVIDER = "AndroidKeyStore"
        const val TRANSFORMATION = "AES/GCM/NoPadding"
        const val IV_BYTES = 12
        const val TAG_BITS = 128
    }

    private val keyStore: java.security.KeyStore =
        java.security.KeyStore.getInstance(PROVIDER).apply { load(null) }

    private fun existingKey(alias: String): SecretKey? =
        (keyStore.getEntry(alias, null) as? java.security.KeyStore.SecretKeyEntry)?.secretKey

    private fun createKey(alias: String): SecretKey {
        val spec = KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
            .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
            .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
            .setKeySize(256)
            .setUserAuthenticationRequired(requireUserAuthentication)
            .build()
        return KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER).run {
            init(spec)
            generateKey()
        }
    }

    override fun wrap(keyId: String, plaintext: ByteArray): ByteArray = guarded {
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.ENCRYPT_MODE, existingKey(keyId) ?: createKey(keyId))
        cipher.updateAAD(keyId.toByteArray(Charsets.UTF_8))
        cipher.iv + cipher.doFinal(plaintext)
    }

    override fun unwrap(keyId: String, wrapped: ByteArray): ByteArray = guarded {
        if (wrapped.size < IV_BYTES + TAG_BITS / 8) throw KulcsException.WrongKeyOrDamaged()
        val key = existingKey(keyId)
            ?: throw KulcsException.KeyStore(KeyStoreFailure.KEY_MISSING, "no Keystore key $keyId")
        val cipher = Cipher.getInstance(TRANSFORMATION)
        cipher.init(Cipher.DECRYPT_MODE, key, GCMParameterSpec(TAG_BITS, wrapped, 0, IV_BYTES))
        cipher.updateAAD(keyId.toByteArray(Charsets.UTF_8))
        cipher.doFinal(wrapped, IV_BYTES, wrapped.size - IV_BYTES)
    }

    /** Maps platform exceptions to the cases core and the UI distinguish. */
    private inline fun <T> guarded(block: () -> T): T = try {
        block()
    } catch (e: KulcsException) {
        throw e
    } catch (e: AEADBadTagException) {
        throw KulcsException.WrongKeyOrDamaged()
    } catch (e: KeyPermanentlyInvalidatedException) {
        throw KulcsException.KeyStore(KeyStoreFailure.KEY_MISSING, "the Keystore key was invalidated (lock screen changed)")
    } catch (e: UserNotAuthenticatedException) {
        throw KulcsException.KeyStore(KeyStoreFailure.UNAVAILABLE, "unlock the device first")
    } catch (e: GeneralSecurityException) {
        throw KulcsException.KeyStore(KeyStoreFailure.UNAVAILABLE, e.javaClass.simpleName)
    }
}
