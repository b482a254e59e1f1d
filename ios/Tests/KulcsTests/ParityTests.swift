//! One test per parity row of docs/apps.md not covered by another class (twin of Kotlin's
//! ParityTest): Google export, one account's QR, unlock by device key, passphrase and recovery
//! code, the recovery code screen, groups and search, HOTP, clock calibration; and issue 12's
//! "no rule is left in the shell": the rules it lists as living in ios/ are looked for in the
//! Swift sources and views, and each must be gone (core answers through the FFI).
import Foundation
import Kulcs
import XCTest

final class ParityTests: XCTestCase {
    private var dir: TempDir!
    private let clock = TestClock(seconds: t0)

    override func setUpWithError() throws { dir = try TempDir("parity") }
    override func tearDownWithError() throws { dir.remove() }

    func testTheTypedCodeIsConfirmedByItselfAtCoresDigitCount() throws {
        let vault = try dir.vault(clock: clock.wall)
        let add = AddByKeyViewModel(vault: vault)
        add.setLabel("kovacs.janos")
        add.setKey("kulc spel daku lcs2")
        let code = try codeOf("KULCSPELDAKULCS2", at: t0)
        add.codeTyped(String(code.prefix(3)) + " " + String(code.dropFirst(3).prefix(2)))
        XCTAssertEqual(add.state.confirmation, .notYet, "5 of 6 digits are not checked yet")
        add.codeTyped(String(code.prefix(3)) + " " + String(code.suffix(3)))
        XCTAssertEqual(add.state.confirmation, .confirmed, "the 6th digit checks it (core's auto_confirm_digits)")
        XCTAssertTrue(add.state.canSave)
        add.save()
        XCTAssertFalse(add.state.canSave, "saved once")
        XCTAssertEqual(CodeListViewModel.clipboardClearSeconds, 30)
    }

    func testHotpMovesToTheNextCounter() throws {
        let vault = try dir.vault(clock: clock.wall)
        guard case .added(let id) = try vault.addUri("otpauth://hotp/Bank:anna?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=0") else {
            return XCTFail()
        }
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        let first = try XCTUnwrap(list.state.rows.first)
        XCTAssertTrue(first.isCounterBased)
        XCTAssertEqual(first.counter, 0)
        list.nextCounterCode(id: id)
        let second = try XCTUnwrap(list.state.rows.first)
        XCTAssertEqual(second.counter, 1)
        XCTAssertNotEqual(second.code, first.code)
        XCTAssertEqual(second.secondsLeft, 0, "no countdown for a counter")
    }

    func testSearchAndGroupFilterTheList() throws {
        let vault = try dir.vault(clock: clock.wall)
        guard case .added(let ugyfel) = try vault.addUgyfelkapu(username: "anna", setupKey: "gezd gnbv gy3t qojq"),
              case .added(let bankId) = try vault.addUri(bank),
              case .added = try vault.addUri(mail) else { return XCTFail() }
        AccountDetailViewModel(vault: vault, id: ugyfel).setGroups(["Állam", " Állam "])
        let detail = AccountDetailViewModel(vault: vault, id: bankId)
        detail.setGroups(["Pénz", "Állam"])
        XCTAssertEqual(Set(detail.state.groups), ["Pénz", "Állam"])
        XCTAssertEqual(try vault.accountGroups(id: ugyfel), ["Állam"], "core trims and drops the repeated group")

        let list = CodeListViewModel(vault: vault)
        list.refresh()
        XCTAssertEqual(list.state.groups, ["Állam", "Pénz"])
        list.setQuery("ugyfel")
        XCTAssertEqual(list.state.rows.map(\.id), [ugyfel], "accents and case ignored")
        list.setQuery("")
        list.setGroup("Állam")
        XCTAssertEqual(list.state.rows.map(\.id), [ugyfel, bankId])
        list.setQuery("bank")
        XCTAssertEqual(list.state.rows.map(\.id), [bankId])
        XCTAssertFalse(list.state.isEmpty, "a search without results is not the empty vault")
        list.setQuery("nincs ilyen")
        XCTAssertTrue(list.state.rows.isEmpty)
        XCTAssertFalse(list.state.isEmpty)
        list.setQuery("")
        list.setGroup(nil)
        XCTAssertEqual(list.state.rows.count, 3)
        XCTAssertEqual(list.state.rows.first { $0.id == bankId }?.groups.sorted(), ["Pénz", "Állam"].sorted())
    }

    func testCalibrationFindsTheOffsetFromOneCode() throws {
        clock.set(seconds: t0 - 120) // the phone is two minutes slow
        let vault = try dir.vault(clock: clock.wall)
        guard case .added(let id)? = try vault.addImage(try enrolmentImage()).first else { return XCTFail() }
        let settings = SettingsViewModel(vault: vault, prefs: MemoryPreferences())
        settings.calibrate(id: id, code: "12")
        XCTAssertNotNil(settings.state.error, "a code of the wrong length matches no offset")
        XCTAssertFalse(settings.state.calibrated)
        XCTAssertEqual(settings.state.clockOffsetSeconds, 0)
        settings.calibrate(id: id, code: Repo.enrolmentCodeAt1700000000)
        XCTAssertNil(settings.state.error)
        XCTAssertTrue(settings.state.calibrated)
        XCTAssertEqual(settings.state.clockOffsetSeconds, 120)
        XCTAssertEqual(try vault.codeRow(id: id).code, Repo.enrolmentCodeAt1700000000)
        XCTAssertEqual(SettingsViewModel(vault: vault, prefs: MemoryPreferences()).state.clockOffsetSeconds, 120, "kept in the vault")
    }

    func testExportToGoogleQrCodesReadsBackAsAMigration() throws {
        let old = try dir.vault("old", clock: clock.wall)
        for n in 0..<24 {
            let secret = try SetupKey.fromHex(text: String(format: "%040lx", n + 1)).revealBase32()
            _ = try old.addUri("otpauth://totp/Service\(n):anna\(n)?secret=\(secret)&issuer=Service\(n)")
        }
        let export = ExportViewModel(vault: old)
        export.googleFrames()
        guard case .googleFrames(let frames, 0) = export.state else { return XCTFail("\(export.state)") }
        XCTAssertTrue(frames.allSatisfy { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) }, "core's PNGs")
        XCTAssertEqual(export.position, "1/\(frames.count)")
        export.nextFrame()
        XCTAssertEqual(export.position, frames.count > 1 ? "2/\(frames.count)" : "1/1")

        let new = try dir.vault("new", clock: clock.wall)
        let scan = ScanViewModel(vault: new)
        for text in try old.exportGoogle(ids: []) { scan.onScannedText(text) }
        guard case .added(let rows, 0, 0) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual(rows.count, 24)
        XCTAssertEqual(Set(try new.codeRows().map(\.code)), Set(try old.codeRows().map(\.code)))
    }

    func testOneAccountsQrForAnotherApp() throws {
        let vault = try dir.vault(clock: clock.wall)
        guard case .added(let id) = try vault.addUgyfelkapu(username: "anna", setupKey: "kulc spel daku lcs2") else { return XCTFail() }
        let export = ExportViewModel(vault: vault)
        export.accountQr(id: id)
        guard case .accountQr(let name, let png) = export.state else { return XCTFail("\(export.state)") }
        XCTAssertEqual(name, "Ügyfélkapu+ (anna@ugyfelkapu.gov.hu)")
        XCTAssertTrue(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let uri = try parseUri(uri: try vault.accountUri(id: id))
        XCTAssertEqual(uri.key.revealBase32(), "KULCSPELDAKULCS2")
        XCTAssertEqual(uri.issuer, "Ügyfélkapu+")
        export.close()
        XCTAssertEqual(export.state, .idle)
        export.accountQr(id: "00000000000000000000000000000000")
        guard case .failed = export.state else { return XCTFail("\(export.state)") }
    }


    func testRecoveryCodeIsShownOnceAndUnlocks() throws {
        let url = dir.url.appendingPathComponent("vault.kulcs")
        var code = ""
        do {
            let vault = try dir.vault(clock: clock.wall)
            _ = try vault.addUri(bank)
            let recovery = RecoveryViewModel(vault: vault)
            XCTAssertFalse(recovery.hasRecoveryCode)
            recovery.create()
            guard case .shown(let grouped) = recovery.state else { return XCTFail("\(recovery.state)") }
            XCTAssertTrue(recovery.hasRecoveryCode)
            XCTAssertTrue(grouped.contains(where: { $0 == " " || $0 == "-" }), "grouped for writing down: \(grouped)")
            recovery.hide()
            XCTAssertEqual(recovery.state, .idle)
            code = grouped
        }
        let unlock = UnlockViewModel(url: url, keyStore: FileKeyStore(path: dir.url.appendingPathComponent("lost.key").path), clock: clock.wall)
        unlock.unlockWithRecoveryCode(String(code.reversed()))
        guard case .failed(let e) = unlock.state else { return XCTFail("\(unlock.state)") }
        XCTAssertNil(unlock.vault)
        XCTAssertNotEqual(e.kind, .internal)
        unlock.unlockWithRecoveryCode(code)
        XCTAssertEqual(unlock.state, .unlocked)
        XCTAssertEqual(try unlock.vault?.codeRows().map(\.issuer), ["Bank"])
    }


    func testUnlockWithPassphraseOrRecoveryCodeOrDeviceKey() throws {
        let url = dir.url.appendingPathComponent("vault.kulcs")
        let keyFile = dir.url.appendingPathComponent("vault.key").path
        let unlock = UnlockViewModel(url: url, keyStore: FileKeyStore(path: keyFile), clock: clock.wall)
        XCTAssertEqual(unlock.state, .locked)
        unlock.unlockWithDeviceKey() // first start: a new vault
        XCTAssertEqual(unlock.state, .unlocked)
        _ = try XCTUnwrap(unlock.vault).addUri(bank)
        try XCTUnwrap(unlock.vault).setPassphrase("hosszú jelmondat 2024")
        unlock.lock()
        XCTAssertEqual(unlock.state, .locked)
        XCTAssertNil(unlock.vault)

        unlock.unlockWithDeviceKey()
        XCTAssertEqual(unlock.state, .unlocked)
        XCTAssertEqual(try unlock.vault?.codeRows().map(\.issuer), ["Bank"])
        unlock.lock()

        let newPhone = UnlockViewModel(url: url, keyStore: FileKeyStore(path: dir.url.appendingPathComponent("other.key").path), clock: clock.wall)
        newPhone.unlockWithPassphrase("hosszu jelmondat 2024")
        XCTAssertEqual(newPhone.state, .failed(UiError(kind: .wrongKeyOrDamaged)))
        XCTAssertEqual(Messages.key(UiError(kind: .wrongKeyOrDamaged)), "error_wrong_key")
        newPhone.unlockWithPassphrase("hosszú jelmondat 2024")
        XCTAssertEqual(newPhone.state, .unlocked)
        XCTAssertEqual(try newPhone.vault?.codeRows().map(\.issuer), ["Bank"])
        newPhone.lock()
        newPhone.unlockWithDeviceKey()
        XCTAssertEqual(newPhone.state, .unlocked, "the new phone's key was bound after the passphrase")
    }

    /// Every Swift file of the shell (library sources and the SwiftUI app), by repository path.
    private func shellSources() throws -> [(path: String, text: String)] {
        var found: [(String, String)] = []
        for dir in ["ios/Sources/Kulcs", "ios/App/KulcsApp"] {
            let root = Repo.file(dir)
            guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in files where url.pathExtension == "swift" {
                found.append(("\(dir)/\(url.path.dropFirst(root.path.count + 1))", try String(contentsOf: url, encoding: .utf8)))
            }
        }
        XCTAssertGreaterThan(found.count, 20, "the shell's sources were not found under \(Repo.root.path)")
        return found
    }

    /// The files and lines where `pattern` (a regular expression) occurs.
    private func hits(_ pattern: String, in sources: [(path: String, text: String)]) throws -> [String] {
        let re = try NSRegularExpression(pattern: pattern)
        return sources.flatMap { file in
            file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { n, line in
                let s = String(line)
                return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil ? nil : "\(file.path):\(n + 1): \(s.trimmingCharacters(in: .whitespaces))"
            }
        }
    }

    func testNoUserVisibleRuleIsLeftInTheShell() throws {
        let sources = try shellSources()
        let rules: [(rule: String, pattern: String)] = [
            ("display name of a row (core: credential::display_name via CodeRow.displayName)", #"label\.isEmpty \?"#),
            ("\"issuer (label)\" put together in a view (core: CodeRow.displayName)", #"issuer\)? \(\\\(\w*\.?label\)\)"#),
            ("clock offset added in the shell (core: Vault.code_rows / corrected_time)", #"unixTime \+|\+ offset\b|\+ \(try clockOffsetSeconds"#),
            ("degrees to rotation (core: rotation_from_degrees)", #"% 360"#),
            ("an invented InvalidRotation kind", #"kind: "InvalidRotation""#),
            ("keep only one entry by deleting the others one by one (core: Vault.keep_only)", #"where e\.id != keepId"#),
            ("canSave's own blank rule (core: can_save_key)", #"trimmingCharacters\(in: \.whitespaces\)\.isEmpty"#),
            ("the clipboard delay as a literal (core: clipboard_clear_seconds)", #"clipboardClearSeconds = 30"#),
            ("the 6-digit auto-confirm as a literal (core: auto_confirm_digits)", #"count >= 6"#),
            ("a hand-copied kind → message table (core: message_key)", #"case "[A-Za-z]+"(, "[A-Za-z]+")*: ""#),
        ]
        for r in rules {
            let found = try hits(r.pattern, in: sources)
            XCTAssertEqual(found, [], "\(r.rule) is still in the shell:\n" + found.joined(separator: "\n"))
        }
    }
}
