//! Owns test access to the repository: shared vectors, the example image, the QR corpus.
import Foundation
import Kulcs

enum Repo {
    /// The repository root (three levels above this file); `../shared` lies beside it in CI.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func file(_ path: String) -> URL { root.appendingPathComponent(path).standardizedFileURL }

    static func vectors(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: file("tests/vectors/\(name)"))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// The code `kulcs code --qr examples/ugyfelkapu-enrolment.png --at 1700000000` prints.
    static let enrolmentCodeAt1700000000 = "461751"
}

typealias Case = [String: Any]

extension Dictionary where Key == String, Value == Any {
    func string(_ key: String) -> String { self[key] as! String }
    func int(_ key: String) -> Int64 { (self[key] as! NSNumber).int64Value }
    func cases(_ key: String) -> [Case] { self[key] as! [Case] }

    func otpParams() -> OtpParams {
        let kind: OtpKind = ["totp": .totp, "hotp": .hotp, "steam": .steam][string("kind")]!
        let algorithm: OtpAlgorithm = ["SHA1": .sha1, "SHA256": .sha256, "SHA512": .sha512][string("algorithm")]!
        return OtpParams(kind: kind, algorithm: algorithm, digits: UInt8(int("digits")),
                         period: UInt32(int("period")), counter: UInt64(int("counter")))
    }
}

extension ErrorKind {
    /// Core's name of the kind, as the shared vectors spell it ("InvalidCharacter").
    var name: String {
        let swift = String(describing: self)
        return swift.prefix(1).uppercased() + swift.dropFirst()
    }
}

/// The field and core kind of an `InvalidInput` error, or nil for anything else.
func invalidInput(_ body: () throws -> Any) -> (field: String, kind: ErrorKind)? {
    do {
        _ = try body()
        return nil
    } catch KulcsError.InvalidInput(let field, let kind, _) {
        return (field, kind)
    } catch {
        return nil
    }
}
