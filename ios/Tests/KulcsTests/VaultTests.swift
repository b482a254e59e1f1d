//! The enrolment scenario and the vault operations a phone app uses, through KulcsVault.
import Foundation
import Kulcs
import XCTest

final class VaultTests: XCTestCase {
    /// 2023-11-14 22:13:20 UTC, the time the CLI is asked about.
    private let at = WallClock { 1_700_000_000_000 }
    private var dir: URL!
    private var vaultFile: URL { dir.appendingPathComponent("vault.kulcs") }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-swift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func keyStore(_ name: String = "device.key") -> KeyStore {
        FileKeyStore(path: dir.appendingPathComponent(name).path)
    }

    func testEnrolmentImageGivesTheCliCode() throws {
        let vault = try KulcsVault.create(at: vaultFile, keyStore: keyStore(), clock: at)
        let outcome = try vault.addImage(Data(contentsOf: Repo.file("examples/ugyfelkapu-enrolment.png")))
        guard case .added = outcome.first, outcome.count == 1 else { return XCTFail("\(outcome)") }
        let rows = try vault.codes()
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows[0].issuer, "Ügyfélkapu+")
        XCTAssertEqual(rows[0].label, "kovacs.janos@ugyfelkapu.gov.hu")
        XCTAssertEqual(rows[0].window.code, Repo.enrolmentCodeAt1700000000)
    }

    func testTypedKeyDuplicatesNotesVerifyAndDelete() throws {
        let keys = keyStore()
        var id = ""
        do {
            let vault = try KulcsVault.create(at: vaultFile, keyStore: keys, clock: at)
            guard case .added(let first) = try vault.addUgyfelkapu(username: "kovacs.janos", setupKey: "jbsw y3dp ehpk 3pxp")
            else { return XCTFail("not added") }
            id = first
            XCTAssertEqual(try vault.addUgyfelkapu(username: "kovacs.janos", setupKey: "JBSW-Y3DP-EHPK-3PXP"), .alreadyPresent(id: id))
            guard case .addedWithConflict(_, let conflicts) = try vault.addUgyfelkapu(username: "kovacs.janos", setupKey: "KULCSPELDAKULCS2")
            else { return XCTFail("no conflict reported") }
            XCTAssertEqual(conflicts, [id])
            XCTAssertEqual(try vault.duplicates().count, 1)
            try vault.setNote(id: id, note: "törlőkód: 1234")
            try vault.rename(id: id, issuer: "Ügyfélkapu+", label: "régi kulcs")
            let row = try XCTUnwrap(try vault.codes().first { $0.id == id })
            XCTAssertTrue(row.hasNote)
            XCTAssertTrue(try vault.verify(code: row.window.code).contains(VerifyMatch(id: id, stepOffset: 0)))
            try vault.setPassphrase("correct horse")
        }
        do {
            let vault = try KulcsVault.open(at: vaultFile, keyStore: keys, clock: at)
            XCTAssertEqual(try vault.note(id: id), "törlőkód: 1234")
            try vault.delete(id: id)
            XCTAssertThrowsError(try vault.note(id: id)) { error in
                guard case KulcsError.NotFound = error else { return XCTFail("\(error)") }
            }
        }
        XCTAssertThrowsError(try KulcsVault.openWithPassphrase(at: vaultFile, passphrase: "wrong", clock: at)) { error in
            guard case KulcsError.WrongKeyOrDamaged = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try KulcsVault.openWithPassphrase(at: vaultFile, passphrase: "correct horse", clock: at).codes().count, 1)
    }

    func testScannedEnrolmentIsAddedOnce() throws {
        let vault = try KulcsVault.create(at: vaultFile, keyStore: keyStore(), clock: at)
        let scanned = try parseUri(uri: "otpauth://totp/Test:alice?secret=JBSWY3DPEHPK3PXP&issuer=Test")
        guard case .added(let id) = try vault.addScanned(scanned) else { return XCTFail("not added") }
        XCTAssertEqual(try vault.addScanned(scanned), .alreadyPresent(id: id))
        XCTAssertEqual(try vault.codes().map(\.label), ["alice"])
    }

    func testExistingVaultIsNeverReplaced() throws {
        _ = try KulcsVault.create(at: vaultFile, keyStore: keyStore(), clock: at)
        XCTAssertTrue(try KulcsVault.exists(at: vaultFile))
        XCTAssertThrowsError(try KulcsVault.create(at: vaultFile, keyStore: keyStore(), clock: at)) { error in
            guard case KulcsError.Storage(let kind, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(kind, .alreadyExists)
        }
    }

    func testAnotherDevicesKeyCannotOpenIt() throws {
        _ = try KulcsVault.create(at: vaultFile, keyStore: keyStore(), clock: at)
        let other = keyStore("other.key")
        _ = try other.wrap(keyId: "unrelated", plaintext: Data(count: 32))  // creates another key file
        XCTAssertThrowsError(try KulcsVault.open(at: vaultFile, keyStore: other, clock: at)) { error in
            guard case KulcsError.WrongKeyOrDamaged = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try KulcsVault.open(at: vaultFile, keyStore: keyStore("absent.key"), clock: at)) { error in
            guard case KulcsError.KeyStore(let failure, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(failure, .keyMissing)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("absent.key").path))
    }

    func testClockOffsetShiftsTheCode() throws {
        let vault = try KulcsVault.create(at: vaultFile, keyStore: keyStore(), clock: at)
        _ = try vault.addImage(Data(contentsOf: Repo.file("examples/ugyfelkapu-enrolment.png")))
        let now = try vault.codes()[0].window
        try vault.setClockOffsetSeconds(30)
        XCTAssertEqual(try vault.clockOffsetSeconds(), 30)
        XCTAssertEqual(try vault.codes()[0].window.code, now.next)
    }
}
