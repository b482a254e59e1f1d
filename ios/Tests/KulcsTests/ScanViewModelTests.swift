//! The scan screen (twin of Kotlin's ScanViewModelTest): the live camera path (a drawn Y plane →
//! Found → confirm) and core's hints for frames without a code.
import Foundation
import Kulcs
import XCTest

final class ScanViewModelTests: XCTestCase {
    private var dir: TempDir!
    private let clock = TestClock(seconds: t0)

    override func setUpWithError() throws { dir = try TempDir("scan") }
    override func tearDownWithError() throws { dir.remove() }

    private func newVault() throws -> KulcsVault { try dir.vault(clock: clock.wall) }

    func testCameraFramesFindTheEnrolmentShowItsCodeAndConfirmAddsIt() throws {
        let vault = try dir.vault(clock: clock.wall)
        let scan = ScanViewModel(vault: vault)
        let p = DrawnEnrolment.plane()
        var frames = 0
        while scan.wantsFrames && frames < 60 {
            scan.onFrame(luma: p.data, width: p.width, height: p.height, rowStride: p.stride, rotationDegrees: 0)
            frames += 1
        }
        let expected = try SetupKey.fromBase32(text: "JBSWY3DPEHPK3PXP").codeAt(params: defaultOtpParams(), unixTime: 1_700_000_000)
        let digits: [String] = Array(expected).map { String($0) }
        let head: [String] = Array(digits[0..<3])
        let tail: [String] = Array(digits[3...])
        let grouped: String = head.joined() + " " + tail.joined()
        let spoken: String = head.joined(separator: " ") + ", " + tail.joined(separator: " ")
        let want = ScanState.found(issuer: "Test", label: "alice", code: grouped, spokenCode: spoken)
        XCTAssertEqual(scan.state, want)
        XCTAssertFalse(scan.wantsFrames, "no frames are analysed while the result is on screen")
        scan.confirm()
        guard case .added(let rows, 0, 0) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual(rows.map(\.code), [expected])
    }

    func testCameraFramesReportCoreHints() throws {
        let vault = try newVault()
        let scan = ScanViewModel(vault: vault)
        let blank = Data(repeating: 0xFF, count: 640 * 480)
        scan.onFrame(luma: blank, width: 640, height: 480, rowStride: 640, rotationDegrees: 90)
        XCTAssertEqual(scan.state, .scanning(hint: .noCode))
        XCTAssertTrue(scan.wantsFrames)
        scan.onFrame(luma: blank, width: 640, height: 480, rowStride: 640, rotationDegrees: 45)
        guard case .failed(let e) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual(e.kind, .invalidRotation)
        scan.rescan()
        XCTAssertEqual(scan.state, .scanning(hint: .noCode))
    }

    func testAWebAddressIsRefusedByCore() throws {
        let scan = ScanViewModel(vault: try newVault())
        scan.onScannedText("https://example.com/login")
        XCTAssertEqual(scan.state, .notEnrolment(kind: .notAnEnrolment))
        XCTAssertFalse(scan.wantsFrames)
        scan.rescan()
        scan.onScannedText("otpauth://totp/Bank:anna?issuer=Bank")
        XCTAssertEqual(scan.state, .notEnrolment(kind: .missingSecret), "a broken enrolment is explained by core's URI error")
        scan.rescan()
        scan.onScannedText("otpauth://totp/Bank:anna?secret=JBSWY3DPEHPK3PXP&issuer=Bank")
        guard case .found(let issuer, let label, let code, _) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual([issuer, label], ["Bank", "anna"])
        XCTAssertEqual(code.filter(\.isNumber), try codeOf("JBSWY3DPEHPK3PXP", at: t0))
    }

    func testAGoogleExportIsImportedBatchByBatch() throws {
        let old = try dir.vault("old", clock: clock.wall)
        for n in 0..<24 {
            let secret = try SetupKey.fromHex(text: String(format: "%040lx", n + 1)).revealBase32()
            _ = try old.addUri("otpauth://totp/Service\(n):anna\(n)?secret=\(secret)&issuer=Service\(n)")
        }
        let texts = try old.exportGoogle(ids: [])
        XCTAssertEqual(texts.count, 3, "10 accounts per export code")
        let new = try dir.vault("new", clock: clock.wall)
        let scan = ScanViewModel(vault: new)
        for (k, text) in texts.reversed().enumerated() {
            scan.onScannedText(text)
            if k + 1 < texts.count {
                XCTAssertEqual(scan.state, .migrationProgress(read: k + 1, count: texts.count))
                XCTAssertTrue(scan.wantsFrames, "the camera keeps reading the other codes")
                scan.onScannedText(text) // the same code again changes nothing
                XCTAssertEqual(scan.state, .migrationProgress(read: k + 1, count: texts.count))
            }
        }
        guard case .added(let rows, 0, 0) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual(rows.count, 24)
        XCTAssertEqual(Set(try new.codeRows().map(\.code)), Set(try old.codeRows().map(\.code)))

        // The shared vector (one code), then a damaged export code.
        let vector = try Repo.vectors("migration.json").cases("imports")[0]
        let single = ScanViewModel(vault: try dir.vault("vector", clock: clock.wall))
        single.onScannedText(vector.string("uri"))
        guard case .added(let imported, 0, 0) = single.state else { return XCTFail("\(single.state)") }
        XCTAssertEqual(imported.map(\.displayName), ["Example (alice@google.com)"])
        XCTAssertEqual(imported.map(\.code), [try codeOf("JBSWY3DPEHPK3PXP", at: t0)])
        single.rescan()
        single.onScannedText("otpauth-migration://offline?foo=1")
        guard case .notEnrolment(let kind) = single.state else { return XCTFail("\(single.state)") }
        XCTAssertEqual(kind, .missingData)
    }
}
