//! Owns the Swift face of the vault: KulcsVault turns the shell's clock and files into core
//! calls through the generated bindings, and adds nothing a user could notice.
import Foundation
@_exported import KulcsFFI

/// An open vault. Every change is saved before the call returns; calls block on file I/O (and
/// Argon2id for passphrases), so call them off the main actor. It holds the vault's
/// inter-process lock until the last reference goes away: drop it when the app goes to the
/// background, so another process (an extension, a backup) can open the vault. All failures
/// are `KulcsError`.
public final class KulcsVault: Sendable {
    let vault: Vault
    private let clock: WallClock
    private let listener = ChangeListener()

    private init(_ vault: Vault, clock: WallClock) {
        self.vault = vault
        self.clock = clock
    }

    /// True if a vault (or an older copy of one) exists at `url`: open it, never create.
    public static func exists(at url: URL) throws -> Bool {
        try vaultExists(path: url.path)
    }

    /// Creates a new vault at `url` whose device slot `keyStore` wraps.
    public static func create(at url: URL, keyStore: KeyStore, clock: WallClock = .system) throws -> KulcsVault {
        KulcsVault(try Vault.create(path: url.path, keyStore: keyStore, nowMs: UInt64(clock.nowMillis())), clock: clock)
    }

    /// Opens the vault at `url` with the device key store (the everyday way).
    public static func open(at url: URL, keyStore: KeyStore, clock: WallClock = .system) throws -> KulcsVault {
        KulcsVault(try Vault.open(path: url.path, keyStore: keyStore), clock: clock)
    }

    /// Opens the vault at `url` with its passphrase (new device, lost device key).
    public static func openWithPassphrase(at url: URL, passphrase: String, clock: WallClock = .system) throws -> KulcsVault {
        KulcsVault(try Vault.openWithPassphrase(path: url.path, passphrase: passphrase), clock: clock)
    }

    /// Opens the vault at `url` with a recovery code (spaces and dashes are fine).
    public static func openWithRecoveryCode(at url: URL, code: String, clock: WallClock = .system) throws -> KulcsVault {
        KulcsVault(try Vault.openWithRecoveryCode(path: url.path, code: code), clock: clock)
    }

    /// Core's Google Authenticator export of `ids` (empty: all): one `otpauth-migration://` text
    /// per QR code. Secret-bearing.
    public func exportGoogle(ids: [String]) throws -> [String] { try vault.exportGoogle(ids: ids) }

    /// One account's `otpauth://` URI for another app. Secret-bearing.
    public func accountUri(id: String) throws -> String { try vault.accountUri(id: id) }

    /// Makes a recovery code (saved before it returns), grouped for writing down.
    public func addRecoveryCode() throws -> String { changed(try vault.addRecoveryCode(nowMs: nowMs)) }

    /// True once a recovery code exists.
    public func hasRecoveryCode() throws -> Bool { try vault.hasRecoveryCode() }

    /// Imports a complete Google export (`MigrationImport` fed every code), saved.
    public func importMigration(_ migration: MigrationImport) throws -> [AddOutcome] {
        changed(try vault.importMigration(import: migration, nowMs: nowMs))
    }

    /// Adds every account of another app's export (`ImportFile.read`), all or nothing, saved.
    public func importFile(_ file: ImportFile) throws -> [AddOutcome] {
        changed(try vault.importFile(file: file, nowMs: nowMs))
    }

    /// Every account as a file in `format`, read back and checked by core. SECRET: write it only where the user chose.
    public func exportFile(_ format: ExportFormat, passphrase: String?) throws -> Data {
        try vault.exportFile(format: format, passphrase: passphrase, nowMs: nowMs)
    }

    /// Merges a Kulcs backup into this vault (nothing here is dropped or changed), all or nothing.
    public func restoreBackup(_ backup: Data, passphrase: String) throws -> [AddOutcome] {
        changed(try vault.restoreBackup(bytes: backup, passphrase: passphrase, nowMs: nowMs))
    }

    /// Turns automatic backups on: after every change a Kulcs backup goes into `folder` (found
    /// again after a restart by `folderId`, e.g. a bookmark), read back and checked, the last
    /// `keep` kept. The first is written now; a `failureReason` means the folder could not be
    /// written. `passphrase` opens every backup and is not kept.
    public func setAutoBackup(folderId: String, keep: UInt32, passphrase: String, folder: SyncFolder) throws -> AutoBackupStatus {
        try vault.setAutoBackup(folderId: folderId, keep: keep, passphrase: passphrase, folder: folder, nowMs: nowMs)
    }

    /// After opening: gives core the folder of the backup setting (`resolve` turns its id into one).
    public func attachBackupFolder(_ resolve: (String) -> SyncFolder?) throws {
        guard let id = try autoBackupStatus()?.folder, let folder = resolve(id) else { return }
        try vault.attachBackupFolder(folder: folder)
    }

    /// What the automatic backups are doing, or nil when they are off.
    public func autoBackupStatus() throws -> AutoBackupStatus? { try vault.autoBackupStatus(nowMs: nowMs) }

    /// Turns automatic backups off; the files already written stay.
    public func turnOffAutoBackup() throws { try vault.turnOffAutoBackup() }

    /// Opens the newest backup in `folder` with `passphrase` and records the test (wrong: wrongKeyOrDamaged).
    public func testBackupPassphrase(_ folder: SyncFolder, passphrase: String) throws -> TestedBackup {
        try vault.testBackupPassphrase(folder: folder, passphrase: passphrase, nowMs: nowMs)
    }

    /// The printable emergency sheet (PDF) of every account; with `newRecoveryCode` a new
    /// recovery code (replacing the old one) is printed on it and saved. SECRET: print it, never store it.
    public func emergencySheet(_ language: SheetLanguage, newRecoveryCode: Bool, made: String) throws -> EmergencySheet {
        try vault.emergencySheet(language: language, newRecoveryCode: newRecoveryCode, made: made)
    }

    /// The device clock in Unix milliseconds (change stamps; never offset).
    var nowMs: UInt64 { UInt64(max(0, clock.nowMillis())) }

    /// Called after every change this object makes (not after a sync): the sync view model
    /// registers here to publish each change ("sync after each change").
    public var onChanged: (@Sendable () -> Void)? {
        get { listener.get() }
        set { listener.set(newValue) }
    }

    @discardableResult
    private func changed<T>(_ result: T) -> T {
        listener.get()?()
        return result
    }

    /// The RAW device time in whole seconds; core adds the vault's clock offset.
    var deviceUnixTime: Int64 {
        let ms = clock.nowMillis()
        return ms >= 0 ? ms / 1000 : (ms - 999) / 1000
    }

    /// Messages to show once after opening (an older copy was opened, a save was interrupted).
    public var openWarnings: [String] { vault.openWarnings() }

    /// Every account with its current code, the next code and the seconds left, right now.
    public func codes() throws -> [AccountCode] { try vault.codes(unixTime: deviceUnixTime) }

    /// The code list as core builds it (display name, grouped and spoken code, next code,
    /// progress; the clock offset added by core): the accounts matching `query` (issuer, label
    /// and groups, case and accents ignored) and, with `group`, in exactly that group.
    public func codeRows(query: String? = nil, group: String? = nil) throws -> [CodeRow] {
        try vault.codeRows(deviceUnixTime: deviceUnixTime, query: query, group: group)
    }

    /// One account's row now (`NotFound` if it is gone).
    public func codeRow(id: String) throws -> CodeRow { try vault.codeRow(id: id, deviceUnixTime: deviceUnixTime) }

    /// The device clock corrected by the vault's offset (core adds it), for a key not yet saved.
    public func correctedUnixTime() throws -> Int64 { try vault.correctedTime(deviceUnixTime: deviceUnixTime) }

    /// Every group in use, sorted by core.
    public func groups() throws -> [String] { try vault.groups() }

    /// One account's groups.
    public func accountGroups(id: String) throws -> [String] { try vault.accountGroups(id: id) }

    /// Replaces an account's groups (core cleans them).
    public func setGroups(id: String, groups: [String]) throws {
        changed(try vault.setGroups(id: id, groups: groups, nowMs: nowMs))
    }

    /// "Keep this one": core removes every other entry of its duplicate group in one save and
    /// returns their ids.
    @discardableResult
    public func keepOnly(id: String) throws -> [String] { changed(try vault.keepOnly(id: id, nowMs: nowMs)) }

    /// Sets the clock offset from a code the service accepted (core finds and stores it).
    @discardableResult
    public func calibrateClockOffset(id: String, code: String) throws -> Int64 {
        try vault.calibrateClockOffset(id: id, code: code, deviceUnixTime: deviceUnixTime, nowMs: nowMs)
    }

    public func addUri(_ uri: String) throws -> AddOutcome { changed(try vault.addUri(uri: uri, nowMs: nowMs)) }

    /// Adds every enrolment QR code in a PNG/JPEG/WebP image (a screenshot, a photo).
    public func addImage(_ image: Data) throws -> [AddOutcome] { changed(try vault.addImage(image: image, nowMs: nowMs)) }

    /// Adds an account a `FrameAnalyzer` found, after the user confirmed it.
    public func addScanned(_ account: ParsedUri) throws -> AddOutcome { changed(try vault.addScanned(account: account, nowMs: nowMs)) }

    /// Adds an Ügyfélkapu+ account from the username and the typed setup key.
    public func addUgyfelkapu(username: String, setupKey: String) throws -> AddOutcome {
        changed(try vault.addUgyfelkapu(username: username, key: setupKey, nowMs: nowMs))
    }

    public func rename(id: String, issuer: String, label: String) throws {
        changed(try vault.rename(id: id, issuer: issuer, label: label, nowMs: nowMs))
    }

    public func delete(id: String) throws { changed(try vault.delete(id: id, nowMs: nowMs)) }

    /// Sets the private note (e.g. the törlőkód); nil or "" clears it.
    public func setNote(id: String, note: String?) throws { changed(try vault.setNote(id: id, note: note, nowMs: nowMs)) }

    /// The private note, for an explicit "show note".
    public func note(id: String) throws -> String? { try vault.note(id: id) }

    /// Moves an HOTP counter forward after its code was used.
    public func advanceCounter(id: String) throws -> UInt64 { changed(try vault.advanceCounter(id: id, nowMs: nowMs)) }

    /// Which accounts produce `code` now (±1 step).
    public func verify(code: String) throws -> [VerifyMatch] { try vault.verify(code: code, unixTime: deviceUnixTime) }

    /// Accounts sharing issuer and label, newest first (core decides what "same" is).
    public func duplicates() throws -> [DuplicateGroup] { try vault.duplicates() }

    /// Sets or replaces the passphrase that opens the vault without the device key.
    public func setPassphrase(_ passphrase: String) throws { try vault.setPassphrase(passphrase: passphrase) }

    /// Binds the vault to this device's key store after a passphrase open on a new device.
    public func addDeviceKey(_ keyStore: KeyStore) throws { try vault.addDeviceKey(keyStore: keyStore) }

    /// Seconds added to the device clock before codes are computed.
    public func clockOffsetSeconds() throws -> Int64 { try vault.clockOffset() }

    /// Sets the clock offset (after the user calibrated the clock).
    public func setClockOffsetSeconds(_ seconds: Int64) throws { try vault.setClockOffset(seconds: seconds) }

    /// One sync round through `folder` (core's rules; saved before returning). Unusable files
    /// are in the report's `rejected` list; `KulcsError.Sync` means the round could not run.
    public func syncNow(_ folder: SyncFolder) throws -> SyncReport { try vault.syncNow(folder: folder, nowMs: nowMs) }

    /// True once a sync transfer made or joined this vault's sync group.
    public func inSyncGroup() throws -> Bool { try vault.inSyncGroup() }

    /// This device's id in its sync group (16 hex digits).
    public func deviceId() throws -> String { try vault.deviceId() }

    /// The members of the sync group (names, last seen); empty outside a group.
    public func syncMembers() throws -> [SyncMember] { try vault.syncMembers() }

    /// Removes a member (a lost phone): core starts a new epoch that only the remaining members
    /// can read. Saved; the change listener then syncs, so the others learn it.
    public func removeSyncMember(_ deviceId: String) throws {
        changed(try vault.removeSyncMember(device: deviceId))
    }
}

/// The vault's change listener behind a lock (KulcsVault is shared across tasks).
private final class ChangeListener: @unchecked Sendable {
    private let lock = NSLock()
    private var callback: (@Sendable () -> Void)?

    func get() -> (@Sendable () -> Void)? {
        lock.lock()
        defer { lock.unlock() }
        return callback
    }

    func set(_ new: (@Sendable () -> Void)?) {
        lock.lock()
        callback = new
        lock.unlock()
    }
}
