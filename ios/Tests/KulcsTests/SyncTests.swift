//! Two vaults syncing through a temp-dir SyncFolder (twin of Kotlin's SyncTest): adds and deletes
//! travel both ways, a hostile folder gives report entries or a typed error.
import Foundation
import Kulcs
import XCTest

final class SyncTests: XCTestCase {
    var root: URL!
    let clock = TestClock()

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-sync-\(UUID().uuidString)")
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

    private func syncKind(_ body: () throws -> Void) -> ErrorKind? {
        do { try body() } catch KulcsError.Sync(let kind, _) { return kind } catch { XCTFail("not a sync error: \(error)") }
        return nil
    }

    func testAnAddOnATravelsToBAndADeleteOnBTravelsBack() throws {
        let a = try vault("a"), b = try vault("b")
        _ = try a.addUri(bank)
        XCTAssertFalse(try a.inSyncGroup())
        XCTAssertEqual(syncKind { _ = try a.syncNow(shared) }, .notInGroup)
        try joinBySyncTransfer(a, b)
        XCTAssertTrue(try a.inSyncGroup() && b.inSyncGroup())

        clock.millis += 1000
        _ = try a.addUri(mail)
        XCTAssertEqual(try a.syncNow(shared).rejected.count, 0)
        let got = try b.syncNow(shared)
        XCTAssertEqual(got.added, 1, "\(got)")
        XCTAssertEqual(got.merged.map(\.device), [try a.deviceId()])
        XCTAssertEqual(Set(try b.codes().map(\.issuer)), ["Bank", "Mail"])

        clock.millis += 1000
        try b.delete(id: try b.codes().first { $0.issuer == "Bank" }!.id)
        _ = try b.syncNow(shared)
        let back = try a.syncNow(shared)
        XCTAssertEqual(back.removed, 1, "\(back)")
        XCTAssertEqual(try a.codes().map(\.issuer), ["Mail"])
    }

    func testAHostileFolderGivesReportEntriesOrATypedErrorNeverACrash() throws {
        let a = try vault("a"), b = try vault("b")
        _ = try a.addUri(bank)
        try joinBySyncTransfer(a, b)
        _ = try a.syncNow(shared)
        try Data((0..<300).map { UInt8(truncatingIfNeeded: $0 * 7) })
            .write(to: root.appendingPathComponent("shared/0123456789abcdef.kulcs-replica"))
        // Replica names do not show device ids: A's is the one other real replica there.
        let aFile = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("shared").path)
            .first { $0.hasSuffix(".kulcs-replica") && !$0.hasPrefix(".") && $0 != "0123456789abcdef.kulcs-replica" }!
        let hostile = HostileFolder(shared)
        hostile.failing = aFile

        let report = try b.syncNow(hostile)
        let byFile = Dictionary(uniqueKeysWithValues: report.rejected.map { ($0.file, $0) })
        XCTAssertEqual(byFile["0123456789abcdef.kulcs-replica"]?.kind, .notReplica, "\(report)")
        XCTAssertEqual(byFile[aFile]?.kind, .io, "\(report)")

        hostile.unmounted = true
        XCTAssertEqual(syncKind { _ = try b.syncNow(hostile) }, .io)
        // The vault still works and still syncs afterwards.
        _ = try b.syncNow(shared)
        XCTAssertEqual(try b.codes().map(\.issuer), ["Bank"])
    }
}
