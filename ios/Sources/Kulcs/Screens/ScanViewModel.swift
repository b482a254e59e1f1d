//! Owns the scan screen (Swift twin of Kotlin's ScanViewModel): camera luma planes go to core's
//! live scanner, core's hint is shown, a found enrolment is confirmed before it is saved; a
//! picked or shared image is added directly.
import Foundation

public enum ScanState: Equatable, Sendable {
    case scanning(hint: ScanHint)
    case found(issuer: String, label: String, code: String, spokenCode: String)
    case notEnrolment(description: String?, brokenKind: String?)
    case added(rows: [CodeRow], alreadyPresent: Int, conflicts: Int)
    case failed(UiError)
}

public final class ScanViewModel: ScreenModel<ScanState> {
    private let vault: KulcsVault
    private let analyzer = FrameAnalyzer()
    private var found: ParsedUri?

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(.scanning(hint: .noCode))
    }

    /// True while frames should be analysed.
    public var wantsFrames: Bool {
        if case .scanning = state { return true }
        return false
    }

    /// One camera luma plane (the app passes the locked `CVPixelBuffer` plane).
    public func onFrame(luma: Data, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) {
        guard wantsFrames else { return }
        let scan: FrameScan
        do {
            scan = try analyzer.analyze(luma: luma, width: width, height: height, rowStride: rowStride, rotationDegrees: rotationDegrees)
        } catch {
            set(.failed(UiError(error)))
            return
        }
        guard scan.hint == .found else {
            set(.scanning(hint: scan.hint))
            return
        }
        var broken: String?
        var other: String?
        for code in scan.codes {
            switch code {
            case .enrolment(let account):
                showFound(account)
                return
            case .brokenEnrolment(let kind, _): broken = broken ?? kind
            case .other(let description): other = other ?? description
            }
        }
        set(.notEnrolment(description: other, brokenKind: broken))
    }

    private func showFound(_ account: ParsedUri) {
        do {
            let offset = try vault.clockOffsetSeconds()
            let w = try account.key.codeWindow(params: account.params, unixTime: vault.unixTime + offset)
            let row = CodeRow(id: "", issuer: account.issuer, label: account.label, window: w, hasNote: false, kind: account.params.kind)
            found = account
            set(.found(issuer: account.issuer, label: account.label, code: row.code, spokenCode: row.spokenCode))
        } catch {
            set(.failed(UiError(error)))
        }
    }

    /// The user confirmed the found account: save it.
    public func confirm() {
        guard let account = found else { return }
        do {
            let outcome = try vault.addScanned(account)
            found = nil
            set(added([outcome]))
        } catch {
            set(.failed(UiError(error)))
        }
    }

    /// Adds every enrolment code in a picked or shared image (PNG/JPEG/WebP bytes).
    public func addImage(_ data: Data) {
        do { set(added(try vault.addImage(data))) } catch { set(.failed(UiError(error))) }
    }

    public func rescan() {
        found = nil
        set(.scanning(hint: .noCode))
    }

    private func added(_ outcomes: [AddOutcome]) -> ScanState {
        var ids: [String] = []
        var present = 0
        var conflicts = 0
        for o in outcomes {
            switch o {
            case .added(let id): ids.append(id)
            case .alreadyPresent(let id): ids.append(id); present += 1
            case .addedWithConflict(let id, _): ids.append(id); conflicts += 1
            }
        }
        let rows = ((try? vault.codes()) ?? []).filter { ids.contains($0.id) }.map(CodeRow.init)
        return .added(rows: rows, alreadyPresent: present, conflicts: conflicts)
    }
}
