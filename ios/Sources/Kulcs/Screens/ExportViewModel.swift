//! Owns the export screens (Swift twin of Kotlin's ExportViewModel): every account as Google
//! Authenticator export QR codes shown one after the other ("k/n"), and one account's QR code
//! for another app. Core builds the texts and draws the PNGs; both carry secrets, so the view
//! shows them only while the screen is open.
import Foundation

/// What the export screen shows.
public enum ExportState: Equatable, Sendable {
    case idle
    /// Google export codes (core's PNGs); `index` is shown, "k/n" is `ExportViewModel.position`.
    case googleFrames(frames: [Data], index: Int)
    /// One account's `otpauth://` QR code for another app.
    case accountQr(name: String, png: Data)
    case failed(UiError)
}

/// Google export codes ("k/n") and one account's QR code, built and drawn by core.
public final class ExportViewModel: ScreenModel<ExportState> {
    /// Pixels per QR module of the drawn PNGs.
    public static let qrScale: UInt32 = 8

    private let vault: KulcsVault

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(.idle)
    }

    /// "k/n" while Google export codes are shown (k counts from 1), nil otherwise.
    public var position: String? {
        guard case .googleFrames(let frames, let index) = state else { return nil }
        return "\(index + 1)/\(frames.count)"
    }

    /// Core's Google Authenticator export of `ids` (empty: every account), as QR PNGs.
    public func googleFrames(ids: [String] = []) {
        do {
            let frames = try vault.exportGoogle(ids: ids).map { try qrPng(text: $0, scale: Self.qrScale) }
            set(.googleFrames(frames: frames, index: 0))
        } catch {
            set(.failed(UiError(error)))
        }
    }

    /// The next export code (the view's "Next" button or its timer), wrapping around.
    public func nextFrame() {
        guard case .googleFrames(let frames, let index) = state, !frames.isEmpty else { return }
        set(.googleFrames(frames: frames, index: (index + 1) % frames.count))
    }

    /// One account's QR code (core's `otpauth://` URI, drawn by core) for another app.
    public func accountQr(id: String) {
        do {
            let row = try vault.codeRow(id: id)
            set(.accountQr(name: row.displayName, png: try qrPng(text: try vault.accountUri(id: id), scale: Self.qrScale)))
        } catch {
            set(.failed(UiError(error)))
        }
    }

    /// Forgets the codes (the screen closes).
    public func close() { set(.idle) }
}
