//! The message catalogue (twin of Kotlin's MessagesTest): the iOS Localizable.strings tables hold
//! exactly the English and Hungarian texts of tests/vectors/messages.json for its keys.
import Foundation
import Kulcs
import XCTest

/// The `"key" = "text";` pairs of a Localizable.strings file (comments skipped, `\"`, `\\` and
/// `\n` unescaped).
func localizableStrings(_ url: URL) throws -> [String: String] {
    let text = try String(contentsOf: url, encoding: .utf8)
    let re = try NSRegularExpression(pattern: #"^"((?:[^"\\]|\\.)*)"\s*=\s*"((?:[^"\\]|\\.)*)";\s*$"#, options: [.anchorsMatchLines])
    func unescape(_ s: String) -> String {
        var out = "", escaped = false
        for c in s {
            if escaped {
                out.append(c == "n" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
    var table: [String: String] = [:]
    for m in re.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let key = unescape(String(text[Range(m.range(at: 1), in: text)!]))
        XCTAssertNil(table[key], "\(url.lastPathComponent): \(key) twice")
        table[key] = unescape(String(text[Range(m.range(at: 2), in: text)!]))
    }
    return table
}

/// Every `ErrorKind` case, in core's order: the generated enum is not `CaseIterable`, so the
/// cases are read back the way the bindings read them (1-based variant numbers, big-endian).
func allErrorKinds() -> [ErrorKind] {
    var kinds: [ErrorKind] = []
    for i in Int32(1)...Int32(10_000) {
        let bytes = withUnsafeBytes(of: i.bigEndian) { Data($0) }
        var buf = (data: bytes, offset: bytes.startIndex)
        guard let kind = try? FfiConverterTypeErrorKind.read(from: &buf) else { break }
        kinds.append(kind)
    }
    return kinds
}

final class MessagesTests: XCTestCase {
    private func catalogue() throws -> (messages: [String: [String: String]], errors: [String: String]) {
        let v = try Repo.vectors("messages.json")
        XCTAssertEqual(v["version"] as? Int, 1)
        return (try XCTUnwrap(v["messages"] as? [String: [String: String]]), try XCTUnwrap(v["errors"] as? [String: String]))
    }

    func testLocalizableStringsHoldTheCatalogueTexts() throws {
        let messages = try catalogue().messages
        XCTAssertGreaterThan(messages.count, 10)
        for lang in ["en", "hu"] {
            let table = try localizableStrings(Repo.file("ios/App/KulcsApp/\(lang).lproj/Localizable.strings"))
            XCTAssertGreaterThan(table.count, 100, lang)
            for (key, texts) in messages {
                XCTAssertEqual(table[key], texts[lang], "\(lang).lproj: \(key)")
            }
        }
        // Both languages have the same keys.
        let en = try localizableStrings(Repo.file("ios/App/KulcsApp/en.lproj/Localizable.strings"))
        let hu = try localizableStrings(Repo.file("ios/App/KulcsApp/hu.lproj/Localizable.strings"))
        XCTAssertEqual(Set(en.keys), Set(hu.keys))
    }

    func testEveryErrorKindResolvesToItsCatalogueKeyInBothLanguages() throws {
        let errors = try catalogue().errors
        let en = try localizableStrings(Repo.file("ios/App/KulcsApp/en.lproj/Localizable.strings"))
        let hu = try localizableStrings(Repo.file("ios/App/KulcsApp/hu.lproj/Localizable.strings"))
        // The vectors name kinds as core does ("InvalidCharacter"); Swift spells the case
        // "invalidCharacter".
        let byName = Dictionary(uniqueKeysWithValues: errors.map { (String($0.key.prefix(1)).lowercased() + $0.key.dropFirst(), $0.value) })
        XCTAssertEqual(Set(allErrorKinds().map { String(describing: $0) }), Set(byName.keys), "the vectors name every ErrorKind")
        XCTAssertGreaterThan(allErrorKinds().count, 50)
        for kind in allErrorKinds() {
            let key = Messages.key(kind: kind)
            XCTAssertEqual(key, byName[String(describing: kind)], "\(kind)")
            XCTAssertNotNil(en[key], "en: \(key)")
            XCTAssertNotNil(hu[key], "hu: \(key)")
            XCTAssertNotNil(en[Messages.key(UiError(kind: kind, field: "sync"))], "sync \(kind)")
        }
        XCTAssertEqual(Messages.key(UiError(kind: .notInGroup, field: "sync")), "sync_not_in_group")
        XCTAssertEqual(Messages.key(UiError(kind: .io, field: "sync")), "sync_error_folder")
        XCTAssertEqual(Messages.key(UiError(KulcsError.NotFound(id: "x"))), "error_not_found")
    }
}
