//! The SwiftUI app. Not compiled on Linux (no SwiftUI/AVFoundation/LocalAuthentication there):
//! every decision lives in the view-models in ios/Sources/Kulcs/Screens, tested on Linux. Views
//! only render state and forward taps. Build: an Xcode app target depending on the `Kulcs`
//! package (see docs/apps.md).
import Kulcs
import LocalAuthentication
import SwiftUI

@main
struct KulcsApp: App {
    @Environment(\.scenePhase) private var scenePhase
    @StateObject private var session = AppSession()

    var body: some Scene {
        WindowGroup {
            ZStack {
                if let vault = session.vault, !session.locked {
                    NavigationStack { CodeListView(vault: vault) }
                } else if let error = session.openError {
                    Text(error).padding()
                } else if let unlock = session.unlock, !session.locked {
                    UnlockView(screen: unlock)
                }
                // Hidden in the app switcher: the snapshot iOS takes on leaving shows only this.
                if scenePhase != .active || session.locked {
                    PrivacyOverlay(unlock: session.locked ? { session.unlockApp() } : nil)
                }
            }
            .task { session.open() }
        }
        .onChange(of: scenePhase) { phase in
            if phase == .background { session.lockIfEnabled() }
            if phase == .active, session.locked { session.unlockApp() }
            // Start and every return to the foreground: another device may have published.
            if phase == .active { session.syncInBackground() }
        }
    }
}

/// Opens the vault through the unlock screen's model (Keychain device key, `ThisDeviceOnly`;
/// the passphrase or the recovery code when that fails) and runs the Face ID / passcode lock.
@MainActor
final class AppSession: ObservableObject {
    @Published var vault: KulcsVault?
    @Published var locked = UserDefaultsPreferences.shared.appLockEnabled
    @Published var openError: String?
    /// The unlock screen's model; shown while `vault` is nil.
    @Published private(set) var unlock: ScreenState<UnlockViewModel, UnlockState>?
    /// Sync on start, on resume and after each change (the model listens to the vault).
    private(set) var sync: SyncViewModel?

    func open() {
        guard vault == nil, unlock == nil else { return }
        do {
            let dir = try FileManager.default.url(for: .applicationSupportDirectory, in: .userDomainMask, appropriateFor: nil, create: true)
            let url = dir.appendingPathComponent("vault.kulcs")
            let model = UnlockViewModel(url: url, keyStore: KeychainKeyStore())
            let screen = ScreenState(model, state: model.state) { m, f in m.onChange = f }
            unlock = screen
            let forward = model.onChange
            model.onChange = { [weak self] state in
                forward?(state)
                guard state == .unlocked, let vault = model.vault else { return }
                Task { @MainActor in self?.opened(vault, url: url) }
            }
            screen.run { $0.unlockWithDeviceKey() }
        } catch {
            openError = String(localized: "error_generic")
        }
        if locked { unlockApp() }
    }

    private func opened(_ vault: KulcsVault, url: URL) {
        // Not in iCloud/iTunes backups: the device slot opens only with this phone's key.
        var url = url
        var values = URLResourceValues()
        values.isExcludedFromBackup = true
        try? url.setResourceValues(values)
        self.vault = vault
        sync = SyncViewModel(vault: vault, folder: { SyncFolderBookmark.folder() })
        AppSync.model = sync
        syncInBackground()
    }

    /// One sync round on the vault queue (rounds block on the folder and the vault).
    func syncInBackground() {
        guard let sync else { return }
        let box = UncheckedBox(sync)
        VaultQueue.shared.async { box.value.onResume() }
    }

    func lockIfEnabled() {
        if UserDefaultsPreferences.shared.appLockEnabled { locked = true }
    }

    /// Face ID / Touch ID, falling back to the device passcode (`.deviceOwnerAuthentication`).
    func unlockApp() {
        let context = LAContext()
        context.evaluatePolicy(.deviceOwnerAuthentication, localizedReason: String(localized: "lock_subtitle")) { ok, _ in
            Task { @MainActor in if ok { self.locked = false } }
        }
    }
}

/// The app's one sync model, for the settings screen (set once, on the main actor, at open).
enum AppSync {
    nonisolated(unsafe) static var model: SyncViewModel?
}

/// The shared folder the user picked (iCloud Drive or any Files provider), kept as a bookmark.
enum SyncFolderBookmark {
    static func folder() -> SyncFolder? {
        UserDefaults.standard.data(forKey: "sync_folder").map { CoordinatedSyncFolder(bookmark: $0) }
    }

    static func choose(_ url: URL) throws {
        UserDefaults.standard.set(try CoordinatedSyncFolder.bookmark(for: url), forKey: "sync_folder")
    }
}

final class UserDefaultsPreferences: AppPreferences {
    static let shared = UserDefaultsPreferences()
    var appLockEnabled: Bool {
        get { UserDefaults.standard.bool(forKey: "app_lock") }
        set { UserDefaults.standard.set(newValue, forKey: "app_lock") }
    }
}

struct PrivacyOverlay: View {
    let unlock: (() -> Void)?
    var body: some View {
        ZStack {
            Rectangle().fill(.background).ignoresSafeArea()
            VStack(spacing: 16) {
                Image(systemName: "key.fill").font(.largeTitle).accessibilityHidden(true)
                Text("app_name").font(.title)
                if let unlock { Button("lock_title", action: unlock).buttonStyle(.borderedProminent) }
            }
        }
    }
}
