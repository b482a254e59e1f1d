//! "Type a key": preset, username/issuer, the key as printed (core cleans it), the live code,
//! the code typed back (core checks it as soon as it is complete), save, then the detail screen
//! for the törlőkód.
import Kulcs
import SwiftUI

struct AddKeyView: View {
    let vault: KulcsVault
    @StateObject private var screen: ScreenState<AddByKeyViewModel, AddByKeyState>
    @State private var preset: KeyPreset = .ugyfelkapu
    @State private var label = ""
    @State private var issuer = ""
    @State private var key = ""
    @State private var typedBack = ""
    private let timer = Timer.publish(every: 1, on: .main, in: .common).autoconnect()

    init(vault: KulcsVault) {
        self.vault = vault
        let model = AddByKeyViewModel(vault: vault)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        Form {
            Picker("preset", selection: $preset) {
                Text("preset_ugyfelkapu").tag(KeyPreset.ugyfelkapu)
                Text("preset_other").tag(KeyPreset.other)
            }
            .pickerStyle(.segmented)
            if preset == .other { TextField("field_issuer", text: $issuer) }
            TextField("field_username", text: $label).textInputAutocapitalization(.never)
            TextField("field_key", text: $key).textInputAutocapitalization(.never).autocorrectionDisabled()
            if let error = screen.state.keyError {
                errorText(error)
            } else if let grouped = screen.state.keyGrouped, let bits = screen.state.keyBits {
                Text("key_ok \(grouped) \(bits)")
            }
            if let preview = screen.state.preview {
                Text("add_code_explained")
                CodePreviewView(preview: preview)
                TextField("field_code_back", text: $typedBack).keyboardType(.numberPad)
                switch screen.state.confirmation {
                case .confirmed: Text("code_confirmed")
                case .mismatch: Text("code_mismatch")
                case .notYet: EmptyView()
                }
            }
            Button("action_save") { screen.run { $0.save() } }.disabled(!screen.state.canSave)
            if let id = screen.state.savedId {
                NavigationLink("field_note") { DetailView(vault: vault, id: id) }
            }
        }
        .onChange(of: preset) { p in screen.run { $0.selectPreset(p) } }
        .onChange(of: label) { t in screen.run { $0.setLabel(t) } }
        .onChange(of: issuer) { t in screen.run { $0.setIssuer(t) } }
        .onChange(of: key) { t in screen.run { $0.setKey(t) } }
        // Core decides when the typed code is complete enough to check.
        .onChange(of: typedBack) { t in screen.run { $0.codeTyped(t) } }
        .onReceive(timer) { _ in screen.run { $0.tick() } }
    }
}
