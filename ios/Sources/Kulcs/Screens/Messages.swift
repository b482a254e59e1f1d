//! Owns which sentence explains an error (Swift twin of the app's Messages.kt): core's catalogue
//! key for the kind (`messageKey`), looked up in Localizable.strings by the views.
import Foundation

/// The Localizable.strings key of the sentence for an error (the same keys as Android's
/// `strings.xml` and `tests/vectors/messages.json`). No table here: core maps every `ErrorKind`.
public enum Messages {
    /// The key for `kind` (core's `message_key`).
    public static func key(kind: ErrorKind) -> String { messageKey(kind: kind) }

    /// The key for a view-model's error: a failed sync round has its own sentences
    /// (core's `sync_message_key`).
    public static func key(_ error: UiError) -> String {
        error.field == "sync" ? syncMessageKey(kind: error.kind) : messageKey(kind: error.kind)
    }
}
