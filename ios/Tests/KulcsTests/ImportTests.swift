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

    func testAutomaticBackupsFollowEveryChangeKeepTheLastNAndTestThePassphrase() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-auto-\(UUID().uuidString)")
        let folderDir = dir.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: folderDir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = FileSyncFolder(directory: folderDir)
        func ours() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folderDir.path)
                .filter { $0.hasPrefix("kulcs-backup-") && $0.hasSuffix(".kulcsbak") }.sorted()
        }
        let vault = try KulcsVault.create(at: dir.appendingPathComponent("auto.kulcs"),
                                          keyStore: FileKeyStore(path: dir.appendingPathComponent("auto.key").path),
                                          clock: WallClock { 1_700_000_000_000 })
        XCTAssertNil(try vault.autoBackupStatus())
        let first = try vault.setAutoBackup(folderId: folderDir.path, keep: 2, passphrase: "hosszú jelszó", folder: folder)
        XCTAssertNil(first.failureReason)
        XCTAssertEqual(first.lastName, try ours().first)
        guard case .added(let id)? = try vault.importFile(ImportFile.read(bytes: aegis, password: nil)).first else { return XCTFail() }
        try vault.setNote(id: id, note: "törlőkód: 5678")
        XCTAssertEqual(try ours().count, 2, "the last 2 kept")
        let newest = try Data(contentsOf: folderDir.appendingPathComponent(try ours().last!))
        XCTAssertEqual(try backupInfo(bytes: newest, passphrase: "hosszú jelszó").accounts, 1)
        XCTAssertThrowsError(try vault.testBackupPassphrase(folder, passphrase: "rossz jelszó!")) { error in
            guard case KulcsError.WrongKeyOrDamaged = error else { return XCTFail("\(error)") }
        }
        XCTAssertEqual(try vault.testBackupPassphrase(folder, passphrase: "hosszú jelszó").name, try ours().last)
        XCTAssertEqual(try vault.autoBackupStatus()?.testDue, false)
        try vault.turnOffAutoBackup()
        XCTAssertNil(try vault.autoBackupStatus())
    }

    func testTheEmergencySheetCarriesANewRecoveryCodeThatOpensTheVault() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-sheet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sheet.kulcs")
        let clock = WallClock { 1_700_000_000_000 }
        var vault: KulcsVault? = try KulcsVault.create(at: path, keyStore: FileKeyStore(path: dir.appendingPathComponent("sheet.key").path), clock: clock)
        _ = try vault!.importFile(ImportFile.read(bytes: aegis, password: nil))
        let sheet = try vault!.emergencySheet(.hungarian, newRecoveryCode: true, made: "2026-12-02")
        XCTAssertEqual(String(decoding: sheet.pdf.prefix(5), as: UTF8.self), "%PDF-")
        XCTAssertEqual(sheet.pages, 1)
        XCTAssertNil(try vault!.emergencySheet(.english, newRecoveryCode: false, made: "2026-12-02").recoveryCode)
        vault = nil
        let reopened = try KulcsVault.openWithRecoveryCode(at: path, code: sheet.recoveryCode!, clock: clock)
        XCTAssertEqual(try reopened.codes().count, 1)
    }
}
