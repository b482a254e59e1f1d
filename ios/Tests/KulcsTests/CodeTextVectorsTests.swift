//! The shared code-text vectors through the bindings and CodeRow: what VoiceOver reads.
import Foundation
import Kulcs
import XCTest

final class CodeTextVectorsTests: XCTestCase {
    func testEveryRowShowsAndSpeaksCodesByCoresRule() throws {
        let cases = try Repo.vectors("code_text.json").cases("cases")
        XCTAssertGreaterThanOrEqual(cases.count, 8)
        for c in cases {
            let code = c.string("code")
            let window = CodeWindow(code: code, next: code, validFor: 2, period: 30, counter: 1, expiringSoon: true)
            let row = CodeRow(id: "id", issuer: "Issuer", label: "label", window: window, hasNote: false, kind: .totp)
            XCTAssertEqual(row.code, c.string("display"), code)
            XCTAssertEqual(row.spokenCode, c.string("spoken"), code)
            XCTAssertEqual(row.spokenNext, c.string("spoken"), code)
        }
    }
}
