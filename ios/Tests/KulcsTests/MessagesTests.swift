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
}
