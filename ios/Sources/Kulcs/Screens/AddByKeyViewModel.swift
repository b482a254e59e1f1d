//! Owns the "type a key" screen (Swift twin of Kotlin's AddByKeyViewModel): core cleans the
//! key, the Ügyfélkapu+ preset is core's, core checks the code typed back and says when it is
//! complete enough to check and when the entry may be saved.
import Foundation

/// Ügyfélkapu+ (core's preset) or any other service.
public enum KeyPreset: Sendable { case ugyfelkapu, other }

/// Whether the code typed back matched the key (core's `checkTypedCode`, ±1 step).
public enum Confirmation: Sendable { case notYet, confirmed, mismatch }

/// What the add-by-key screen shows.
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
    /// The code the key makes now (offset added by core).
    public var preview: CodePreview?
    /// What the user typed back so far.
    public var typedCode = ""
    public var confirmation: Confirmation = .notYet
    /// Core's `canSaveKey`: key parses, code confirmed, label (and issuer unless Ügyfélkapu+)
    /// not blank; false again once saved.
    public var canSave = false
    public var saved: AddOutcome?
    public var error: UiError?

    /// The saved entry's id (for the detail screen, to store the törlőkód).
    public var savedId: String? {
        switch saved {
        case .added(let id)?, .alreadyPresent(let id)?, .addedWithConflict(let id, _)?: return id
        case nil: return nil
        }
    }

    public init() {}
}

/// The "type a key" screen; every decision is core's (key parsing, preset, code check, save rule).
public final class AddByKeyViewModel: ScreenModel<AddByKeyState> {
    private let vault: KulcsVault
    private var params: OtpParams { defaultOtpParams() }

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(AddByKeyState())
    }

    public func selectPreset(_ preset: KeyPreset) { change { $0.preset = preset } }
    public func setLabel(_ text: String) { change { $0.label = text } }
    public func setIssuer(_ text: String) { change { $0.issuer = text } }

    /// The key field changed: core parses it leniently; a new key needs a new confirmation.
    public func setKey(_ text: String) {
        var key: SetupKey?
        var keyError: UiError?
        do { key = try SetupKey.fromBase32(text: text) } catch {
            // An empty field is not an error yet.
            if !(UiError(error).kind == .empty) { keyError = UiError(error) }
        }
        let preview = key.flatMap { try? CodePreview.of($0, params: params, vault: vault) }
        change {
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
        let p = try? CodePreview.of(key, params: params, vault: vault)
        update { $0.preview = p }
    }

    /// The code field changed: once core says it is complete (`typedCodeComplete`: as many
    /// digits as the code has), it is checked without a button.
    public func codeTyped(_ typed: String) {
        update { $0.typedCode = typed; $0.confirmation = .notYet }
        if typedCodeComplete(params: params, typed: typed) { confirmCode(typed) }
    }

    /// The user typed the code back: core checks it against the key within ±1 step.
    public func confirmCode(_ typed: String) {
        guard let key = currentKey() else { return }
        do {
            let step = try checkTypedCode(key: key, params: params, typed: typed, unixTime: vault.deviceUnixTime,
                                          clockOffset: try vault.clockOffsetSeconds())
            change { $0.confirmation = step != nil ? .confirmed : .mismatch }
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
                outcome = try vault.addUgyfelkapu(username: s.label, setupKey: s.keyText)
            case .other:
                let key = try SetupKey.fromBase32(text: s.keyText)
                outcome = try vault.addScanned(ParsedUri(issuer: s.issuer, label: s.label, params: params, key: key, notes: []))
            }
            change { $0.saved = outcome; $0.error = nil }
        } catch {
            update { $0.error = UiError(error) }
        }
    }

    private func currentKey() -> SetupKey? { try? SetupKey.fromBase32(text: state.keyText) }

    /// Applies `edit`, then asks core whether the entry may be saved now.
    private func change(_ edit: (inout AddByKeyState) -> Void) {
        update {
            edit(&$0)
            $0.canSave = $0.saved == nil && canSaveKey(ugyfelkapuPreset: $0.preset == .ugyfelkapu, issuer: $0.issuer, label: $0.label,
                                                      keyText: $0.keyText, codeConfirmed: $0.confirmation == .confirmed)
        }
    }
}
