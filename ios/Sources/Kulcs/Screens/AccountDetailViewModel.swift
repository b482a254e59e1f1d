//! Owns the account detail screen (Swift twin): code, rename, delete, and the private note
//! where the törlőkód is kept, shown only on request.
import Foundation

/// What the detail screen shows.
public struct AccountDetailState: Equatable, Sendable {
    public var row: CodeRow?
    /// The account's groups (core's cleaned list).
    public var groups: [String] = []
    /// The note's text while the user asked to see it; nil otherwise.
    public var noteShown: String?
    public var deleted = false
    public var error: UiError?
    public init() {}
}

/// One account: its row, the note shown only on request, groups, rename, delete.
public final class AccountDetailViewModel: ScreenModel<AccountDetailState> {
    private let vault: KulcsVault
    public let id: String

    public init(vault: KulcsVault, id: String) {
        self.vault = vault
        self.id = id
        super.init(AccountDetailState())
        refresh()
    }

    public func refresh() {
        do {
            let row = try vault.codeRow(id: id)
            let groups = try vault.accountGroups(id: id)
            update { $0.row = row; $0.groups = groups }
        } catch {
            update { $0.row = nil; $0.error = UiError(error) }
        }
    }

    public func showNote() {
        do {
            let note = try vault.note(id: id) ?? ""
            update { $0.noteShown = note }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    public func hideNote() { update { $0.noteShown = nil } }

    /// Saves the note; an empty text removes it.
    public func saveNote(_ text: String) {
        do {
            try vault.setNote(id: id, note: text)
            update { $0.noteShown = nil; $0.error = nil }
            refresh()
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    /// Replaces the account's groups (core trims them and drops duplicates).
    public func setGroups(_ groups: [String]) {
        do {
            try vault.setGroups(id: id, groups: groups)
            update { $0.error = nil }
            refresh()
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    public func rename(issuer: String, label: String) {
        do { try vault.rename(id: id, issuer: issuer, label: label); refresh() } catch { update { $0.error = UiError(error) } }
    }

    public func delete() {
        do {
            try vault.delete(id: id)
            var s = AccountDetailState()
            s.deleted = true
            set(s)
        } catch {
            update { $0.error = UiError(error) }
        }
    }
}
