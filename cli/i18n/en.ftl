# The kulcs CLI's messages (English).
# Keys shared with the apps come from tests/vectors/messages.json (same text); the
# test i18n::tests::catalogues_agree fails when a key is missing in either language.

## Shared with the apps (tests/vectors/messages.json)
error_cancelled = Cancelled.
error_clock_offset = That correction is too large.
error_generic = An unexpected error happened.
error_key_character = The key has a character that is not allowed. Only letters A–Z and digits 2–7 occur in keys (0, 1 and 8 are usually O, I and B).
error_key_missing = This phone’s key for the vault is gone. Open it with the backup passphrase.
error_key_too_short = The key looks incomplete: check that no character is missing.
error_locked = The vault is in use. Try again.
error_no_qr = No QR code was found in the image.
error_not_found = This account no longer exists.
error_note_long = The note is too long.
error_passphrase_short = The passphrase is too short.
error_title = Something went wrong
error_unreadable_image = This file is not an image Kulcs can read.
error_wrong_key = The vault cannot be opened: wrong key, or the file is damaged.
import_error_damaged = The export file is damaged. Nothing was imported.
import_error_empty = The export holds no accounts.
import_error_password_needed = This export is protected by a password. Enter the password it was exported with.
import_error_too_large = The file is too large to be an export. Nothing was imported.
import_error_unrecognised = This is not an export file Kulcs knows. Export again from the other app as a file, or as QR codes.
import_error_unsupported = Kulcs recognises this export but cannot read it. Export from the other app in another way.
import_error_wrong_password = The password does not open the export, or the file is damaged.
scan_not_enrolment_title = This QR code is not for an authenticator.
sync_error_folder = The shared folder could not be read or written. Check that it is still there and that Kulcs may use it.
sync_not_in_group = This device is not in a sync group yet: send the accounts to it from another device with “Send and sync”.
transfer_error_attempts = Too many wrong codes. Start again on the new phone.
transfer_error_expired = The new phone's code has expired. Start again on the new phone.
transfer_error_other = This is not the code of this transfer. Scan the other phone's current code.
transfer_error_replaces_sync_group = This device is already in another sync group; nothing was imported.
transfer_error_restart = This transfer cannot go on safely. Start again on the new phone.

## The CLI's own
list-heading-id = ID
list-heading-issuer = ISSUER
list-heading-label = LABEL
list-heading-type = TYPE
list-heading-groups = GROUPS
list-empty = The vault is empty. Add an account with `kulcs add --qr IMAGE` or `kulcs add --key KEY --label NAME`.
codes-empty = The vault is empty.
find-none = No account matches { $query }; `kulcs list` shows them all.
find-many = { $count } accounts match { $query }:
find-more = Give more of the name, or the id.
find-which = Which one?
copy-done = copied the code of { $name } ({ $left } s left); the clipboard is cleared in { $clear } s.
copy-none = No clipboard to copy to here ({ $why }; a desktop session is needed). The code was printed instead.
fresh-waiting = waiting { $left } s for a fresh code…
vault-missing = No vault at { $path }. Receive accounts with `kulcs transfer receive` or import some with `kulcs import`.
vault-zero-bytes = The vault file { $path } is empty (0 bytes): it was cut off, e.g. by a full disk or a copy that did not finish. Kulcs left it untouched; restore it from a backup or another device.
vault-unchanged = The vault on disk was left as it was.
add-added = Added { $name } as { $id }.
uk-length = An Ügyfélkapu+ key has exactly 16 characters (80 bits); this one has { $count }. Check the key on the page for a missing or extra character.
uk-code-needed = The Ügyfélkapu+ preset checks the key before saving: add --code with the code the site shows (or run it in a terminal to be asked).
uk-code-wrong = The key does not make the code { $code }: it is probably mistyped; nothing was saved. Compare it with the page character by character.
uk-code-prompt = Code from the site: 
key-one = The key is not valid: invalid character '1' at position { $position }; keys have no 1: did you mean 'I' (capital i) or 'l' (lower-case L)?
confirm-refused = { $question } Refusing without a terminal to ask on; add --yes to confirm.
cancelled = Cancelled; nothing was changed.
