//! The sync view-model (twin of Kotlin's SyncViewModelTest): a change triggers a round, a lost
//! device is removed, a failed round shows its sentence and the last good one stays shown.
import Foundation
import Kulcs
import XCTest

final class SyncViewModelTests: XCTestCase {
    var root: URL!
    let clock = TestClock()

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-syncvm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("shared"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    private var shared: FileSyncFolder { FileSyncFolder(directory: root.appendingPathComponent("shared")) }

    private func vault(_ name: String) throws -> KulcsVault {
        try KulcsVault.create(at: root.appendingPathComponent("\(name).kulcs"),
                              keyStore: FileKeyStore(path: root.appendingPathComponent("\(name).key").path), clock: clock.wall)
    }

    func testAChangeTriggersASyncAndAFailedSyncShowsItsSentence() throws {
        let a = try vault("a"), b = try vault("b")
        let hostile = HostileFolder(shared)
        var chosen: SyncFolder?
        let model = SyncViewModel(vault: a, folder: { chosen }, clock: clock.wall)
        model.onStart()
        XCTAssertEqual(model.state.setup, .noFolder)
        chosen = hostile
        model.onFolderChosen()
        XCTAssertEqual(model.state.setup, .notInGroup)

        _ = try a.addUri(bank)
        try joinBySyncTransfer(a, b)
        model.onResume()
        XCTAssertEqual(model.state.setup, .ready)
        XCTAssertEqual(model.state.lastSyncMillis, 1_700_000_000_000)
        XCTAssertEqual(model.state.devices.filter(\.isThisDevice).map(\.id), [try a.deviceId()])

        // A change on A is published without any explicit sync call.
        clock.millis += 5000
        _ = try a.addUri(mail)
        XCTAssertEqual(model.state.lastSyncMillis, 1_700_000_005_000)
        XCTAssertEqual(try b.syncNow(shared).added, 1)

        model.onResume()
        let bId = try b.deviceId()
        XCTAssertTrue(model.state.devices.contains { $0.id == bId && !$0.isThisDevice }, "\(model.state)")

        // B is lost: removing it syncs at once, and B reads nothing newer.
        model.removeDevice(bId)
        XCTAssertEqual(model.state.devices.map(\.id), [try a.deviceId()])
        XCTAssertThrowsError(try b.syncNow(shared)) { error in
            guard case KulcsError.Sync(let kind, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(kind, .removed)
        }

        // The folder goes away: the round fails, the state carries core's sentence.
        hostile.unmounted = true
        clock.millis += 5000
        try a.rename(id: try a.codes()[0].id, issuer: "Bank", label: "anna2")
        XCTAssertEqual(model.state.error?.kind, .io)
        XCTAssertEqual(model.state.error?.field, "sync")
        XCTAssertTrue(model.state.error?.detail.contains("the folder was unmounted") ?? false, "\(model.state)")
        XCTAssertEqual(model.state.lastSyncMillis, 1_700_000_005_000, "the last good round stays shown")

        hostile.unmounted = false
        model.onResume()
        XCTAssertNil(model.state.error)
        model.close()
    }
}
