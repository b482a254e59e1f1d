//! Owns turning a view-model's UiError into a sentence in the user's language.
package hu.kulcs.app

import android.content.Context
import hu.kulcs.screens.UiError

object Messages {
    fun of(context: Context, error: UiError): String = context.getString(
        when (error.kind) {
            "InvalidCharacter" -> R.string.error_key_character
            "Empty", "InvalidLength", "MisplacedPadding" -> R.string.error_key_too_short
            "NoQrCode" -> R.string.error_no_qr
            "UnreadableImage" -> R.string.error_unreadable_image
            "NotAnEnrolment" -> R.string.scan_not_enrolment_title
            "PassphraseTooShort" -> R.string.error_passphrase_short
            "NoteTooLong" -> R.string.error_note_long
            "WrongKeyOrDamaged" -> R.string.error_wrong_key
            "Cancelled" -> R.string.error_cancelled
            "KeyMissing" -> R.string.error_key_missing
            "Locked" -> R.string.error_locked
            "NotFound" -> R.string.error_not_found
            "ClockOffsetOutOfRange" -> R.string.error_clock_offset
            "Expired" -> R.string.transfer_error_expired
            "TooManyAttempts" -> R.string.transfer_error_attempts
            "CodeReused", "TooManyBadFrames", "OutdatedState", "LedgerUnavailable" -> R.string.transfer_error_restart
            "NotInGroup" -> R.string.sync_not_in_group
            "ReplacesSyncGroup" -> R.string.transfer_error_replaces_sync_group
            "NotTransferData", "WrongSession", "WrongKind", "Malformed", "Crypto" -> R.string.transfer_error_other
            else -> if (error.field == "sync") R.string.sync_error_folder else R.string.error_generic
        },
    )
}
