//! Owns the scan screen (Swift twin of Kotlin's ScanViewModel): camera luma planes go to core's
//! live scanner, core's hint is shown, core classifies what was scanned (`classifyScan`): an
//! enrolment is confirmed before it is saved, a Google Authenticator export is read batch by
//! batch ("k/n") and imported when complete; a picked or shared image is added directly.
import Foundation

/// What the scan screen shows.
public enum ScanState: Equatable, Sendable {
    case scanning(hint: ScanHint)
    /// An enrolment was found: its code now (offset added by core); `confirm()` saves it.
    case found(issuer: String, label: String, code: String, spokenCode: String)
    /// A Google Authenticator export is being read: `read` of `count` codes so far ("k/n").
    case migrationProgress(read: Int, count: Int)
    /// A Kulcs transfer offer (the new phone's code): the view opens the send screen with it.
    case transferOffer(offerText: String)
    /// Nothing to add; core's `kind` says why (`NotAnEnrolment`, a broken URI's error …).
    case notEnrolment(kind: ErrorKind)
    case added(rows: [CodeRow], alreadyPresent: Int, conflicts: Int)
    case failed(UiError)
}

/// The scan screen: frames or texts in, core's hint and classification out.
public final class ScanViewModel: ScreenModel<ScanState> {
    private let vault: KulcsVault
    private let analyzer = FrameAnalyzer()
    private var found: ParsedUri?
    private var migration: MigrationImport?

    public init(vault: KulcsVault) {
        self.vault = vault
        super.init(.scanning(hint: .noCode))
    }

    /// True while frames should be analysed.
    public var wantsFrames: Bool {
        switch state {
        case .scanning, .migrationProgress: return true
        default: return false
        }
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
            if case .migrationProgress = state { return }
            set(.scanning(hint: scan.hint))
            return
        }
        for code in scan.codes {
            if case .enrolment(let account) = code { return showFound(account) }
        }
        // Not an enrolment: core sorts the texts (an export batch, a transfer offer, a refusal).
        let texts = analyzer.texts(luma: luma, width: width, height: height, rowStride: rowStride)
        if texts.isEmpty { return set(.notEnrolment(kind: .notAnEnrolment)) }
        for text in texts { onScannedText(text) }
    }

    /// One scanned QR text (from the camera, or pasted): core's `classifyScan` decides.
    public func onScannedText(_ text: String) {
        switch classifyScan(text: text) {
        case .enrolment(let account):
            showFound(account)
        case .migrationBatch:
            addBatch(text)
        case .transferOffer:
            set(.transferOffer(offerText: text))
        case .refused(let kind):
            if case .migrationProgress = state { return } // a stray code while reading an export
            set(.notEnrolment(kind: kind))
        }
    }

    private func addBatch(_ text: String) {
        do {
            let m = migration ?? MigrationImport()
            migration = m
            let p = try m.add(text: text)
            guard p.done else { return set(.migrationProgress(read: Int(p.batchesRead), count: Int(p.batchCount))) }
            let outcomes = try vault.importMigration(m)
            migration = nil
            set(added(outcomes))
        } catch {
            // A code of another export while reading this one: the collected codes stay.
            if case .migrationProgress = state { return }
            set(.failed(UiError(error)))
        }
    }

    private func showFound(_ account: ParsedUri) {
        do {
            let p = try CodePreview.of(account.key, params: account.params, vault: vault)
            found = account
            set(.found(issuer: account.issuer, label: account.label, code: p.codeGrouped, spokenCode: p.codeSpoken))
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
        migration = nil
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
        let rows = ((try? vault.codeRows()) ?? []).filter { ids.contains($0.id) }
        return .added(rows: rows, alreadyPresent: present, conflicts: conflicts)
    }
}
