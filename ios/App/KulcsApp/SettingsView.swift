// Settings: clock offset (−30 s / +30 s), app lock (Face ID / passcode), backup passphrase.
import Kulcs
import LocalAuthentication
import SwiftUI

struct SettingsView: View {
    let vault: KulcsVault
    @StateObject private var screen: ScreenState<SettingsViewModel, SettingsState>
    @State private var passphrase = ""
    @State private var repeated = ""

    init(vault: KulcsVault) {
        self.vault = vault
        let model = SettingsViewModel(vault: vault, prefs: UserDefaultsPreferences.shared)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        Form {
            Section {
                Text("settings_clock_explained")
                Text("settings_offset_value \(screen.state.clockOffsetSeconds)")
                HStack {
                    Button("action_minus_30") { screen.run { $0.adjustClockOffset(by: -30) } }
                    Button("action_plus_30") { screen.run { $0.adjustClockOffset(by: 30) } }
                    Button("action_reset") { screen.run { $0.setClockOffset(0) } }
                }
                .buttonStyle(.bordered)
            }
            Section {
                NavigationLink("action_transfer_send") { TransferView(receiving: false, vault: vault) }
                NavigationLink("action_transfer_receive") { TransferView(receiving: true, vault: vault) }
            }
            Toggle("settings_app_lock", isOn: Binding(get: { screen.state.appLockEnabled }, set: setLock))
            Section("settings_backup_explained") {
                SecureField("field_passphrase", text: $passphrase)
                SecureField("field_passphrase_again", text: $repeated)
                Button("action_save") { let p = passphrase, r = repeated; screen.run { $0.setBackupPassphrase(p, repeated: r) } }
                switch screen.state.backup {
                case .mismatch: Text("backup_mismatch")
                case .saved: Text("backup_saved")
                case .none: EmptyView()
                }
                if let error = screen.state.error { Text(LocalizedStringKey(Messages.key(error))) }
            }
        }
    }

    /// Turning the lock on needs one successful prompt, so nobody locks themselves out.
    private func setLock(_ on: Bool) {
        guard on else { return screen.run { $0.setAppLock(false) } }
        LAContext().evaluatePolicy(.deviceOwnerAuthentication, localizedReason: String(localized: "lock_subtitle")) { ok, _ in
            if ok { screen.run { $0.setAppLock(true) } }
        }
    }
}
