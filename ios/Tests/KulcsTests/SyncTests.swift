//! Two vaults syncing through a temp-dir SyncFolder (twin of Kotlin's SyncTest and
//! SyncViewModelTest): adds and deletes travel both ways, a hostile folder gives report entries
//! or a typed error, a change triggers a round, a failed round shows its sentence.
import Foundation
import Kulcs
import XCTest

let bank = "otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank"
let mail = "otpauth://totp/Mail:anna?secret=JBSWY3DPEHPK3PXP&issuer=Mail"

/// A clock the test moves by hand (Unix milliseconds).
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var ms: Int64 = 1_700_000_000_000
    var millis: Int64 {
        get { lock.lock(); defer { lock.unlock() }; return ms }
        set { lock.lock(); ms = newValue; lock.unlock() }
    }
    var wall: WallClock { WallClock { [self] in self.millis } }
}

/// A sync transfer from `old` to `new` through the bindings: `new` joins `old`'s group.
func joinBySyncTransfer(_ old: KulcsVault, _ new: KulcsVault) throws {
    let receiver = try VaultTransferReceiver(vault: new)
    let sender = VaultTransferSender(vault: old, withSync: true)
    try sender.scanOffer(receiver.offerText)
    for frame in try sender.confirm(typedCode: receiver.revealCode()) {
        _ = try receiver.accept(frameText: frame)
    }
    _ = try receiver.importAll()
}

/// Wraps a folder; reading `failing` throws a plain Swift error, listing throws when `unmounted`.
final class HostileFolder: SyncFolder, @unchecked Sendable {
    struct DiskOnFire: Error, CustomStringConvertible { var description: String { "disk on fire" } }
    let inner: SyncFolder
    var failing: String?
    var unmounted = false
    init(_ inner: SyncFolder) { self.inner = inner }
    func list() throws -> [String] {
        if unmounted { throw SyncFolderError.Io(reason: "the folder was unmounted") }
        return try inner.list()
    }
    func read(name: String, maxBytes: UInt64) throws -> Data {
        if name == failing { throw DiskOnFire() }
        return try inner.read(name: name, maxBytes: maxBytes)
    }
    func write(name: String, bytes: Data) throws { try inner.write(name: name, bytes: bytes) }
    func delete(name: String) throws { try inner.delete(name: name) }
}

final class SyncTests: XCTestCase {
    var root: URL!
    let clock = ManualClock()

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

    private func syncKind(_ body: () throws -> Void) -> String? {
        do { try body() } catch KulcsError.Sync(let kind, _) { return kind } catch { return "other: \(error)" }
        return nil
    }

    func testAnAddOnATravelsToBAndADeleteOnBTravelsBack() throws {
        let a = try vault("a"), b = try vault("b")
        _ = try a.addUri(bank)
        XCTAssertFalse(try a.inSyncGroup())
        XCTAssertEqual(syncKind { _ = try a.syncNow(shared) }, "NotInGroup")
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
        XCTAssertEqual(byFile["0123456789abcdef.kulcs-replica"]?.kind, "NotReplica", "\(report)")
        XCTAssertEqual(byFile[aFile]?.kind, "Io", "\(report)")

        hostile.unmounted = true
        XCTAssertEqual(syncKind { _ = try b.syncNow(hostile) }, "Io")
        // The vault still works and still syncs afterwards.
        _ = try b.syncNow(shared)
        XCTAssertEqual(try b.codes().map(\.issuer), ["Bank"])
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
            XCTAssertEqual(kind, "Removed")
        }

        // The folder goes away: the round fails, the state carries core's sentence.
        hostile.unmounted = true
        clock.millis += 5000
        try a.rename(id: try a.codes()[0].id, issuer: "Bank", label: "anna2")
        XCTAssertEqual(model.state.error?.kind, "Io")
        XCTAssertEqual(model.state.error?.field, "sync")
        XCTAssertTrue(model.state.error?.detail.contains("the folder was unmounted") ?? false, "\(model.state)")
        XCTAssertEqual(model.state.lastSyncMillis, 1_700_000_005_000, "the last good round stays shown")

        hostile.unmounted = false
        model.onResume()
        XCTAssertNil(model.state.error)
        model.close()
    }
}
