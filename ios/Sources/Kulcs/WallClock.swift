//! Owns the device clock the shell hands to core: injectable so tests run at fixed times.
import Foundation

/// The device's wall clock in Unix milliseconds. The vault adds its own clock offset.
public struct WallClock: Sendable {
    public let nowMillis: @Sendable () -> Int64

    public init(nowMillis: @escaping @Sendable () -> Int64) {
        self.nowMillis = nowMillis
    }

    /// The system clock.
    public static let system = WallClock { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
