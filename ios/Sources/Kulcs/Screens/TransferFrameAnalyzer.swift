//! Owns camera frames for the transfer screens (Swift twin of Kotlin's TransferFrameAnalyzer):
//! core's live scanner, handing back the text of transfer offers and frames.
import Foundation

public final class TransferFrameAnalyzer: Sendable {
    private let scanner = TransferScanner()

    public init() {}

    /// One luma plane (lent to Rust for the call, not copied); the transfer texts it shows.
    public func analyze(luma: Data, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) throws -> TransferScan {
        let rotation: Rotation
        switch ((rotationDegrees % 360) + 360) % 360 {
        case 0: rotation = .r0
        case 90: rotation = .r90
        case 180: rotation = .r180
        case 270: rotation = .r270
        default:
            throw KulcsError.InvalidInput(field: "rotation", kind: "InvalidRotation",
                                          reason: "rotation must be a multiple of 90 degrees, got \(rotationDegrees)")
        }
        guard let w = UInt32(exactly: width), let h = UInt32(exactly: height), let s = UInt32(exactly: rowStride) else {
            throw KulcsError.InvalidInput(field: "frame", kind: "InvalidFrame", reason: "frame dimensions out of range")
        }
        return try scanner.pushFrame(luma: luma, width: w, height: h, rowStride: s, rotation: rotation)
    }
}
