//! Owns what every screen's view-model shares (the Swift twin of the Kotlin `hu.kulcs.screens`
//! package, same names): the preview of a code not saved yet, the error a view explains, and the tiny
//! observable base (a stored `state` plus an `onChange` callback and an `AsyncStream`), because
//! Combine is missing on Linux and `@Observable` would tie the tests to Apple platforms.
import Foundation

/// What a screen shows for a code that is not in the vault yet (a typed key, a scanned
/// enrolment): the code at the corrected clock (core adds the offset), grouped and spoken by
/// core. Saved accounts are shown as core's `CodeRow`.
public struct CodePreview: Equatable, Sendable {
    /// The raw code (compared with what the user types back).
    public let code: String
    /// "461 751" (core's `displayCode`).
    public let codeGrouped: String
    /// "4 6 1, 7 5 1" (core's `spokenCode`), the accessibility label.
    public let codeSpoken: String
    /// Seconds the code stays valid; nil for HOTP.
    public let secondsLeft: Int?
    /// The step length in seconds; nil for HOTP.
    public let period: Int?

    /// The code `key` makes now on `vault`'s corrected clock.
    static func of(_ key: SetupKey, params: OtpParams, vault: KulcsVault) throws -> CodePreview {
        let w = try key.codeWindow(params: params, unixTime: try vault.correctedUnixTime())
        return CodePreview(code: w.code, codeGrouped: displayCode(code: w.code), codeSpoken: spokenCode(code: w.code),
                           secondsLeft: w.validFor.map(Int.init), period: w.period.map(Int.init))
    }
}

extension CodeRow {
    /// HOTP: the code stays until the user asks for the next one (no countdown).
    public var isCounterBased: Bool { counter != nil }
}

/// A failure a view explains. `kind` is core's `ErrorKind`; the sentence is
/// `Messages.key(error)` in Localizable.strings; `field` says which input to point at; `detail`
/// is an English fallback for logs. Never contains a secret.
public struct UiError: Equatable, Sendable {
    public let kind: ErrorKind
    public let field: String?
    public let detail: String

    public init(kind: ErrorKind, field: String? = nil, detail: String = "") {
        self.kind = kind
        self.field = field
        self.detail = detail
    }

    /// Any error of a vault call: core names the kind (`errorKind`); a non-Kulcs error is a bug.
    public init(_ error: Error) {
        guard let e = error as? KulcsError else {
            self.init(kind: .internal, detail: String(describing: type(of: error)))
            return
        }
        let kind = errorKind(error: e)
        switch e {
        case .InvalidInput(let field, _, let reason): self.init(kind: kind, field: field, detail: reason)
        case .NotFound(let id): self.init(kind: kind, detail: id)
        case .KeyStore(_, let reason), .Internal(let reason): self.init(kind: kind, detail: reason)
        case .Storage(_, let reason): self.init(kind: kind, field: "storage", detail: reason)
        case .Sync(_, let reason): self.init(kind: kind, field: "sync", detail: reason)
        default: self.init(kind: kind)
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
