//! Camera frames through FrameAnalyzer: padded rows, rotation, bad input, and the image the
//! QR engine panics on.
import Foundation
import Kulcs
import XCTest

final class FrameAnalyzerTests: XCTestCase {
    /// The QR code of `otpauth://totp/Test:alice?secret=JBSWY3DPEHPK3PXP&issuer=Test`
    /// (version 4, level L), one string per module row; `#` is dark. Linux Swift has no PNG
    /// decoder, so this test draws the frame itself (Kotlin's twin reads the example PNG).
    private static let matrix = [
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

    /// The matrix drawn at 4 pixels per module with a 4-module quiet zone, into rows of
    /// `width + padding` bytes, as a camera's padded Y plane.
    private func plane(padding: Int) -> (data: Data, width: Int, height: Int, stride: Int) {
        let scale = 4, quiet = 4, modules = Self.matrix.count
        let side = (modules + 2 * quiet) * scale
        let stride = side + padding
        var bytes = [UInt8](repeating: 0, count: stride * side)
        for y in 0..<side {
            for x in 0..<side {
                let mx = x / scale - quiet, my = y / scale - quiet
                let dark = (0..<modules).contains(mx) && (0..<modules).contains(my)
                    && Array(Self.matrix[my])[mx] == "#"
                bytes[y * stride + x] = dark ? 20 : 230
            }
        }
        return (Data(bytes), side, side, stride)
    }

    func testFindsTheEnrolmentInAPaddedPlane() throws {
        let p = plane(padding: 64)
        let scan = try FrameAnalyzer().analyze(luma: p.data, width: p.width, height: p.height, rowStride: p.stride, rotationDegrees: 90)
        XCTAssertEqual(scan.hint, .found)
        guard scan.codes.count == 1, case .enrolment(let account) = scan.codes[0] else { return XCTFail("\(scan.codes)") }
        XCTAssertEqual(account.issuer, "Test")
        XCTAssertEqual(account.label, "alice")
    }

    func testBlankFrameIsAHintNotAnError() throws {
        let scan = try FrameAnalyzer().analyze(luma: Data(repeating: 200, count: 64 * 48), width: 64, height: 48, rowStride: 64, rotationDegrees: 0)
        XCTAssertEqual(scan.hint, .noCode)
        XCTAssertTrue(scan.codes.isEmpty)
    }

    func testInconsistentFramesAreRefused() {
        let analyzer = FrameAnalyzer()
        XCTAssertEqual(invalidInput { try analyzer.analyze(luma: Data(count: 10), width: 4, height: 4, rowStride: 4, rotationDegrees: 0) }?.field, "frame")
        XCTAssertEqual(invalidInput { try analyzer.analyze(luma: Data(count: 16), width: -4, height: 4, rowStride: 4, rotationDegrees: 0) }?.field, "frame")
        let rotation = invalidInput { try analyzer.analyze(luma: Data(count: 16), width: 4, height: 4, rowStride: 4, rotationDegrees: 45) }
        XCTAssertEqual(rotation?.field, "rotation")
        XCTAssertEqual(rotation?.kind, .invalidRotation)
    }

    func testImageThatPanicsTheQrEngineReturnsNormally() throws {
        let file = Repo.file("../shared/qr-corpus/qrcode-6/7.png")
        guard let bytes = try? Data(contentsOf: file) else {
            print("notice: \(file.path) absent, skipping")
            return
        }
        do {
            let texts = try decodeQrImage(image: bytes)
            XCTAssertEqual(texts, ["1234567890"])
        } catch KulcsError.NoQrCode {
            // Also fine: the panic was contained and reported as "no code".
        }
    }
}
