//! The recovery code: core makes it, it is shown once, grouped, to be written down; with it the
//! vault opens on the unlock screen without this phone's key or the passphrase.
import Kulcs
import SwiftUI

struct RecoveryView: View {
    @StateObject private var screen: ScreenState<RecoveryViewModel, RecoveryState>

    init(vault: KulcsVault) {
        let model = RecoveryViewModel(vault: vault)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        VStack(spacing: 16) {
            Text("recovery_explained")
            switch screen.state {
            case .idle:
                if screen.model.hasRecoveryCode { Text("recovery_exists") }
                Button("action_recovery_create") { screen.run { $0.create() } }.buttonStyle(.borderedProminent)
            case .shown(let code):
                Text(code).font(.system(.title, design: .monospaced)).textSelection(.enabled)
                Text("recovery_write_down")
                Button("action_done") { screen.run { $0.hide() } }
            case .failed(let error):
                errorText(error)
            }
        }
        .padding()
        .onDisappear { screen.run { $0.hide() } }
    }
}
