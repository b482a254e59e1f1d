//! The scan screen: AVFoundation delivers 420f/420v frames; the luma plane (plane 0) is lent to
//! core's live scanner without copying; core's hint is shown; core classifies what was read: an
//! enrolment is confirmed, a Google export is read code by code ("k/n"), a transfer offer opens
//! the send screen.
import AVFoundation
import Kulcs
import PhotosUI
import SwiftUI

struct ScanView: View {
    @StateObject private var screen: ScreenState<ScanViewModel, ScanState>
    @StateObject private var camera: CameraFeed
    @State private var picked: PhotosPickerItem?

    let vault: KulcsVault

    init(vault: KulcsVault) {
        self.vault = vault
        let model = ScanViewModel(vault: vault)
        let state = ScreenState(model, state: model.state) { m, f in m.onChange = f }
        _screen = StateObject(wrappedValue: state)
        _camera = StateObject(wrappedValue: CameraFeed(model: model))
    }

    var body: some View {
        VStack {
            CameraPreview(session: camera.session).frame(maxHeight: .infinity)
            switch screen.state {
            case .scanning(let hint):
                Text(hintKey(hint)).font(.title3).accessibilityAddTraits(.updatesFrequently)
            case .found(let issuer, let label, let code, let spoken):
                Text(issuer).font(.headline)
                Text(label)
                Text(code).font(.largeTitle).accessibilityLabel(Text(spoken))
                HStack {
                    Button("action_add") { screen.run { $0.confirm() } }.buttonStyle(.borderedProminent)
                    Button("action_rescan") { screen.run { $0.rescan() } }
                }
            case .migrationProgress(let read, let count):
                // "k/n": the camera keeps reading the other export codes.
                Text("migration_progress \(read) \(count)").font(.title3).accessibilityAddTraits(.updatesFrequently)
                ProgressView(value: Double(read), total: Double(max(count, 1))).accessibilityHidden(true)
            case .transferOffer(let offer):
                NavigationLink("action_transfer_send") { SendTransferView(vault: vault, offerText: offer) }
                Button("action_rescan") { screen.run { $0.rescan() } }
            case .notEnrolment(let kind):
                Text("scan_not_enrolment_title").font(.headline)
                if kind != .notAnEnrolment { Text(LocalizedStringKey(Messages.key(kind: kind))) }
                Button("action_rescan") { screen.run { $0.rescan() } }
            case .added(let rows, _, let conflicts):
                ForEach(rows, id: \.id) { CodeRowView(row: $0) }
                if conflicts > 0 { Text("added_with_conflict") }
            case .failed(let error):
                errorText(error)
                Button("action_rescan") { screen.run { $0.rescan() } }
            }
            PhotosPicker("action_pick_image", selection: $picked, matching: .images)
        }
        .padding()
        .onAppear { camera.start() }
        .onDisappear { camera.stop() }
        .onChange(of: picked) { item in
            Task {
                guard let data = try? await item?.loadTransferable(type: Data.self) else { return }
                screen.run { $0.addImage(data) }
            }
        }
    }

    private func hintKey(_ hint: ScanHint) -> LocalizedStringKey {
        switch hint {
        case .noCode: "scan_hint_no_code"
        case .moveCloser: "scan_hint_move_closer"
        case .holdStill: "scan_hint_hold_still"
        case .found: "scan_hint_found"
        }
    }
}

/// The capture session. Frames arrive on the vault queue, where every model call runs; the model's state changes are published to the view on the main actor.
final class CameraFeed: NSObject, ObservableObject, AVCaptureVideoDataOutputSampleBufferDelegate, @unchecked Sendable {
    let session = AVCaptureSession()
    private let model: ScanViewModel
    private let queue = VaultQueue.shared

    init(model: ScanViewModel) {
        self.model = model
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

    func start() { queue.async { self.session.startRunning() } }
    func stop() { queue.async { self.session.stopRunning() } }

    func captureOutput(_ output: AVCaptureOutput, didOutput sampleBuffer: CMSampleBuffer, from connection: AVCaptureConnection) {
        guard model.wantsFrames, let pixels = CMSampleBufferGetImageBuffer(sampleBuffer) else { return }
        CVPixelBufferLockBaseAddress(pixels, .readOnly)
        defer { CVPixelBufferUnlockBaseAddress(pixels, .readOnly) }
        guard let base = CVPixelBufferGetBaseAddressOfPlane(pixels, 0) else { return }
        let width = CVPixelBufferGetWidthOfPlane(pixels, 0)
        let height = CVPixelBufferGetHeightOfPlane(pixels, 0)
        let stride = CVPixelBufferGetBytesPerRowOfPlane(pixels, 0)
        let plane = Data(bytesNoCopy: base, count: stride * height, deallocator: .none)
        // Back camera in portrait: the sensor is landscape, 90° clockwise brings it upright.
        model.onFrame(luma: plane, width: width, height: height, rowStride: stride, rotationDegrees: 90)
    }
}

struct CameraPreview: UIViewRepresentable {
    let session: AVCaptureSession
    func makeUIView(context: Context) -> PreviewView {
        let view = PreviewView()
        view.previewLayer.session = session
        view.previewLayer.videoGravity = .resizeAspectFill
        return view
    }
    func updateUIView(_ uiView: PreviewView, context: Context) {}

    final class PreviewView: UIView {
        override class var layerClass: AnyClass { AVCaptureVideoPreviewLayer.self }
        var previewLayer: AVCaptureVideoPreviewLayer { layer as! AVCaptureVideoPreviewLayer }
    }
}
