//! The flows that matter, through the Swift view-models (twin of Kotlin's ScreenFlowsTest).
import Foundation
import Kulcs
import XCTest

final class ScreenFlowsTests: XCTestCase {
    private var dir: TempDir!
    private let clock = TestClock(seconds: t0)

    override func setUpWithError() throws { dir = try TempDir("screens") }
    override func tearDownWithError() throws { dir.remove() }

    private func newVault() throws -> KulcsVault { try dir.vault(clock: clock.wall) }

    func testTheEnrolmentImageShowsItsCodeThenTheListHasIt() throws {
        let vault = try newVault()
        let list = CodeListViewModel(vault: vault)
        var seen: [CodeListState] = []
        list.onChange = { seen.append($0) }
        list.refresh()
        XCTAssertTrue(list.state.isEmpty, "a new vault opens to the empty list")

        let scan = ScanViewModel(vault: vault)
        scan.addImage(try enrolmentImage())
        guard case .added(let rows, 0, 0) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual(rows.map(\.codeGrouped), ["461 751"])
        XCTAssertEqual(rows.map(\.codeSpoken), ["4 6 1, 7 5 1"])

        list.refresh()
        let row = try XCTUnwrap(list.state.rows.first)
        XCTAssertEqual(row.code, Repo.enrolmentCodeAt1700000000)
        XCTAssertEqual(row.issuer, "Ügyfélkapu+")
        XCTAssertEqual(list.copy(id: row.id), Repo.enrolmentCodeAt1700000000)
        XCTAssertEqual(seen.count, 3, "onChange reports every change")

        scan.addImage(try enrolmentImage())
        guard case .added(_, 1, 0) = scan.state else { return XCTFail("\(scan.state)") }
        scan.addImage(Data([1, 2, 3]))
        guard case .failed(let e) = scan.state else { return XCTFail("\(scan.state)") }
        XCTAssertEqual(e.field, "image")
    }

    func testTypedUgyfelkapuKeyConfirmedThenTorlokodInTheNote() throws {
        let vault = try newVault()
        let add = AddByKeyViewModel(vault: vault)
        add.selectPreset(.ugyfelkapu)
        add.setLabel("kovacs.janos")
        add.setKey("kulc spel daku lcs2")
        XCTAssertNil(add.state.keyError)
        XCTAssertEqual(add.state.keyBits, 80)
        XCTAssertEqual(add.state.keyGrouped, "KULC SPEL DAKU LCS2")
        let code = try codeOf("KULCSPELDAKULCS2", at: t0)
        XCTAssertEqual(add.state.preview?.code, code)
        XCTAssertFalse(add.state.canSave, "not before the code was typed back")

        add.confirmCode(code == "000000" ? "111111" : "000000")
        XCTAssertEqual(add.state.confirmation, .mismatch)
        add.confirmCode(String(code.prefix(3)) + " " + String(code.suffix(3)))
        XCTAssertEqual(add.state.confirmation, .confirmed)
        add.save()
        guard case .added? = add.state.saved else { return XCTFail("\(String(describing: add.state.saved))") }
        let id = try XCTUnwrap(add.state.savedId)

        let detail = AccountDetailViewModel(vault: vault, id: id)
        XCTAssertEqual(detail.state.row?.issuer, "Ügyfélkapu+")
        XCTAssertEqual(detail.state.row?.label, "kovacs.janos@ugyfelkapu.gov.hu")
        XCTAssertEqual(detail.state.row?.hasNote, false)
        detail.saveNote("törlőkód: 4KQ7-9WZX-PM2R")
        XCTAssertEqual(detail.state.row?.hasNote, true)
        XCTAssertNil(detail.state.noteShown, "the note is hidden until asked for")
        detail.showNote()
        XCTAssertEqual(detail.state.noteShown, "törlőkód: 4KQ7-9WZX-PM2R")
    }

    func testAMistypedKeyIsExplainedByCore() throws {
        let add = AddByKeyViewModel(vault: try newVault())
        add.setKey("kulc spel daku lcs1")
        XCTAssertEqual(add.state.keyError?.field, "key")
        XCTAssertEqual(add.state.keyError?.kind, .invalidCharacter)
        XCTAssertNil(add.state.preview)
        add.setKey("kulc spel daku lcs2")
        XCTAssertNil(add.state.keyError)
    }

    func testAnotherServiceNeedsAnIssuer() throws {
        let vault = try newVault()
        let add = AddByKeyViewModel(vault: vault)
        add.selectPreset(.other)
        add.setKey("JBSW Y3DP EHPK 3PXP")
        add.setLabel("alice")
        add.confirmCode(try codeOf("JBSWY3DPEHPK3PXP", at: t0 - 30))
        XCTAssertEqual(add.state.confirmation, .confirmed, "the previous step is accepted too")
        XCTAssertFalse(add.state.canSave)
        add.setIssuer("Example")
        add.save()
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        XCTAssertEqual(list.state.rows.map { "\($0.issuer)/\($0.label)" }, ["Example/alice"])
    }

    func testTwoEntriesWithOneNameDuplicatesAndVerifyFindTheLiveOne() throws {
        let vault = try newVault()
        let old = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        let live = "KULCSPELDAKULCS2"
        guard case .added(let first) = try vault.addUri("otpauth://totp/Bank:anna?secret=\(old)&issuer=Bank") else { return XCTFail() }
        clock.millis += 60_000
        guard case .addedWithConflict(let second, let conflicts) = try vault.addUri("otpauth://totp/Bank:anna?secret=\(live)&issuer=Bank")
        else { return XCTFail() }
        XCTAssertEqual(conflicts, [first])

        let list = CodeListViewModel(vault: vault)
        list.refresh()
        XCTAssertEqual(list.state.duplicateGroups, 1)

        let dups = DuplicatesViewModel(vault: vault)
        let group = try XCTUnwrap(dups.state.groups.first)
        XCTAssertEqual(group.entries.map(\.id), [second, first])
        XCTAssertEqual(group.newestId, second)
        dups.verify(code: try codeOf(live, at: clock.millis / 1000))
        XCTAssertEqual(dups.state.liveIds, [second])
        dups.keepOnly(second)
        XCTAssertTrue(dups.state.groups.isEmpty)
        list.refresh()
        XCTAssertEqual(list.state.rows.map(\.id), [second])
        XCTAssertEqual(list.state.duplicateGroups, 0)
    }

    func testAClockTwoMinutesSlowIsFixedByTheOffset() throws {
        clock.set(seconds: t0 - 120)
        let vault = try newVault()
        _ = try vault.addImage(try enrolmentImage())
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        XCTAssertNotEqual(list.state.rows.first?.code, Repo.enrolmentCodeAt1700000000)

        let settings = SettingsViewModel(vault: vault, prefs: MemoryPreferences())
        XCTAssertEqual(settings.state.clockOffsetSeconds, 0)
        settings.adjustClockOffset(by: 30)
        settings.setClockOffset(120)
        XCTAssertEqual(settings.state.clockOffsetSeconds, 120)
        list.refresh()
        XCTAssertEqual(list.state.rows.first?.code, Repo.enrolmentCodeAt1700000000)
        XCTAssertEqual(SettingsViewModel(vault: vault, prefs: MemoryPreferences()).state.clockOffsetSeconds, 120, "kept in the vault")

        settings.setClockOffset(200 * 366 * 86_400)
        XCTAssertEqual(settings.state.error?.kind, .clockOffsetOutOfRange, "core bounds the offset")
        XCTAssertEqual(settings.state.clockOffsetSeconds, 120)
    }

    func testNearExpiryTheNextCodeIsShownWithTextCountdown() throws {
        clock.set(seconds: t0 - 15)
        let vault = try newVault()
        _ = try vault.addImage(try enrolmentImage())
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        var row = try XCTUnwrap(list.state.rows.first)
        XCTAssertEqual(row.secondsLeft, 25) // the step runs 1699999980..1700000010
        XCTAssertNil(row.nextGrouped)
        XCTAssertFalse(row.expiring)

        clock.set(seconds: t0 + 10)
        let nextRaw = try XCTUnwrap(vault.codes().first?.window.code)
        clock.set(seconds: t0 + 8)
        list.refresh()
        row = try XCTUnwrap(list.state.rows.first)
        XCTAssertEqual(row.secondsLeft, 2)
        XCTAssertTrue(row.expiring)
        XCTAssertEqual(row.progress, 28 / 30, accuracy: 1e-6, "core's progress: the fraction of the period elapsed")
        let digits = Array(nextRaw).map(String.init)
        XCTAssertEqual(row.nextGrouped, digits[0..<3].joined() + " " + digits[3...].joined())
        XCTAssertEqual(row.nextSpoken, digits[0..<3].joined(separator: " ") + ", " + digits[3...].joined(separator: " "))
    }

    func testSettingsBackupPassphraseAndAppLock() throws {
        let vault = try newVault()
        let prefs = MemoryPreferences()
        let settings = SettingsViewModel(vault: vault, prefs: prefs)
        settings.setBackupPassphrase("hosszú jelmondat 2024", repeated: "hosszu jelmondat 2024")
        XCTAssertEqual(settings.state.backup, .mismatch)
        settings.setBackupPassphrase("abc", repeated: "abc")
        XCTAssertEqual(settings.state.error?.kind, .passphraseTooShort)
        settings.setBackupPassphrase("hosszú jelmondat 2024", repeated: "hosszú jelmondat 2024")
        XCTAssertEqual(settings.state.backup, .saved)
        settings.setAppLock(true)
        XCTAssertTrue(prefs.appLockEnabled)
        XCTAssertTrue(SettingsViewModel(vault: vault, prefs: prefs).state.appLockEnabled)
    }

    func testDetailRenameAndDelete() throws {
        let vault = try newVault()
        guard case .added(let id) = try vault.addUgyfelkapu(username: "anna", setupKey: "kulc spel daku lcs2") else { return XCTFail() }
        let detail = AccountDetailViewModel(vault: vault, id: id)
        detail.rename(issuer: "Ügyfélkapu+", label: "anna (régi telefon)")
        XCTAssertEqual(detail.state.row?.label, "anna (régi telefon)")
        detail.delete()
        XCTAssertTrue(detail.state.deleted)
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        XCTAssertTrue(list.state.isEmpty)
    }

    func testARowWithoutAnIssuerIsNamedByCoresRule() throws {
        let vault = try newVault()
        _ = try vault.addUri("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP")
        _ = try vault.addUri("otpauth://totp/Bank:anna?secret=KULCSPELDAKULCS2&issuer=Bank")
        let list = CodeListViewModel(vault: vault)
        list.refresh()
        // core's credential::display_name: "Issuer (label)", or whichever of the two is set.
        XCTAssertEqual(Set(list.state.rows.map(\.displayName)), ["alice", "Bank (anna)"])
    }

    func testKeepOnlyIsOneChange() throws {
        let vault = try newVault()
        for secret in ["GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "JBSWY3DPEHPK3PXP", "KULCSPELDAKULCS2"] {
            _ = try vault.addUri("otpauth://totp/Bank:anna?secret=\(secret)&issuer=Bank")
            clock.millis += 60_000
        }
        let dups = DuplicatesViewModel(vault: vault)
        let group = try XCTUnwrap(dups.state.groups.first)
        XCTAssertEqual(group.entries.count, 3)
        let saves = Counter()
        vault.onChanged = { saves.bump() }
        dups.keepOnly(group.newestId)
        XCTAssertEqual(saves.value, 1, "one atomic save (core's keep_only), not one delete per entry")
        XCTAssertEqual(try vault.codes().map(\.id), [group.newestId])
    }

    func testALabelOfOnlyALineBreakCannotBeSaved() throws {
        let add = AddByKeyViewModel(vault: try newVault())
        add.selectPreset(.ugyfelkapu)
        add.setKey("kulc spel daku lcs2")
        add.confirmCode(try codeOf("KULCSPELDAKULCS2", at: t0))
        XCTAssertEqual(add.state.confirmation, .confirmed)
        add.setLabel("\n")
        XCTAssertFalse(add.state.canSave, "a blank user name (a line break) is no user name")
        add.setLabel(" kovacs.janos ")
        XCTAssertTrue(add.state.canSave)
    }

    func testStatesStreamStartsWithTheCurrentState() async throws {
        let list = CodeListViewModel(vault: try newVault())
        var iterator = list.states().makeAsyncIterator()
        let first = await iterator.next()
        XCTAssertEqual(first?.loaded, false)
        list.refresh()
        let second = await iterator.next()
        XCTAssertEqual(second?.loaded, true)
    }
}
