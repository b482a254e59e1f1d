//! Owns turning a view-model's UiError into a sentence in the user's language: core names the
//! catalogue key (message_key, tests/vectors/messages.json); this only finds its R.string.
package hu.kulcs.app

import android.content.Context
import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.messageKey
import hu.kulcs.screens.UiError

object Messages {
    /** The string resource of catalogue key [key]; an unknown key is the generic sentence. */
    fun resource(key: String): Int = when (key) {
        "error_cancelled" -> R.string.error_cancelled
        "error_clock_offset" -> R.string.error_clock_offset
        "error_generic" -> R.string.error_generic
        "error_key_character" -> R.string.error_key_character
        "error_key_missing" -> R.string.error_key_missing
        "error_key_too_short" -> R.string.error_key_too_short
        "error_locked" -> R.string.error_locked
        "error_no_qr" -> R.string.error_no_qr
        "error_not_found" -> R.string.error_not_found
        "error_note_long" -> R.string.error_note_long
        "error_passphrase_short" -> R.string.error_passphrase_short
        "error_title" -> R.string.error_title
        "error_unreadable_image" -> R.string.error_unreadable_image
        "error_wrong_key" -> R.string.error_wrong_key
        "import_error_damaged" -> R.string.import_error_damaged
        "import_error_empty" -> R.string.import_error_empty
        "import_error_password_needed" -> R.string.import_error_password_needed
        "import_error_too_large" -> R.string.import_error_too_large
        "import_error_unrecognised" -> R.string.import_error_unrecognised
        "import_error_unsupported" -> R.string.import_error_unsupported
        "import_error_wrong_password" -> R.string.import_error_wrong_password
        "scan_not_enrolment_title" -> R.string.scan_not_enrolment_title
        "sync_error_folder" -> R.string.sync_error_folder
        "sync_not_in_group" -> R.string.sync_not_in_group
        "transfer_error_attempts" -> R.string.transfer_error_attempts
        "transfer_error_expired" -> R.string.transfer_error_expired
        "transfer_error_other" -> R.string.transfer_error_other
        "transfer_error_replaces_sync_group" -> R.string.transfer_error_replaces_sync_group
        "transfer_error_restart" -> R.string.transfer_error_restart
        else -> R.string.error_generic
    }

    /** The resource core's catalogue gives [kind]. */
    fun resource(kind: ErrorKind): Int = resource(messageKey(kind))

    fun of(context: Context, error: UiError): String = context.getString(resource(error.messageKey))

    fun of(context: Context, kind: ErrorKind): String = context.getString(resource(kind))
}
