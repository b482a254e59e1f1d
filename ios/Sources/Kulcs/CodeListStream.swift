//! Owns the live code list for Swift: an AsyncThrowingStream that re-reads the codes at every
//! second.

extension KulcsVault {
    /// Sleeps for a number of milliseconds (injectable so tests control time).
    public typealias Sleeper = @Sendable (_ milliseconds: Int64) async throws -> Void

    /// Emits the code list now and then at the start of every following second of `clock`
    /// time, until the consumer stops iterating. Each row carries `window.expiringSoon`, core's
    /// rule for when to show the next code. A slow consumer gets the newest list, not a backlog.
    public func codeListStream(
        clock: WallClock = .system,
        sleep: @escaping Sleeper = { try await Task.sleep(nanoseconds: UInt64($0) * 1_000_000) }
    ) -> AsyncThrowingStream<[AccountCode], Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                do {
                    while !Task.isCancelled {
                        continuation.yield(try self.codes())
                        let millis = clock.nowMillis()
                        let intoSecond = ((millis % 1000) + 1000) % 1000
                        try await sleep(1000 - intoSecond)
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
