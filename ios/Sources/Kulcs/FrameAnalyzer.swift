//! Owns live QR scanning for Swift: camera luma planes in, scan hints and found codes out.
import Foundation

/// Feeds camera frames to core's live QR scanner. Call from one capture queue.
public final class FrameAnalyzer: Sendable {
    private let scanner = QrScanner()

    public init() {}

    /// Scans one frame: `luma` with `rowStride` bytes per row and the clockwise
    /// `rotationDegrees` (0, 90, 180 or 270) the camera reports. The bytes are lent to Rust
    /// for the call, not copied.
    public func analyze(luma: Data, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) throws -> FrameScan {
        try scanner.pushFrame(
            luma: luma,
            width: try dimension(width, "width"),
            height: try dimension(height, "height"),
            rowStride: try dimension(rowStride, "rowStride"),
            rotation: try rotation(rotationDegrees)
        )
    }

    /// Scans a plane in memory the caller owns for the duration of the call (e.g. the locked
    /// base address of a `CVPixelBuffer`'s luma plane), without copying it.
    public func analyze(
        baseAddress: UnsafeRawPointer, byteCount: Int, width: Int, height: Int, rowStride: Int, rotationDegrees: Int
    ) throws -> FrameScan {
        let plane = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: baseAddress), count: byteCount, deallocator: .none)
        return try analyze(luma: plane, width: width, height: height, rowStride: rowStride, rotationDegrees: rotationDegrees)
    }

    private func dimension(_ value: Int, _ name: String) throws -> UInt32 {
        guard let v = UInt32(exactly: value) else {
            throw KulcsError.InvalidInput(field: "frame", kind: "InvalidFrame", reason: "\(name) \(value) is out of range")
        }
        return v
    }

    private func rotation(_ degrees: Int) throws -> Rotation {
        switch ((degrees % 360) + 360) % 360 {
        case 0: return .r0
        case 90: return .r90
        case 180: return .r180
        case 270: return .r270
        default:
            throw KulcsError.InvalidInput(field: "rotation", kind: "InvalidRotation",
                                          reason: "rotation must be a multiple of 90 degrees, got \(degrees)")
        }
    }
}
