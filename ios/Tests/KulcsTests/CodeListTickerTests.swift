//! The started code list (twin of Kotlin's CodeListTickerTest): it ticks every second of virtual
//! time, the next code appears near the end of the step, and VoiceOver hears the focused row only
//! at 5 s left and on a new code.
import Foundation
import Kulcs
import XCTest

/// A sleep that moves the test clock instead of waiting, one step per call of `step()`.
private actor Ticks {
    private var permits = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    func pass() async {
        if permits > 0 { permits -= 1 } else { await withCheckedContinuation { waiting.append($0) } }
    }
    func open() {
        if waiting.isEmpty { permits += 1 } else { waiting.removeFirst().resume() }
    }
}

/// What the list showed at each change (appended on the ticker's task, read by the test).
private final class Seen: @unchecked Sendable {
    typealias Row = (left: UInt32, next: String?, spoken: String, announcement: Announcement?)
    private let lock = NSLock()
    private var all: [Row] = []
    func append(_ row: Row) { lock.lock(); all.append(row); lock.unlock() }
    var rows: [Row] { lock.lock(); defer { lock.unlock() }; return all }
}

final class CodeListTickerTests: XCTestCase {
    func testStartedListCountsDownAndShowsTheNextCodeNearTheEnd() async throws {
        let dir = try TempDir("ticker")
        defer { dir.remove() }
        let clock = TestClock(seconds: t0 - 15) // 25 s left of the step 1699999980..1700000010
        let vault = try dir.vault(clock: clock.wall)
        _ = try vault.addImage(try enrolmentImage())
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        let first = try XCTUnwrap(list.state.rows.first)
        list.setFocus(first.id)

        let ticks = Ticks()
        let seenBox = Seen()
        list.onChange = { s in
            guard let row = s.rows.first, s.error == nil else { return }
            seenBox.append((row.secondsLeft, row.nextGrouped, row.codeSpoken, s.announcement))
        }
        let task = list.start(clock: clock.wall, sleep: { ms in
            await ticks.pass()
            clock.millis += ms
        })
        // 25 → 1 s left is 24 ticks, then 30 and 29: 26 seconds of virtual time. Each second
        // passes only after the list showed the previous one (the clock is read by the refresh).
        for k in 1...27 {
            for _ in 0..<2000 where seenBox.rows.count < k { try await Task.sleep(nanoseconds: 2_000_000) }
            if k < 27 { await ticks.open() }
        }
        task.cancel()
        let seen = seenBox.rows

        XCTAssertEqual(seen.map(\.left), Array(1...25).reversed().map(UInt32.init) + [30, 29])
        XCTAssertNil(seen[0].next, "no next code with 25 s left")
        XCTAssertNotNil(seen.first { $0.left == 2 }?.next, "the next code near the end of the step")
        let newSpoken = try XCTUnwrap(seen.first { $0.left == 30 }?.spoken)
        XCTAssertNotEqual(newSpoken, first.codeSpoken)
        XCTAssertEqual(seen.compactMap(\.announcement), [
            .secondsLeft(name: first.displayName, seconds: 5),
            .newCode(name: first.displayName, codeSpoken: newSpoken),
        ], "announced only at 5 s left and on the new code")
        XCTAssertEqual(seen.first { $0.left == 5 }?.announcement, .secondsLeft(name: first.displayName, seconds: 5))
    }

    func testTheCountdownIsAnnouncedOnlyAtFiveSecondsAndOnANewCode() throws {
        let dir = try TempDir("announce")
        defer { dir.remove() }
        let clock = TestClock(seconds: t0 + 4) // 6 s left of the step ending at 1700000010
        let vault = try dir.vault(clock: clock.wall)
        _ = try vault.addImage(try enrolmentImage())
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        let row = try XCTUnwrap(list.state.rows.first)
        XCTAssertNil(list.state.announcement, "nothing is announced without a focused row")
        clock.millis += 1000
        list.refresh()
        XCTAssertNil(list.state.announcement, "nothing is announced without a focused row")

        clock.set(seconds: t0 + 4)
        list.setFocus(row.id)
        list.refresh()
        XCTAssertNil(list.state.announcement, "6 s left: quiet")
        clock.set(seconds: t0 + 5)
        list.refresh()
        XCTAssertEqual(list.state.announcement, .secondsLeft(name: row.displayName, seconds: 5))
        list.refresh()
        XCTAssertNil(list.state.announcement, "once, even if the list refreshes again within that second")
        for s in Int64(6)...9 {
            clock.set(seconds: t0 + s)
            list.refresh()
            XCTAssertNil(list.state.announcement, "\(10 - s) s left: quiet")
        }
        clock.set(seconds: t0 + 10)
        list.refresh()
        let next = try XCTUnwrap(list.state.rows.first)
        XCTAssertNotEqual(next.code, row.code)
        XCTAssertEqual(list.state.announcement, .newCode(name: row.displayName, codeSpoken: next.codeSpoken))
        clock.millis += 1000
        list.refresh()
        XCTAssertNil(list.state.announcement)
        list.setFocus(nil)
        clock.set(seconds: t0 + 35)
        list.refresh()
        XCTAssertNil(list.state.announcement, "focus gone: quiet again")
    }
}
