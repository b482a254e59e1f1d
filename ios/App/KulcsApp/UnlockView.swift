//! The unlock screen: this phone's key (the Keychain, behind Face ID or the passcode when the app
//! lock is on), or the backup passphrase, or the recovery code; core says why it did not open.
import Kulcs
import SwiftUI

struct UnlockView: View {
    @ObservedObject var screen: ScreenState<UnlockViewModel, UnlockState>
    @State private var passphrase = ""
    @State private var recoveryCode = ""

    var body: some View {
        Form {
            Section {
                Text("app_name").font(.title)
                if case .unlocking = screen.state { ProgressView() }
                if case .failed(let error) = screen.state { errorText(error) }
                Button("lock_title") { screen.run { $0.unlockWithDeviceKey() } }
            }
            Section("field_passphrase") {
                SecureField("field_passphrase", text: $passphrase)
                Button("action_unlock_passphrase") { let p = passphrase; screen.run { $0.unlockWithPassphrase(p) } }
            }
            Section("field_recovery_code") {
                TextField("field_recovery_code", text: $recoveryCode).textInputAutocapitalization(.characters).autocorrectionDisabled()
                Button("action_unlock_recovery") { let c = recoveryCode; screen.run { $0.unlockWithRecoveryCode(c) } }
            }
        }
    }
}
