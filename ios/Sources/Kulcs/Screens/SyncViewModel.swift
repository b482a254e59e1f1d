//! Owns when the app syncs and what the sync line shows (Swift twin of SyncViewModel.kt): a round
//! on start, on resume and after each change of the vault, the last sync and the devices.
import Foundation

/// One member of the sync group as the devices list shows it (core's member list): its id, name,
/// whether it is this device, and when a replica of it was last merged here (Unix ms; nil: not
/// yet).
public struct SyncDeviceRow: Equatable, Sendable {
    public var id: String
    public var name: String?
    public var isThisDevice = false
    public var lastSeenMillis: Int64?
}

/// A file in the shared folder that the last round could not use (core's kind and sentence).
public struct SyncProblem: Equatable, Sendable {
    public var file: String
    public var kind: ErrorKind
    public var reason: String
}

/// Why no round ran: no folder chosen yet, or the vault is in no sync group yet.
public enum SyncSetup: Sendable { case ready, noFolder, notInGroup }

/// What the sync part of the settings shows.
public struct SyncStatus: Equatable, Sendable {
    public var setup: SyncSetup = .noFolder
    /// Device time of the last successful round, Unix milliseconds; nil before the first.
    public var lastSyncMillis: Int64?
    /// What the last successful round brought in.
    public var added = 0
    public var changed = 0
    public var removed = 0
    public var problems: [SyncProblem] = []
    public var devices: [SyncDeviceRow] = []
    /// Set when the last round failed: the view explains `kind` (the sentence is in `detail`).
    public var error: UiError?
    public init() {}
}

/// The sync state of the app. `folder` gives the chosen shared folder (nil before the user
/// chose one). Rounds run on the caller and block on the folder and the vault: the app calls
/// from a background task. `onSynced` runs after each successful round (the code list
/// refreshes). Registers itself as the vault's change listener: every change is published.
public final class SyncViewModel: ScreenModel<SyncStatus>, @unchecked Sendable {
    private let vault: KulcsVault
    private let folder: () -> SyncFolder?
    private let clock: WallClock
    private let onSynced: (SyncReport) -> Void

    public init(vault: KulcsVault, folder: @escaping () -> SyncFolder?, clock: WallClock = .system,
                onSynced: @escaping (SyncReport) -> Void = { _ in }) {
        self.vault = vault
        self.folder = folder
        self.clock = clock
        self.onSynced = onSynced
        super.init(SyncStatus())
        vault.onChanged = { [weak self] in self?.syncNow() }
    }

    /// The app came to the foreground for the first time.
    public func onStart() { syncNow() }

    /// The app came back to the foreground (another device may have published meanwhile).
    public func onResume() { syncNow() }

    /// The user chose (or changed) the shared folder.
    public func onFolderChosen() { syncNow() }

    /// One round now, unless there is no folder or group yet; the state says what happened.
    public func syncNow() {
        guard let f = folder() else {
            update { $0.setup = .noFolder; $0.error = nil }
            return
        }
        let report: SyncReport
        do {
            report = try vault.syncNow(f)
        } catch KulcsError.Sync(let kind, let reason) {
            if kind == .notInGroup {
                update { $0.setup = .notInGroup; $0.error = nil }
            } else {
                update { $0.setup = .ready; $0.error = UiError(kind: kind, field: "sync", detail: reason) }
            }
            return
        } catch {
            update { $0.setup = .ready; $0.error = UiError(error) }
            return
        }
        let members = (try? vault.syncMembers()) ?? []
        var s = SyncStatus()
        s.setup = .ready
        s.lastSyncMillis = clock.nowMillis()
        s.added = Int(report.added)
        s.changed = Int(report.changed)
        s.removed = Int(report.removed)
        s.problems = report.rejected.map { SyncProblem(file: $0.file, kind: $0.kind, reason: $0.reason) }
        s.devices = members.map {
            SyncDeviceRow(id: $0.device, name: $0.name, isThisDevice: $0.thisDevice, lastSeenMillis: $0.lastSeenMs.map { Int64($0) })
        }
        set(s)
        onSynced(report)
    }

    /// Removes a member of the group (a lost phone); the next round (right away) tells the others.
    public func removeDevice(_ id: String) {
        do {
            try vault.removeSyncMember(id)
        } catch KulcsError.Sync(let kind, let reason) {
            update { $0.error = UiError(kind: kind, field: "sync", detail: reason) }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    /// Stops publishing changes (the screen or the vault goes away).
    public func close() {
        vault.onChanged = nil
    }
}
