//! Export: every account as Google Authenticator export QR codes, shown one after the other with
//! "k/n" (the other phone's Google Authenticator reads them), and one account's QR code for
//! another app. Core builds and draws them; they hold secrets, so they live only on this screen.
import Kulcs
import SwiftUI

struct ExportView: View {
    @StateObject private var screen: ScreenState<ExportViewModel, ExportState>

    init(vault: KulcsVault) {
        let model = ExportViewModel(vault: vault)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        VStack(spacing: 16) {
            switch screen.state {
            case .idle:
                Text("export_google_explained")
                Button("action_export_google") { screen.run { $0.googleFrames() } }.buttonStyle(.borderedProminent)
            case .googleFrames(let frames, let index):
                PngImage(png: frames[index], label: "export_qr_description")
                Text(screen.model.position ?? "").font(.title3).accessibilityLabel(Text("export_position \(index + 1) \(frames.count)"))
                Button("action_next") { screen.run { $0.nextFrame() } }.buttonStyle(.borderedProminent)
            case .accountQr(let name, let png):
                Text(name).font(.headline)
                PngImage(png: png, label: "export_qr_description")
            case .failed(let error):
                errorText(error)
            }
        }
        .padding()
        .onDisappear { screen.run { $0.close() } }
    }
}

/// One account's QR code for another authenticator app (from the detail screen).
struct AccountQrView: View {
    @StateObject private var screen: ScreenState<ExportViewModel, ExportState>
    private let id: String

    init(vault: KulcsVault, id: String) {
        self.id = id
        let model = ExportViewModel(vault: vault)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        VStack(spacing: 16) {
            Text("account_qr_explained")
            if case .accountQr(let name, let png) = screen.state {
                Text(name).font(.headline)
                PngImage(png: png, label: "export_qr_description")
            } else if case .failed(let error) = screen.state {
                errorText(error)
            }
        }
        .padding()
        .onAppear { let id = id; screen.run { $0.accountQr(id: id) } }
        .onDisappear { screen.run { $0.close() } }
    }
}
