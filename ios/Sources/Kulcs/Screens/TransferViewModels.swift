//! Owns the two transfer screens (Swift twin of Kotlin's TransferViewModels), driven by core's
//! transfer protocol (docs/transfer.md §1) through two ports: TransferPorts.swift implements
//! them over the bindings, tests can script them.
import Foundation

/// Frames received of the total (0 of 0 until the first frame names the total).
public struct TransferProgress: Equatable, Sendable {
    public let received: Int
    public let total: Int
    public var isComplete: Bool { total > 0 && received >= total }
    public init(received: Int, total: Int) {
        self.received = received
        self.total = total
    }
}

/// The new device's side: core's `transfer::Receiver` plus the import into the vault.
public protocol TransferReceiverPort: AnyObject {
    var offerText: String { get }
    /// Draws a fresh 12-digit code; call it only after the offer was scanned, once per showing
    /// (core accepts frames under the latest code only).
    func revealCode() -> String
    func accept(frameText: String) throws -> TransferProgress
    func importAll() throws -> Int
}

/// The old device's side: core's `transfer::PendingSend` / `ConfirmedSend`.
public protocol TransferSenderPort: AnyObject {
    func scanOffer(_ offerText: String) throws
    /// On a matching code returns the frame QR texts; else throws `InvalidInput(kind: "CodeMismatch")`.
    func confirm(typedCode: String) throws -> [String]
}

/// The new phone's receive screen.
public enum ReceiveState: Equatable, Sendable {
    case showOffer(offerText: String)
    case showCode(code: String, spokenCode: String, progress: TransferProgress)
    case done(imported: Int)
    case failed(UiError)
}

/// The new phone: shows the offer, then the code, counts frames, imports when complete.
public final class ReceiveTransferViewModel: ScreenModel<ReceiveState> {
    private let port: TransferReceiverPort

    public init(port: TransferReceiverPort) {
        self.port = port
        super.init(.showOffer(offerText: port.offerText))
    }

    public func offerScanned() {
        let code = port.revealCode()
        set(.showCode(code: displayCode(code: code), spokenCode: spokenCode(code: code), progress: TransferProgress(received: 0, total: 0)))
    }

    public func onFrameText(_ text: String) {
        guard case .showCode(let code, let spoken, _) = state else { return }
        do {
            let progress = try port.accept(frameText: text)
            set(.showCode(code: code, spokenCode: spoken, progress: progress))
            if progress.isComplete { set(.done(imported: try port.importAll())) }
        } catch {
            set(.failed(UiError(error)))
        }
    }

    public func resume() {
        if case .failed = state { offerScanned() }
    }
}

/// The old phone's send screen.
public enum SendState: Equatable, Sendable {
    case scanOffer
    case enterCode(wrongCode: Bool)
    case showFrames(frames: [String], index: Int)
    case failed(UiError)
    case finished
}

/// The old phone: reads the offer, takes the typed code, cycles the frame QR codes.
public final class SendTransferViewModel: ScreenModel<SendState> {
    private let port: TransferSenderPort

    public init(port: TransferSenderPort) {
        self.port = port
        super.init(.scanOffer)
    }

    public func onOfferText(_ text: String) {
        guard state == .scanOffer else { return }
        do {
            try port.scanOffer(text)
            set(.enterCode(wrongCode: false))
        } catch {
            set(.failed(UiError(error)))
        }
    }

    public func enterCode(_ typed: String) {
        guard case .enterCode = state else { return }
        do {
            set(.showFrames(frames: try port.confirm(typedCode: typed), index: 0))
        } catch {
            let e = UiError(error)
            // Core's answers that let the user type the code again (TooManyAttempts does not).
            set([.codeMismatch, .codeFormat].contains(e.kind) ? .enterCode(wrongCode: true) : .failed(e))
        }
    }

    /// The view calls this on a timer (about every 700 ms) to cycle the frames.
    public func nextFrame() {
        guard case .showFrames(let frames, let index) = state, !frames.isEmpty else { return }
        set(.showFrames(frames: frames, index: (index + 1) % frames.count))
    }

    public func finish() { set(.finished) }
    public func restart() { set(.scanOffer) }
}
