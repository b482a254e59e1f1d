//! The shared code-text vectors (twin of Kotlin's CodeTextVectorsTest): what a preview shows and
//! VoiceOver reads for every code length, and a saved row in the same form.
import Foundation
import Kulcs
import XCTest

final class CodeTextVectorsTests: XCTestCase {
    func testEveryCodeIsShownAndSpokenByCoresRule() throws {
        let cases = try Repo.vectors("code_text.json").cases("cases")
        XCTAssertGreaterThanOrEqual(cases.count, 8)
        for c in cases {
            let code = c.string("code")
            XCTAssertEqual(displayCode(code: code), c.string("display"), code)
            XCTAssertEqual(spokenCode(code: code), c.string("spoken"), code)
        }
        let dir = try TempDir("codetext")
        defer { dir.remove() }
        let vault = try dir.vault(clock: TestClock().wall)
        _ = try vault.addImage(try enrolmentImage())
        let row = try XCTUnwrap(vault.codeRows().first)
        XCTAssertEqual(row.codeGrouped, "461 751")
        XCTAssertEqual(row.codeSpoken, "4 6 1, 7 5 1")
    }
}
