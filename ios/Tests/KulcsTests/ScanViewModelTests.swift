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
}
