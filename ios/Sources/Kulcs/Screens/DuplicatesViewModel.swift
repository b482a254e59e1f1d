//! Owns the duplicates screen (Swift twin): core's groups, core's verify marks the live entry.
import Foundation

/// One group of entries sharing issuer and label (core's), entries newest first.
public struct DuplicateGroupView: Equatable, Sendable {
    public let issuer: String
    public let label: String
    public let entries: [CodeRow]
    public let newestId: String
}

/// What the duplicates screen shows.
public struct DuplicatesState: Equatable, Sendable {
    public var groups: [DuplicateGroupView] = []
    /// Entries whose code matched what the user typed (nil: nothing checked yet).
    public var liveIds: Set<String>?
    public var error: UiError?
    public init() {}
}

/// The duplicates screen: core's groups, core's `verify`, core's atomic `keepOnly`.
public final class DuplicatesViewModel: ScreenModel<DuplicatesState> {
    private let vault: KulcsVault

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(DuplicatesState())
        refresh()
    }

    public func refresh() {
        do {
            let rows = Dictionary(uniqueKeysWithValues: try vault.codeRows().map { ($0.id, $0) })
            let groups = try vault.duplicates().map { g in
                DuplicateGroupView(issuer: g.issuer, label: g.label, entries: g.accounts.compactMap { rows[$0] }, newestId: g.newest)
            }
            update { $0.groups = groups; $0.error = nil }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    /// The user typed the code the service accepted: which entries make it?
    public func verify(code: String) {
        do {
            let ids = Set(try vault.verify(code: code).map(\.id))
            update { $0.liveIds = ids }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    /// Keeps `keepId` and deletes the rest of its group: core's `keepOnly`, one atomic save.
    public func keepOnly(_ keepId: String) {
        do {
            try vault.keepOnly(id: keepId)
        } catch {
            update { $0.error = UiError(error) }
        }
        update { $0.liveIds = nil }
        refresh()
    }
}
