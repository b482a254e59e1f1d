//! Owns camera frames for the transfer screens (Swift twin of Kotlin's TransferFrameAnalyzer):
//! core's live scanner, handing back the text of transfer offers and frames.
import Foundation

/// Feeds camera luma planes to core's transfer scanner. Call from one capture queue.
public final class TransferFrameAnalyzer: Sendable {
    private let scanner = TransferScanner()

    public init() {}

    /// One luma plane (lent to Rust for the call, not copied); the transfer texts it shows.
    /// Core checks the dimensions (`InvalidFrame`) and the rotation (`InvalidRotation`).
    public func analyze(luma: Data, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) throws -> TransferScan {
        try scanner.pushFrame(luma: luma, width: UInt32(clamping: width), height: UInt32(clamping: height),
                              rowStride: UInt32(clamping: rowStride),
                              rotation: try rotationFromDegrees(degrees: Int32(clamping: rotationDegrees)))
    }
}
