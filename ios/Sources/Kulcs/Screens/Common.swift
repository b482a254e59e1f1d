//! Owns what every screen's view-model shares (the Swift twin of the Kotlin `hu.kulcs.screens`
//! package, same names): the code row a view shows, the error a view explains, and the tiny
//! observable base (a stored `state` plus an `onChange` callback and an `AsyncStream`), because
//! Combine is missing on Linux and `@Observable` would tie the tests to Apple platforms.
import Foundation

/// One code as a view shows it. `code` is grouped by core ("461 751"); `spokenCode` is the
/// accessibility label ("4 6 1, 7 5 1"), core's rule too. `next` is set only when core says the
/// code is expiring soon. The countdown is `secondsLeft` as text plus `progress` as a bar.
public struct CodeRow: Equatable, Sendable {
    public let id: String
    public let issuer: String
    public let label: String
    public let code: String
    public let spokenCode: String
    /// What the copy button puts on the pasteboard.
    public let rawCode: String
    public let next: String?
    public let spokenNext: String?
    public let secondsLeft: Int?
    public let period: Int?
    public let hasNote: Bool
    public let isCounterBased: Bool

    /// The name the row shows (moved here from CodeRowView, still the shell's own rule).
    public var displayName: String { label.isEmpty ? issuer : "\(issuer) (\(label))" }

    /// Fraction of the step left, 1.0 → 0.0, for the countdown bar; nil for HOTP.
    public var progress: Double? {
        guard let left = secondsLeft, let period, period > 0 else { return nil }
        return Double(left) / Double(period)
    }

    public init(_ a: AccountCode) {
        self.init(id: a.id, issuer: a.issuer, label: a.label, window: a.window, hasNote: a.hasNote, kind: a.params.kind)
    }

    public init(id: String, issuer: String, label: String, window w: CodeWindow, hasNote: Bool, kind: OtpKind) {
        self.id = id
        self.issuer = issuer
        self.label = label
        code = displayCode(code: w.code)
        spokenCode = KulcsFFI.spokenCode(code: w.code)
        rawCode = w.code
        next = w.expiringSoon ? displayCode(code: w.next) : nil
        spokenNext = w.expiringSoon ? KulcsFFI.spokenCode(code: w.next) : nil
        secondsLeft = w.validFor.map(Int.init)
        period = w.period.map(Int.init)
        self.hasNote = hasNote
        isCounterBased = kind == .hotp
    }
}

/// A failure a view explains. `kind` selects the message (`InvalidCharacter`, `NoQrCode`,
/// `PassphraseTooShort`, `Locked`, …); `field` says which input to point at; `detail` is an
/// English fallback for logs. Never contains a secret.
public struct UiError: Equatable, Sendable {
    public let kind: String
    public let field: String?
    public let detail: String

    public init(kind: String, field: String? = nil, detail: String = "") {
        self.kind = kind
        self.field = field
        self.detail = detail
    }

    public init(_ error: Error) {
        switch error {
        case KulcsError.InvalidInput(let field, let kind, let reason): self.init(kind: kind, field: field, detail: reason)
        case KulcsError.NoQrCode: self.init(kind: "NoQrCode")
        case KulcsError.NotFound(let id): self.init(kind: "NotFound", detail: id)
        case KulcsError.WrongKeyOrDamaged: self.init(kind: "WrongKeyOrDamaged")
        case KulcsError.KeyStore(let failure, let reason):
            switch failure {
            case .cancelled: self.init(kind: "Cancelled", detail: reason)
            case .keyMissing: self.init(kind: "KeyMissing", detail: reason)
            case .unavailable: self.init(kind: "KeyStoreUnavailable", detail: reason)
            }
        case KulcsError.Storage(let kind, let reason): self.init(kind: kind, field: "storage", detail: reason)
        case KulcsError.Sync(let kind, let reason): self.init(kind: kind, field: "sync", detail: reason)
        case KulcsError.Internal(let reason): self.init(kind: "Internal", detail: reason)
        default: self.init(kind: "Internal", detail: String(describing: type(of: error)))
        }
    }
}

/// The observable part of every view-model: `state`, a callback, and a stream of states.
/// Use it from one actor (the main actor in the app); vault calls block, so the app calls
/// actions from a background task and renders on the main actor.
open class ScreenModel<State: Sendable> {
    public private(set) var state: State {
        didSet {
            onChange?(state)
            for c in continuations.values { c.yield(state) }
        }
    }

    /// Called after every change (SwiftUI views set it to bump their own `@State`).
    public var onChange: ((State) -> Void)?
    private var continuations: [UUID: AsyncStream<State>.Continuation] = [:]

    init(_ initial: State) {
        state = initial
    }

    /// The current state, then every change.
    public func states() -> AsyncStream<State> {
        let (stream, continuation) = AsyncStream<State>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let id = UUID()
        continuations[id] = continuation
        continuation.yield(state)
        return stream
    }

    func set(_ new: State) {
        state = new
    }

    func update(_ change: (inout State) -> Void) {
        var s = state
        change(&s)
        state = s
    }
}
