//! Design: moving keys between devices (transfer, sync, interop).
//!
//! # Moving keys between devices
//!
//! - **Transfer (one-off, offline).** The new device shows a QR code with an ephemeral X25519 public
//!   key and a session id. The old device scans it. The new device then shows a confirmation code that
//!   the user types into the old device; the code is an input of the frame key, and it is bound to the
//!   offer the old device scanned. The property that matters: no sequence of scans, restarts, expiries,
//!   wrong codes and process deaths lets the old device encrypt to any offer other than the one the
//!   code was first typed against, so a substituted or ground offer QR gets nothing. Session, frame
//!   index and count are associated data; a photo of either screen reveals nothing.
//! - **Sync (ongoing).** A sync group is a set of member devices, each with its own signing and key
//!   agreement keys; the group key changes (a new epoch) when a member is removed, so a lost phone reads
//!   nothing newer. Each device publishes a signed, encrypted replica. Replicas merge
//!   deterministically, per field (issuer, label, note, groups, parameters, secret), last writer wins
//!   on a hybrid logical clock, with tombstones for deletions and HOTP counters merged by maximum; a
//!   concurrent edit of one field never erases another field, and a lost value stays visible as a
//!   conflict. Merging is storage agnostic: core syncs over a small folder trait that each shell
//!   implements (a directory, Android's Storage Access Framework, iOS's iCloud Drive), so Syncthing,
//!   Nextcloud, iCloud Drive or a USB stick carry it. No server ever sees a secret, an issuer or a label.
//! - **Interop:** Google Authenticator's `otpauth-migration` QR batches (in and out), per-account
//!   `otpauth://` QR codes, and the export files of other authenticators (section 8).
