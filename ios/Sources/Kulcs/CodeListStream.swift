//! Owns the live code list for Swift (twin of Kotlin's CodeListFlow): an AsyncThrowingStream of
//! core's rows at every second.

extension KulcsVault {
    /// Sleeps for a number of milliseconds (injectable so tests control time).
    public typealias Sleeper = @Sendable (_ milliseconds: Int64) async throws -> Void

    /// Emits core's rows (`codeRows(query:group:)`) now and then at the start of every following
    /// second of `clock` time, until the consumer stops iterating. Each row carries `expiring`,
    /// core's rule for when to show the next code. A slow consumer gets the newest list, not a
    /// backlog.
    public func codeListStream(
        query: String? = nil,
        group: String? = nil,
        clock: WallClock = .system,
        sleep: @escaping Sleeper = { try await Task.sleep(nanoseconds: UInt64($0) * 1_000_000) }
    ) -> AsyncThrowingStream<[CodeRow], Error> {
        AsyncThrowingStream(bufferingPolicy: .bufferingNewest(1)) { continuation in
            let task = Task {
                do {
                    while !Task.isCancelled {
                        continuation.yield(try self.codeRows(query: query, group: group))
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
