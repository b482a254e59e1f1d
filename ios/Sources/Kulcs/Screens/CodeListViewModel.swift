//! Owns the code list screen (Swift twin of Kotlin's CodeListViewModel): core's rows with search
//! and a group filter, copying a code, the pointer to the duplicates screen, and the sparing
//! VoiceOver announcement of the focused row.
import Foundation

/// What VoiceOver is told without being asked (the view posts it as an announcement): only when
/// the focused row shows a new code, and once when it has 5 seconds left.
public enum Announcement: Equatable, Sendable {
    /// The focused row's code changed: its name and core's spoken code.
    case newCode(name: String, codeSpoken: String)
    /// The focused row's code is valid 5 more seconds.
    case secondsLeft(name: String, seconds: Int)
}

/// What the code list shows. `duplicateGroups` > 0 shows a banner leading to the duplicates.
public struct CodeListState: Equatable, Sendable {
    /// Core's rows for the current search and group, in the order added.
    public var rows: [CodeRow] = []
    public var loaded = false
    public var duplicateGroups = 0
    public var copiedId: String?
    /// The search text ("" shows everything).
    public var query = ""
    /// The group shown (nil: every group).
    public var group: String?
    /// Every group in use, for the filter (core's order).
    public var groups: [String] = []
    /// Set by a refresh only at 5 s left and on a new code of the focused row; nil otherwise.
    public var announcement: Announcement?
    public var error: UiError?
    /// Nothing added yet: the view shows "Scan a QR code" and "Type a key".
    public var isEmpty: Bool { loaded && rows.isEmpty && query.isEmpty && group == nil }
    public init() {}
}

/// The code list: core's rows now (`refresh`) or every second (`start`), search, group filter, copy.
public final class CodeListViewModel: ScreenModel<CodeListState> {
    /// The pasteboard holds a copied code this long (`UIPasteboard` expiration; core's value).
    public static var clipboardClearSeconds: Int { Int(KulcsFFI.clipboardClearSeconds()) }
    /// The seconds-left value at which the focused row is announced.
    public static let announceAtSecondsLeft = 5

    private let vault: KulcsVault
    private var focusedId: String?
    private var lastFocused: (id: String, code: String)?
    private var announcedFiveFor: String?

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(CodeListState())
    }

    /// Re-reads every row (the view calls it every second while visible, or `start` does).
    public func refresh() {
        do {
            let s = state
            let rows = try vault.codeRows(query: s.query.isEmpty ? nil : s.query, group: s.group)
            let groups = try vault.groups()
            let dups = try vault.duplicates().count
            show(rows) { $0.groups = groups; $0.duplicateGroups = dups }
        } catch {
            update { $0.loaded = true; $0.error = UiError(error) }
        }
    }

    /// Refreshes at the start of every second of `clock` time (core's rows through
    /// `codeListStream`) until the returned task is cancelled.
    @discardableResult
    public func start(clock: WallClock = .system,
                      sleep: @escaping KulcsVault.Sleeper = { try await Task.sleep(nanoseconds: UInt64($0) * 1_000_000) }) -> Task<Void, Never> {
        let box = UncheckedModel(self)
        let vault = self.vault
        return Task {
            do {
                for try await _ in vault.codeListStream(clock: clock, sleep: sleep) { box.model.refresh() }
            } catch {
                box.model.update { $0.error = UiError(error) }
            }
        }
    }

    /// The search field changed: core matches issuer, label and groups ("ugyfel" finds
    /// "Ügyfélkapu+").
    public func setQuery(_ text: String) {
        update { $0.query = text }
        refresh()
    }

    /// Shows only `name`'s accounts (nil: all).
    public func setGroup(_ name: String?) {
        update { $0.group = name }
        refresh()
    }

    /// The row VoiceOver focuses (nil: none): only its changes are announced.
    public func setFocus(_ id: String?) {
        focusedId = id
        lastFocused = nil
        announcedFiveFor = nil
        update { $0.announcement = nil }
    }

    /// The code to put on the pasteboard for row `id` (fresh from core), or nil if it is gone.
    public func copy(id: String) -> String? {
        guard let row = try? vault.codeRow(id: id) else { return nil }
        update { $0.copiedId = id }
        return row.code
    }

    /// HOTP: the code was used; move to the next counter.
    public func nextCounterCode(id: String) {
        do { _ = try vault.advanceCounter(id: id) } catch { update { $0.error = UiError(error) } }
        refresh()
    }

    private func show(_ rows: [CodeRow], _ more: (inout CodeListState) -> Void) {
        var announcement: Announcement?
        if let id = focusedId, let row = rows.first(where: { $0.id == id }) {
            if let last = lastFocused, last.id == id, last.code != row.code {
                announcement = .newCode(name: row.displayName, codeSpoken: row.codeSpoken)
            } else if !row.isCounterBased, Int(row.secondsLeft) == Self.announceAtSecondsLeft, announcedFiveFor != row.code {
                announcement = .secondsLeft(name: row.displayName, seconds: Self.announceAtSecondsLeft)
                announcedFiveFor = row.code
            }
            lastFocused = (id, row.code)
        }
        update {
            $0.rows = rows
            $0.loaded = true
            $0.error = nil
            $0.announcement = announcement
            more(&$0)
        }
    }
}

/// Hands a view-model to the refresh task; the model is used from one task at a time.
private struct UncheckedModel: @unchecked Sendable {
    let model: CodeListViewModel
    init(_ model: CodeListViewModel) { self.model = model }
}
