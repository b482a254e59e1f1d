//! The live camera path of the scan screen in Swift: a drawn Y plane → Found → confirm.
import Foundation
import Kulcs
import XCTest

/// A Y plane holding `otpauth://totp/Test:alice?secret=JBSWY3DPEHPK3PXP&issuer=Test`, drawn from
/// the module matrix that FrameAnalyzerTests uses (copied: that file belongs to the shell).
/// Linux Swift has no PNG decoder, so the example enrolment PNG goes through `addImage` instead.
enum DrawnEnrolment {
    static let matrix = [
        "#######...#.#.#.#..###.#..#######",
        "#.....#.#.#..#.##.##.##...#.....#",
        "#.###.#.....#.####...####.#.###.#",
        "#.###.#.###.####.#..#.#...#.###.#",
        "#.###.#..#....#.#.#.##.#..#.###.#",
        "#.....#.##.##.##..........#.....#",
        "#######.#.#.#.#.#.#.#.#.#.#######",
        ".........###...##.##.###.........",
        "#####.####.#...##.....##.#.#.#.#.",
        "...##..#..#.##.##..#######...####",
        "..#.#.#.#.#..####.#......#..####.",
        "#.#..#..#...##.##.##.#......####.",
        ".....######.#.#.#...#.#.##.###...",
        "..#.#....#.......#..##.#..##.##.#",
        "...####.#.###..#.#...##..#.#..##.",
        "..#.....##.#..#...#..#####.#.##..",
        "#.....#.#..#...###....#.##..#....",
        ".#..##...#..###.#.##.###.##....##",
        ".#..#.#.#.#..####...###....#..##.",
        ".#.##..##.#.##.##.##.#..###...#..",
        "..#..###.#..#.##..#.#..###..##.#.",
        "##.###....#.....####..##.##....##",
        "#..##.####.##..##...###.##..#..#.",
        "#.#.....#.##..###.#..##.....#.###",
        "#.#.#.#.#.##...##############..##",
        "........###.###.#.#.#...#...##..#",
        "#######.#....#####..#..##.#.##.#.",
        "#.....#.....##....####.##...#.###",
        "#.###.#.##..#.####..###.#####..#.",
        "#.###.#.#.#.....###.##.##..###..#",
        "#.###.#.##.##..##.#.#...###..#...",
        "#.....#.#.##..#....#.#....##.##..",
        "#######.#.##...###..#####.#..#.#.",
    ]

    static func plane(padding: Int = 32) -> (data: Data, width: Int, height: Int, stride: Int) {
        let scale = 4, quiet = 4, modules = matrix.count
        let side = (modules + 2 * quiet) * scale
        let stride = side + padding
        var bytes = [UInt8](repeating: 0, count: stride * side)
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / scale - quiet, my = y / scale - quiet
                let dark = (0..<modules).contains(mx) && (0..<modules).contains(my) && Array(matrix[my])[mx] == "#"
                bytes[y * stride + x] = dark ? 20 : 230
            }
        }
        return (Data(bytes), side, side, stride)
    }
}

final class ScreensScanTests: XCTestCase {
    func testCameraFramesFindTheEnrolmentShowItsCodeAndConfirmAddsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-scan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let vault = try KulcsVault.create(at: dir.appendingPathComponent("vault.kulcs"),
                                          keyStore: FileKeyStore(path: dir.appendingPathComponent("device.key").path),
                                          clock: WallClock { 1_700_000_000_000 })
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
        XCTAssertEqual(rows.map(\.rawCode), [expected])
    }
}
