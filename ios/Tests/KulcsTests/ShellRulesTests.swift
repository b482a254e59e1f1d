//! Issue 12's "no rule is left in the shell": the rules it lists as living in ios/ are looked
//! for in the Swift sources and views, and each must be gone (core answers through the FFI).
import Foundation
import XCTest

final class ShellRulesTests: XCTestCase {
    /// Every Swift file of the shell (library sources and the SwiftUI app), by repository path.
    private func shellSources() throws -> [(path: String, text: String)] {
        var found: [(String, String)] = []
        for dir in ["ios/Sources/Kulcs", "ios/App/KulcsApp"] {
            let root = Repo.file(dir)
            guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where url.pathExtension == "swift" {
                found.append(("\(dir)/\(url.path.dropFirst(root.path.count + 1))", try String(contentsOf: url, encoding: .utf8)))
            }
        }
        XCTAssertGreaterThan(found.count, 20, "the shell's sources were not found under \(Repo.root.path)")
        return found
    }

    /// The files and lines where `pattern` (a regular expression) occurs.
    private func hits(_ pattern: String, in sources: [(path: String, text: String)]) throws -> [String] {
        let re = try NSRegularExpression(pattern: pattern)
        return sources.flatMap { file in
            file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { n, line in
                let s = String(line)
                return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil ? nil : "\(file.path):\(n + 1): \(s.trimmingCharacters(in: .whitespaces))"
            }
        }
    }

    func testNoRuleOfIssue12IsLeftInTheShell() throws {
        let sources = try shellSources()
        let rules: [(rule: String, pattern: String)] = [
            ("display name of a row (core: credential::display_name via CodeRow.displayName)", #"label\.isEmpty \?"#),
            ("\"issuer (label)\" put together in a view (core: CodeRow.displayName)", #"issuer\)? \(\\\(\w*\.?label\)\)"#),
            ("clock offset added in the shell (core: Vault.code_rows / corrected_time)", #"unixTime \+|\+ offset\b|\+ \(try clockOffsetSeconds"#),
            ("degrees to rotation (core: rotation_from_degrees)", #"% 360"#),
            ("an invented InvalidRotation kind", #"kind: "InvalidRotation""#),
            ("keep only one entry by deleting the others one by one (core: Vault.keep_only)", #"where e\.id != keepId"#),
            ("canSave's own blank rule (core: can_save_key)", #"trimmingCharacters\(in: \.whitespaces\)\.isEmpty"#),
            ("the clipboard delay as a literal (core: clipboard_clear_seconds)", #"clipboardClearSeconds = 30"#),
            ("the 6-digit auto-confirm as a literal (core: auto_confirm_digits)", #"count >= 6"#),
            ("a hand-copied kind → message table (core: message_key)", #"case "[A-Za-z]+"(, "[A-Za-z]+")*: ""#),
        ]
        for r in rules {
            let found = try hits(r.pattern, in: sources)
            XCTAssertEqual(found, [], "\(r.rule) is still in the shell:\n" + found.joined(separator: "\n"))
        }
    }
}
