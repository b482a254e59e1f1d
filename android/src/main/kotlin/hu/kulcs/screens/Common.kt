//! Owns what every screen's view-model shares: the code row a list or detail view shows (core's
//! record, as is) and the error a view explains (core's ErrorKind and its catalogue key).
package hu.kulcs.screens

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.errorKind
import hu.kulcs.ffi.errorMessageKey
import hu.kulcs.ffi.messageKey

/**
 * One code as a view shows it, built entirely by core (`Vault.codeRows`, offset applied in
 * core): [CodeRow.displayName], [CodeRow.codeGrouped] ("461 751") and [CodeRow.codeSpoken]
 * ("4 6 1, 7 5 1", the content description), [CodeRow.nextGrouped] / [CodeRow.nextSpoken] only
 * while [CodeRow.expiring], the countdown as [CodeRow.secondsLeft] text plus [CodeRow.progress]
 * (fraction elapsed) as a bar, never colour alone. [CodeRow.code] is what the copy button puts
 * on the clipboard.
 */
typealias CodeRow = hu.kulcs.ffi.CodeRow

/**
 * A failure a view explains. [kind] is core's [ErrorKind]; [messageKey] is the catalogue key
 * (`tests/vectors/messages.json`, Android `R.string.<key>`) of its sentence; [field] says which
 * input to point at; [detail] is an English fallback for logs. Never contains a secret.
 */
data class UiError(
    val kind: ErrorKind,
    val field: String? = null,
    val detail: String = "",
    val messageKey: String = messageKey(kind),
) {
    companion object {
        /** The view's error for any failure: core's kind and key for a [KulcsException], else `Internal`. */
        fun from(e: Throwable): UiError = when (e) {
            is KulcsException -> UiError(errorKind(e), e.field(), e.detail(), errorMessageKey(e))
            else -> UiError(ErrorKind.INTERNAL, detail = e.javaClass.simpleName)
        }

        private fun KulcsException.field(): String? = when (this) {
            is KulcsException.InvalidInput -> field
            is KulcsException.Storage -> "storage"
            is KulcsException.Sync -> "sync"
            else -> null
        }

        private fun KulcsException.detail(): String = when (this) {
            is KulcsException.InvalidInput -> reason
            is KulcsException.NotFound -> id
            is KulcsException.KeyStore -> reason
            is KulcsException.Storage -> reason
            is KulcsException.Sync -> reason
            is KulcsException.Internal -> reason
            else -> ""
        }
    }
}

/** Runs [block], turning a [KulcsException] into a failed result (see [ui]). */
internal inline fun <T> attempt(block: () -> T): Result<T> = try {
    Result.success(block())
} catch (e: KulcsException) {
    Result.failure(e)
}

/** The [UiError] a view shows for this failure. */
internal fun Throwable.ui(): UiError = UiError.from(this)
