//! The first screen: core's rows, straight away, with search and a group filter. Tap copies
//! (local-only, expiring pasteboard item); VoiceOver hears the focused row only at 5 s left and
//! on a new code (the view-model's `announcement`).
import Kulcs
import SwiftUI
import UIKit
import UniformTypeIdentifiers

struct CodeListView: View {
    let vault: KulcsVault
    @StateObject private var screen: ScreenState<CodeListViewModel, CodeListState>
    @State private var query = ""
    @AccessibilityFocusState private var focused: String?
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
            if !screen.state.groups.isEmpty {
                Picker("groups_title", selection: Binding(get: { screen.state.group }, set: { g in screen.run { $0.setGroup(g) } })) {
                    Text("groups_all").tag(String?.none)
                    ForEach(screen.state.groups, id: \.self) { Text($0).tag(String?.some($0)) }
                }
            }
            if screen.state.isEmpty { Text("list_empty") }
            ForEach(screen.state.rows, id: \.id) { row in
                CodeRowView(row: row)
                    .accessibilityFocused($focused, equals: row.id)
                    .onTapGesture { copy(row.id) }
                    .contextMenu { NavigationLink("detail") { DetailView(vault: vault, id: row.id) } }
            }
        }
        .searchable(text: $query, prompt: Text("search_prompt"))
        .navigationTitle("app_name")
        .toolbar {
            NavigationLink("action_scan") { ScanView(vault: vault) }
            NavigationLink("action_type_key") { AddKeyView(vault: vault) }
            NavigationLink("action_settings") { SettingsView(vault: vault, sync: AppSync.model) }
        }
        .onChange(of: query) { q in screen.run { $0.setQuery(q) } }
        .onChange(of: focused) { id in screen.run { $0.setFocus(id) } }
        .onChange(of: screen.state.announcement) { a in
            guard let a else { return }
            UIAccessibility.post(notification: .announcement, argument: announcementText(a))
        }
        // Core's rows every second while visible, refreshed on the vault queue.
        .onReceive(timer) { _ in screen.run { $0.refresh() } }
        .onAppear { screen.run { $0.refresh() } }
    }

    private func announcementText(_ a: Announcement) -> String {
        switch a {
        case .newCode(let name, let spoken): String(localized: "announce_new_code \(name) \(spoken)")
        case .secondsLeft(let name, let seconds): String(localized: "announce_seconds_left \(name) \(seconds)")
        }
    }

    private func copy(_ id: String) {
        screen.run { model in
            guard let code = model.copy(id: id) else { return }
            DispatchQueue.main.async {
                // Not synced to other devices (Universal Clipboard) and gone after core's delay.
                UIPasteboard.general.setItems(
                    [[UTType.plainText.identifier: code]],
                    options: [.localOnly: true,
                              .expirationDate: Date().addingTimeInterval(TimeInterval(CodeListViewModel.clipboardClearSeconds))]
                )
            }
        }
    }
}
