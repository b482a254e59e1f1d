//! Another app's export file through the FFI: read, listed for a preview, imported all at once
//! with its notes and groups, and typed errors (twin of Kotlin's ImportTest).
import Foundation
import Kulcs
import XCTest

final class ImportTests: XCTestCase {
    /// An Aegis plain export of our own: the Ügyfélkapu+ account with its törlőkód, and an mOTP entry.
    private let aegis = Data("""
        {"version":1,"header":{"slots":null,"params":null},"db":{"version":3,"groups":[{"uuid":"g1","name":"Család"}],
         "entries":[
          {"type":"totp","uuid":"a","name":"kovacs.janos@ugyfelkapu.gov.hu","issuer":"Ügyfélkapu+","note":"törlőkód: 1234",
           "favorite":true,"info":{"secret":"JBSWY3DPEHPK3PXP","algo":"SHA1","digits":6,"period":30},"groups":["g1"]},
          {"type":"motp","uuid":"b","name":"old","issuer":"Bank","note":"","info":{"secret":"abcd","pin":"1234"},"groups":[]}
         ]}}
        """.utf8)

    func testAegisExportIsPreviewedThenImportedWithNoteAndGroups() throws {
        let file = try ImportFile.read(bytes: aegis, password: nil)
        XCTAssertEqual(file.appName(), "Aegis")
        XCTAssertEqual(file.accounts().count, 1)
        let entry = file.accounts()[0]
        XCTAssertEqual(entry.issuer, "Ügyfélkapu+")
        XCTAssertEqual(entry.groups, ["Család"])
        XCTAssertTrue(entry.hasNote && entry.favourite)
        XCTAssertEqual(file.refused().map(\.kind), [.unsupportedType])

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let vault = try KulcsVault.create(at: dir.appendingPathComponent("v.kulcs"),
                                          keyStore: FileKeyStore(path: dir.appendingPathComponent("v.key").path),
                                          clock: WallClock { 1_700_000_000_000 })
        guard case .added(let id)? = try vault.importFile(file).first else { return XCTFail() }
        XCTAssertEqual(try vault.note(id: id), "törlőkód: 1234")
        XCTAssertEqual(try vault.importFile(file), [.alreadyPresent(id: id)])
    }

    func testEncryptedAegisExportAsksForItsPassword() throws {
        let bytes = try Data(contentsOf: Repo.file("../shared/fixtures/imports/aegis_encrypted.json"))
        XCTAssertEqual(invalidInput { try ImportFile.read(bytes: bytes, password: nil) }?.kind, .importPasswordNeeded)
        XCTAssertEqual(invalidInput { try ImportFile.read(bytes: bytes, password: "wrong") }?.kind, .importWrongPassword)
        XCTAssertFalse(try ImportFile.read(bytes: bytes, password: "test").accounts().isEmpty)
    }

    func testJunkIsUnrecognised() {
        XCTAssertEqual(invalidInput { try ImportFile.read(bytes: Data("hello".utf8), password: nil) }?.kind, .importUnrecognised)
    }

    func testKulcsBackupRestoresEveryNoteIntoAFreshVaultAndAegisExportReimports() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func vault(_ name: String) throws -> KulcsVault {
            try KulcsVault.create(at: dir.appendingPathComponent("\(name).kulcs"),
                                  keyStore: FileKeyStore(path: dir.appendingPathComponent("\(name).key").path),
                                  clock: WallClock { 1_700_000_000_000 })
        }
        let old = try vault("old")
        _ = try old.importFile(ImportFile.read(bytes: aegis, password: nil))
        let backup = try old.exportFile(.kulcsBackup, passphrase: "hosszú jelszó")
        let aegisFile = try old.exportFile(.aegisEncrypted, passphrase: "hosszú jelszó")
        XCTAssertEqual(invalidInput { try old.exportFile(.kulcsBackup, passphrase: "rövid") }?.kind, .passphraseTooShort)
        XCTAssertEqual(try backupInfo(bytes: backup, passphrase: "hosszú jelszó").accounts, 1)
        XCTAssertEqual(try ImportFile.read(bytes: aegisFile, password: "hosszú jelszó").accounts().first?.issuer, "Ügyfélkapu+")
        let new = try vault("new")
        guard case .added(let id)? = try new.restoreBackup(backup, passphrase: "hosszú jelszó").first else { return XCTFail() }
        XCTAssertEqual(try new.note(id: id), "törlőkód: 1234")
        XCTAssertEqual(try new.restoreBackup(backup, passphrase: "hosszú jelszó"), [.alreadyPresent(id: id)])
    }
}
