//! Settings: clock offset (−30 s / +30 s, or calibrated by core from a code the service
//! accepted), app lock (Face ID / passcode), backup passphrase, recovery code, export, transfer,
//! sync (the shared folder, the last sync, the devices).
import Kulcs
import LocalAuthentication
import SwiftUI

struct SettingsView: View {
    let vault: KulcsVault
    var sync: SyncViewModel?
    @StateObject private var screen: ScreenState<SettingsViewModel, SettingsState>
    @State private var passphrase = ""
    @State private var repeated = ""
    @State private var calibrateId: String?
    @State private var calibrateCode = ""
    @State private var rows: [CodeRow] = []

    init(vault: KulcsVault, sync: SyncViewModel? = nil) {
        self.vault = vault
        self.sync = sync
        let model = SettingsViewModel(vault: vault, prefs: UserDefaultsPreferences.shared)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        form.onAppear { rows = (try? vault.codeRows()) ?? [] }
    }

    private var form: some View {
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
                // Calibration: the code the service just accepted; core finds the offset.
                Text("settings_calibrate_explained")
                Picker("settings_calibrate_account", selection: $calibrateId) {
                    ForEach(rows, id: \.id) { Text($0.displayName).tag(Optional($0.id)) }
                }
                TextField("field_calibrate_code", text: $calibrateCode).keyboardType(.numberPad)
                Button("action_calibrate") {
                    guard let id = calibrateId else { return }
                    let code = calibrateCode
                    screen.run { $0.calibrate(id: id, code: code) }
                }
                .disabled(calibrateId == nil)
                if let error = screen.state.error { errorText(error) }
            }
            if let sync { SyncSection(sync: sync) }
            Section {
                NavigationLink("action_export") { ExportView(vault: vault) }
                NavigationLink("action_recovery") { RecoveryView(vault: vault) }
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

/// The sync part of the settings: choose the folder, sync now, the last sync and the devices.
struct SyncSection: View {
    @StateObject private var screen: ScreenState<SyncViewModel, SyncStatus>
    @State private var picking = false

    init(sync: SyncViewModel) {
        _screen = StateObject(wrappedValue: ScreenState(sync, state: sync.state) { m, f in m.onChange = f })
    }

    var body: some View {
        Section("sync_explained") {
            Button("action_sync_folder") { picking = true }
            Button("action_sync_now") { screen.run { $0.syncNow() } }
            if let error = screen.state.error {
                Text("sync_failed \(String(localized: String.LocalizationValue(Messages.key(error))))")
            } else if screen.state.setup == .noFolder {
                Text("sync_no_folder")
            } else if screen.state.setup == .notInGroup {
                Text("sync_not_in_group")
            } else if let ms = screen.state.lastSyncMillis {
                Text("sync_last \(Date(timeIntervalSince1970: Double(ms) / 1000).formatted()) \(screen.state.added) \(screen.state.changed) \(screen.state.removed)")
            }
            ForEach(screen.state.devices, id: \.id) { d in
                Text(d.isThisDevice ? "sync_device_this \(d.name ?? d.id)" : "sync_device_other \(d.name ?? d.id)")
            }
        }
        .fileImporter(isPresented: $picking, allowedContentTypes: [.folder]) { result in
            guard case .success(let url) = result, (try? SyncFolderBookmark.choose(url)) != nil else { return }
            screen.run { $0.onFolderChosen() }
        }
    }
}
