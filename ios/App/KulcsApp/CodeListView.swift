// The first screen: the codes, straight away. Tap copies (local-only, expiring pasteboard item).
import Kulcs
import SwiftUI
import UIKit
import UniformTypeIdentifiers

struct CodeListView: View {
    let vault: KulcsVault
    @StateObject private var screen: ScreenState<CodeListViewModel, CodeListState>
    private let timer = Timer.publish(every: 1, on: .main, in: .common).autoconnect()

    init(vault: KulcsVault) {
        self.vault = vault
        let model = CodeListViewModel(vault: vault)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        List {
            if screen.state.duplicateGroups > 0 {
                NavigationLink("duplicates_banner") { DuplicatesView(vault: vault) }
            }
            if screen.state.isEmpty { Text("list_empty") }
            ForEach(screen.state.rows, id: \.id) { row in
                CodeRowView(row: row)
                    .onTapGesture { copy(row.id) }
                    .contextMenu { NavigationLink("detail") { DetailView(vault: vault, id: row.id) } }
            }
        }
        .navigationTitle("app_name")
        .toolbar {
            NavigationLink("action_scan") { ScanView(vault: vault) }
            NavigationLink("action_type_key") { AddKeyView(vault: vault) }
            NavigationLink("action_settings") { SettingsView(vault: vault, sync: AppSync.model) }
        }
        .onReceive(timer) { _ in screen.run { $0.refresh() } }
        .onAppear { screen.run { $0.refresh() } }
    }

    private func copy(_ id: String) {
        screen.run { model in
            guard let code = model.copy(id: id) else { return }
            DispatchQueue.main.async {
                // Not synced to other devices (Universal Clipboard) and gone after 30 s.
                UIPasteboard.general.setItems(
                    [[UTType.plainText.identifier: code]],
                    options: [.localOnly: true,
                              .expirationDate: Date().addingTimeInterval(TimeInterval(CodeListViewModel.clipboardClearSeconds))]
                )
            }
        }
    }
}
