//! Owns live QR scanning for Swift: camera luma planes in, scan hints and found codes out.
import Foundation

/// Feeds camera frames to core's live QR scanner. Call from one capture queue.
public final class FrameAnalyzer: Sendable {
    private let scanner = QrScanner()

    public init() {}

    /// Scans one frame: `luma` with `rowStride` bytes per row and the clockwise
    /// `rotationDegrees` (0, 90, 180 or 270) the camera reports. The bytes are lent to Rust
    /// for the call, not copied. Core checks the dimensions (`InvalidFrame`; a negative or
    /// oversized number is clamped, so core refuses it) and the rotation (`InvalidRotation`).
    public func analyze(luma: Data, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) throws -> FrameScan {
        try scanner.pushFrame(
            luma: luma,
            width: UInt32(clamping: width),
            height: UInt32(clamping: height),
            rowStride: UInt32(clamping: rowStride),
            rotation: try rotationFromDegrees(degrees: Int32(clamping: rotationDegrees))
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

    /// Every QR text in one frame (one full decode, for a frame the scanner reported `found`):
    /// what `classifyScan` sorts into enrolments, export batches and transfer offers.
    public func texts(luma: Data, width: Int, height: Int, rowStride: Int) -> [String] {
        (try? decodeQrFrame(luma: luma, width: UInt32(clamping: width), height: UInt32(clamping: height),
                            rowStride: UInt32(clamping: rowStride))) ?? []
    }
}
