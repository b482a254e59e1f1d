//! Owns the duplicates screen (Swift twin): core's groups, core's verify marks the live entry.
import Foundation

public struct DuplicateGroupView: Equatable, Sendable {
    public let issuer: String
    public let label: String
    public let entries: [CodeRow]
    public let newestId: String
}

public struct DuplicatesState: Equatable, Sendable {
    public var groups: [DuplicateGroupView] = []
    /// Entries whose code matched what the user typed (nil: nothing checked yet).
    public var liveIds: Set<String>?
    public var error: UiError?
    public init() {}
}

public final class DuplicatesViewModel: ScreenModel<DuplicatesState> {
    private let vault: KulcsVault

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(DuplicatesState())
        refresh()
    }

    public func refresh() {
        do {
            let rows = Dictionary(uniqueKeysWithValues: try vault.codes().map { ($0.id, $0) })
            let groups = try vault.duplicates().map { g in
                DuplicateGroupView(issuer: g.issuer, label: g.label,
                                   entries: g.accounts.compactMap { rows[$0] }.map(CodeRow.init), newestId: g.newest)
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

    /// Keeps `keepId` and deletes the rest of its group.
    public func keepOnly(_ keepId: String) {
        guard let group = state.groups.first(where: { $0.entries.contains { $0.id == keepId } }) else { return }
        do {
            for e in group.entries where e.id != keepId { try vault.delete(id: e.id) }
        } catch {
            update { $0.error = UiError(error) }
        }
        update { $0.liveIds = nil }
        refresh()
    }
}
