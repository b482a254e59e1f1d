//! Adding a second device: receive (new phone: offer QR → 12-digit code → frames by camera) and
//! send (old phone: camera reads the offer → typed code → frames shown in turn). Core runs the
//! protocol; the view draws QR PNGs from `transferQrPng` and forwards camera texts.
import AVFoundation
import Kulcs
import SwiftUI
import UIKit

struct TransferView: View {
    let receiving: Bool
    let vault: KulcsVault

    var body: some View {
        if receiving { ReceiveTransferView(vault: vault) } else { SendTransferView(vault: vault) }
    }
}

struct ReceiveTransferView: View {
    @StateObject private var screen: ScreenState<ReceiveTransferViewModel, ReceiveState>
    @StateObject private var camera = TransferCamera()
    @Environment(\.dismiss) private var dismiss

    init(vault: KulcsVault) {
        // A new session (fresh keys) each time the screen opens; nil port only if randomness failed.
        let model = ReceiveTransferViewModel(port: (try? VaultTransferReceiver(vault: vault)) ?? UnavailableReceiver())
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        VStack(spacing: 16) {
            switch screen.state {
            case .showOffer(let offer):
                Text("transfer_offer_explained")
                QrImage(text: offer)
                Button("action_offer_scanned") { screen.run { $0.offerScanned() }; camera.start() }.buttonStyle(.borderedProminent)
            case .showCode(let code, let spoken, let progress):
                Text(code).font(.largeTitle.monospacedDigit()).accessibilityLabel(Text(spoken))
                if progress.total == 0 { Text("transfer_code_explained") } else { Text("transfer_progress \(progress.received) \(progress.total)") }
                TransferPreview(session: camera.session)
            case .done(let imported):
                Text("transfer_done \(imported)")
                Button("action_done") { dismiss() }
            case .failed(let error):
                errorText(error)
                Button("action_rescan") { screen.run { $0.resume() } }
            }
        }
        .padding()
        .onAppear { camera.onText = { [screen] text in Task { @MainActor in screen.run { $0.onFrameText(text) } } } }
        .onDisappear { camera.stop() }
    }
}

struct SendTransferView: View {
    @StateObject private var screen: ScreenState<SendTransferViewModel, SendState>
    @StateObject private var camera = TransferCamera()
    @State private var typed = ""
    @Environment(\.dismiss) private var dismiss
    private let frameTimer = Timer.publish(every: 0.7, on: .main, in: .common).autoconnect()

    private let offerText: String?

    /// `offerText`: an offer the scan screen already read (core classified it), else the camera reads it.
    init(vault: KulcsVault, offerText: String? = nil) {
        self.offerText = offerText
        let model = SendTransferViewModel(port: VaultTransferSender(vault: vault))
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        VStack(spacing: 16) {
            switch screen.state {
            case .scanOffer:
                Text("transfer_scan_offer")
                TransferPreview(session: camera.session)
            case .enterCode(let wrongCode):
                Text(wrongCode ? "transfer_wrong_code" : "transfer_enter_code")
                TextField("field_transfer_code", text: $typed).keyboardType(.numberPad).font(.title)
                Button("action_check_code") { let t = typed; screen.run { $0.enterCode(t) } }.buttonStyle(.borderedProminent)
            case .showFrames(let frames, let index):
                Text("transfer_frames_explained \(index + 1) \(frames.count)")
                QrImage(text: frames[index])
                Button("action_done") { screen.run { $0.finish() } }
            case .failed(let error):
                errorText(error)
                Button("action_rescan") { screen.run { $0.restart() } }
            case .finished:
                Text("action_done").onAppear { dismiss() }
            }
        }
        .padding()
        .onAppear {
            if let offerText { screen.run { $0.onOfferText(offerText) } }
            camera.onText = { [screen] text in Task { @MainActor in screen.run { $0.onOfferText(text) } } }
            camera.start()
        }
        .onDisappear { camera.stop() }
        .onReceive(frameTimer) { _ in screen.run { $0.nextFrame() } }
    }
}

/// Stands in when a receiving session could not be made (the system random source failed).
private final class UnavailableReceiver: TransferReceiverPort {
    let offerText = ""
    func revealCode() -> String { "" }
    func accept(frameText: String) throws -> TransferProgress {
        throw KulcsError.Internal(reason: "no transfer session")
    }
    func importAll() throws -> Int { 0 }
}

/// A transfer QR code drawn by core, scaled without smoothing.
struct QrImage: View {
    let text: String
    var body: some View {
        if let png = try? transferQrPng(text: text), let image = UIImage(data: png) {
            Image(uiImage: image).interpolation(.none).resizable().scaledToFit()
                .accessibilityLabel(Text("transfer_qr_description"))
        }
    }
}

/// The camera for transfer codes: luma plane 0 to `TransferFrameAnalyzer`, texts to `onText`.
final class TransferCamera: NSObject, ObservableObject, AVCaptureVideoDataOutputSampleBufferDelegate, @unchecked Sendable {
    let session = AVCaptureSession()
    /// Called on the camera queue with each transfer text read.
    var onText: (@Sendable (String) -> Void)?
    private let analyzer = TransferFrameAnalyzer()
    private let queue = DispatchQueue(label: "hu.kulcs.transfer-camera")

    override init() {
        super.init()
        guard let device = AVCaptureDevice.default(.builtInWideAngleCamera, for: .video, position: .back),
              let input = try? AVCaptureDeviceInput(device: device) else { return }
        session.sessionPreset = .hd1280x720
        if session.canAddInput(input) { session.addInput(input) }
        let output = AVCaptureVideoDataOutput()
        output.videoSettings = [kCVPixelBufferPixelFormatTypeKey as String: kCVPixelFormatType_420YpCbCr8BiPlanarFullRange]
        output.alwaysDiscardsLateVideoFrames = true
        output.setSampleBufferDelegate(self, queue: queue)
        if session.canAddOutput(output) { session.addOutput(output) }
    }

    func start() { queue.async { if !self.session.isRunning { self.session.startRunning() } } }
    func stop() { queue.async { self.session.stopRunning() } }

    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard let pixels = CMSampleBufferGetImageBuffer(sampleBuffer) else { return }
        CVPixelBufferLockBaseAddress(pixels, .readOnly)
        defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
        guard let base = CVPixelBufferGetBaseAddressOfPlane(pixels, 0) else { return }
        let height = CVPixelBufferGetHeightOfPlane(pixels, 0)
        let stride = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
        let plane = Data(bytesNoCopy: base, count: stride * height, deallocator: .none)
        guard let scan = try? analyzer.analyze(luma: plane, width: CVPixelBufferGetWidthOfPlane(pixels, 0), height: height,
                                               rowStride: stride, rotationDegrees: 90) else { return }
        for text in scan.texts { onText?(text) }
    }
}

struct TransferPreview: View {
    let session: AVCaptureSession
    var body: some View { CameraPreview(session: session).frame(maxHeight: 320) }
}
