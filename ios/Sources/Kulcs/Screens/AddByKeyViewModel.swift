//! Owns the "type a key" screen (Swift twin of Kotlin's AddByKeyViewModel): core cleans the
//! key, the Ügyfélkapu+ preset is core's, and core checks the code typed back.
import Foundation

/// Ügyfélkapu+ (core's preset) or any other service.
public enum KeyPreset: Sendable { case ugyfelkapu, other }

public enum Confirmation: Sendable { case notYet, confirmed, mismatch }

public struct AddByKeyState: Equatable, Sendable {
    public var preset: KeyPreset = .ugyfelkapu
    /// Ügyfélkapu+: the username; other: the account name.
    public var label = ""
    public var issuer = ""
    public var keyText = ""
    public var keyError: UiError?
    public var keyBits: Int?
    /// The key regrouped by core ("KULC SPEL DAKU LCS2").
    public var keyGrouped: String?
    public var preview: CodeRow?
    public var confirmation: Confirmation = .notYet
    public var saved: AddOutcome?
    public var error: UiError?

    public var canSave: Bool {
        keyBits != nil && confirmation == .confirmed && !label.trimmingCharacters(in: .whitespaces).isEmpty
            && (preset == .ugyfelkapu || !issuer.trimmingCharacters(in: .whitespaces).isEmpty) && saved == nil
    }

    /// The saved entry's id (for the detail screen, to store the törlőkód).
    public var savedId: String? {
        switch saved {
        case .added(let id)?, .alreadyPresent(let id)?, .addedWithConflict(let id, _)?: return id
        case nil: return nil
        }
    }

    public init() {}
}

public final class AddByKeyViewModel: ScreenModel<AddByKeyState> {
    private let vault: KulcsVault
    private var params: OtpParams { defaultOtpParams() }

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(AddByKeyState())
    }

    public func selectPreset(_ preset: KeyPreset) { update { $0.preset = preset } }
    public func setLabel(_ text: String) { update { $0.label = text } }
    public func setIssuer(_ text: String) { update { $0.issuer = text } }

    /// The key field changed: core parses it leniently; a new key needs a new confirmation.
    public func setKey(_ text: String) {
        var key: SetupKey?
        var keyError: UiError?
        if !text.trimmingCharacters(in: .whitespaces).isEmpty {
            do { key = try SetupKey.fromBase32(text: text) } catch { keyError = UiError(error) }
        }
        let preview = key.flatMap(preview)
        update {
            $0.keyText = text
            $0.keyError = keyError
            $0.keyBits = key.map { Int($0.bits()) }
            $0.keyGrouped = key?.revealGrouped()
            $0.preview = preview
            $0.confirmation = .notYet
            $0.saved = nil
        }
    }

    /// Re-computes the preview code (every second while shown).
    public func tick() {
        guard let key = currentKey() else { return }
        let p = preview(key)
        update { $0.preview = p }
    }

    /// The user typed the code back: core checks it against the key within ±1 step.
    public func confirmCode(_ typed: String) {
        guard let key = currentKey() else { return }
        do {
            let step = try checkTypedCode(key: key, params: params, typed: typed, unixTime: vault.unixTime,
                                          clockOffset: try vault.clockOffsetSeconds())
            update { $0.confirmation = step != nil ? .confirmed : .mismatch }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    public func save() {
        let s = state
        guard s.canSave else { return }
        do {
            let outcome: AddOutcome
            switch s.preset {
            case .ugyfelkapu:
                outcome = try vault.addUgyfelkapu(username: s.label.trimmingCharacters(in: .whitespaces), setupKey: s.keyText)
            case .other:
                let key = try SetupKey.fromBase32(text: s.keyText)
                outcome = try vault.addScanned(ParsedUri(issuer: s.issuer.trimmingCharacters(in: .whitespaces),
                                                         label: s.label.trimmingCharacters(in: .whitespaces),
                                                         params: params, key: key, notes: []))
            }
            update { $0.saved = outcome; $0.error = nil }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    private func currentKey() -> SetupKey? {
        state.keyText.isEmpty ? nil : try? SetupKey.fromBase32(text: state.keyText)
    }

    private func preview(_ key: SetupKey) -> CodeRow? {
        guard let offset = try? vault.clockOffsetSeconds(),
              let w = try? key.codeWindow(params: params, unixTime: vault.unixTime + offset) else { return nil }
        return CodeRow(id: "", issuer: "", label: "", window: w, hasNote: false, kind: params.kind)
    }
}
