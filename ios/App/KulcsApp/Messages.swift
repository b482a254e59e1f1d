// A view-model's UiError → the Localizable.strings key of its sentence (same keys as Android).
import Kulcs

enum Messages {
    static func key(_ error: UiError) -> String {
        switch error.kind {
        case "InvalidCharacter": "error_key_character"
        case "Empty", "InvalidLength", "MisplacedPadding": "error_key_too_short"
        case "NoQrCode": "error_no_qr"
        case "UnreadableImage": "error_unreadable_image"
        case "NotAnEnrolment": "scan_not_enrolment_title"
        case "PassphraseTooShort": "error_passphrase_short"
        case "NoteTooLong": "error_note_long"
        case "WrongKeyOrDamaged": "error_wrong_key"
        case "Cancelled": "error_cancelled"
        case "KeyMissing": "error_key_missing"
        case "Locked": "error_locked"
        case "NotFound": "error_not_found"
        case "ClockOffsetOutOfRange": "error_clock_offset"
        case "Expired": "transfer_error_expired"
        case "TooManyAttempts": "transfer_error_attempts"
        case "CodeReused", "TooManyBadFrames", "OutdatedState", "LedgerUnavailable": "transfer_error_restart"
        case "NotInGroup": "sync_not_in_group"
        case "ReplacesSyncGroup": "transfer_error_replaces_sync_group"
        case "NotTransferData", "WrongSession", "WrongKind", "Malformed", "Crypto": "transfer_error_other"
        default: error.field == "sync" ? "sync_error_folder" : "error_generic"
        }
    }
}
