//! Owns what every screen's view-model shares: the code row a list or detail view shows, and
//! the error a view explains (in Hungarian or English, from `kind`).
package hu.kulcs.screens

import hu.kulcs.ffi.AccountCode
import hu.kulcs.ffi.CodeWindow
import hu.kulcs.ffi.KeyStoreFailure
import hu.kulcs.ffi.KulcsException
import hu.kulcs.ffi.OtpKind
import hu.kulcs.ffi.displayCode
import hu.kulcs.ffi.spokenCode

/**
 * One code as a view shows it. [code] is grouped by core ("461 751"); [spokenCode] is the
 * content description ("4 6 1, 7 5 1"), core's rule too. [next] is set only when core says the
 * code is expiring soon. The countdown is [secondsLeft] as text plus [progress] as a bar, never
 * colour alone. [rawCode] is what the copy button puts on the clipboard.
 */
data class CodeRow(
    val id: String,
    val issuer: String,
    val label: String,
    val code: String,
    val spokenCode: String,
    val rawCode: String,
    val next: String?,
    val spokenNext: String?,
    val secondsLeft: Int?,
    val period: Int?,
    val hasNote: Boolean,
    val isCounterBased: Boolean,
) {
    /** The account's name as the list shows it (the app's CodeRowView rule, moved here as is). */
    val displayName: String
        get() = if (label.isEmpty()) issuer else "$issuer ($label)"

    /** Fraction of the step left, 1.0 → 0.0, for the countdown bar; null for HOTP. */
    val progress: Float?
        get() = if (secondsLeft != null && period != null && period > 0) secondsLeft.toFloat() / period else null

    companion object {
        fun from(a: AccountCode): CodeRow = from(a.id, a.issuer, a.label, a.window, a.hasNote, a.params.kind)

        fun from(id: String, issuer: String, label: String, w: CodeWindow, hasNote: Boolean, kind: OtpKind): CodeRow =
            CodeRow(
                id = id,
                issuer = issuer,
                label = label,
                code = displayCode(w.code),
                spokenCode = spokenCode(w.code),
                rawCode = w.code,
                next = if (w.expiringSoon) displayCode(w.next) else null,
                spokenNext = if (w.expiringSoon) spokenCode(w.next) else null,
                secondsLeft = w.validFor?.toInt(),
                period = w.period?.toInt(),
                hasNote = hasNote,
                isCounterBased = kind == OtpKind.HOTP,
            )
    }
}

/**
 * A failure a view explains. [kind] selects the message (`InvalidCharacter`, `NoQrCode`,
 * `PassphraseTooShort`, `Locked`, …: the core kind or the FFI case); [field] says which input to
 * point at; [detail] is an English fallback for logs. Never contains a secret.
 */
data class UiError(val kind: String, val field: String? = null, val detail: String = "") {
    companion object {
        fun from(e: Throwable): UiError = when (e) {
            is KulcsException.InvalidInput -> UiError(e.kind, e.field, e.reason)
            is KulcsException.NoQrCode -> UiError("NoQrCode")
            is KulcsException.NotFound -> UiError("NotFound", detail = e.id)
            is KulcsException.WrongKeyOrDamaged -> UiError("WrongKeyOrDamaged")
            is KulcsException.KeyStore -> UiError(
                when (e.failure) {
                    KeyStoreFailure.CANCELLED -> "Cancelled"
                    KeyStoreFailure.KEY_MISSING -> "KeyMissing"
                    KeyStoreFailure.UNAVAILABLE -> "KeyStoreUnavailable"
                },
                detail = e.reason,
            )
            is KulcsException.Storage -> UiError(e.kind, "storage", e.reason)
            is KulcsException.Sync -> UiError(e.kind, "sync", e.reason)
            is KulcsException.Internal -> UiError("Internal", detail = e.reason)
            else -> UiError("Internal", detail = e.javaClass.simpleName)
        }
    }
}

/** Runs [block], turning a [KulcsException] into a [UiError] result. */
internal inline fun <T> attempt(block: () -> T): Result<T> = try {
    Result.success(block())
} catch (e: KulcsException) {
    Result.failure(e)
}

internal fun Throwable.ui(): UiError = UiError.from(this)
