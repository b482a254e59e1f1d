//! The live code list (twin of Kotlin's CodeListFlowTest): one list of core's rows per second of
//! clock time, with core's expiry rule.
import Foundation
import Kulcs
import XCTest

/// A clock that only moves when the stream sleeps, remembering each sleep.
private final class ManualTime: @unchecked Sendable {
    private let lock = NSLock()
    private var millis: Int64
    private var slept: [Int64] = []

    init(_ start: Int64) { millis = start }

    var now: Int64 { lock.withLock { millis } }
    var sleeps: [Int64] { lock.withLock { slept } }

    func advance(_ ms: Int64) {
        lock.withLock {
            millis += ms
            slept.append(ms)
        }
    }
}

/// Lets the stream's sleep finish only after the consumer has handled the previous list, so
/// the test sees every emission in order.
private actor Gate {
    private var permits = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func pass() async {
        if permits > 0 {
            permits -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    func open() {
        if waiting.isEmpty {
            permits += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

final class CodeListStreamTests: XCTestCase {
    func testEmitsEverySecondAndSwitchesAtTheStepBoundary() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Start at 1700000007.5 s: 2.5 s before the 30 s step ends at 1700000010, inside core's
        // "expiring soon" window.
        let start: Int64 = 1_700_000_007_500
        let time = ManualTime(start)
        let clock = WallClock { time.now }
        let vault = try KulcsVault.create(at: dir.appendingPathComponent("v.kulcs"),
                                          keyStore: FileKeyStore(path: dir.appendingPathComponent("k").path), clock: clock)
        _ = try vault.addImage(Data(contentsOf: Repo.file("examples/ugyfelkapu-enrolment.png")))

        let gate = Gate()
        var rows: [CodeRow] = []
        for try await list in vault.codeListStream(clock: clock, sleep: { ms in
            await gate.pass()
            time.advance(ms)
        }) {
            rows.append(list[0])
            if rows.count == 4 { break }
            await gate.open()
        }
        XCTAssertEqual(rows.map(\.secondsLeft), [3, 2, 1, 30])
        XCTAssertEqual(rows.map(\.expiring), [true, true, true, false])
        XCTAssertEqual(rows[3].code, rows[0].nextCode)
        XCTAssertEqual(Array(time.sleeps.prefix(3)), [500, 1000, 1000], "aligned to whole seconds")
    }
}
