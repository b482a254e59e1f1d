//! Owns the code list screen (Swift twin of Kotlin's CodeListViewModel).
import Foundation

public struct CodeListState: Equatable, Sendable {
    public var rows: [CodeRow] = []
    public var loaded = false
    public var duplicateGroups = 0
    public var copiedId: String?
    public var error: UiError?
    /// Nothing added yet: the view shows "Scan a QR code" and "Type a key".
    public var isEmpty: Bool { loaded && rows.isEmpty }
    public init() {}
}

public final class CodeListViewModel: ScreenModel<CodeListState> {
    /// The pasteboard holds a copied code this long (`UIPasteboard` expiration).
    public static let clipboardClearSeconds = 30

    private let vault: KulcsVault

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(CodeListState())
    }

    /// Re-reads every code (the view calls it every second while visible).
    public func refresh() {
        do {
            let codes = try vault.codes()
            let dups = try vault.duplicates().count
            update { $0.rows = codes.map(CodeRow.init); $0.loaded = true; $0.duplicateGroups = dups; $0.error = nil }
        } catch {
            update { $0.loaded = true; $0.error = UiError(error) }
        }
    }

    /// The code to put on the pasteboard for row `id` (fresh from core), or nil if it is gone.
    public func copy(id: String) -> String? {
        guard let row = (try? vault.codes())?.first(where: { $0.id == id }) else { return nil }
        update { $0.copiedId = id }
        return row.window.code
    }

    /// HOTP: the code was used; move to the next counter.
    public func nextCounterCode(id: String) {
        do { _ = try vault.advanceCounter(id: id) } catch { update { $0.error = UiError(error) } }
        refresh()
    }
}
