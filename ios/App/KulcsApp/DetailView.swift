//! Account detail: the code, the private note (törlőkód) shown only on request, groups, the
//! account's QR code for another app, rename, delete.
import Kulcs
import SwiftUI

struct DetailView: View {
    @StateObject private var screen: ScreenState<AccountDetailViewModel, AccountDetailState>
    let vault: KulcsVault
    let id: String
    @State private var noteText = ""
    @State private var groupsText = ""
    @State private var confirmDelete = false
    @Environment(\.dismiss) private var dismiss
    private let timer = Timer.publish(every: 1, on: .main, in: .common).autoconnect()

    init(vault: KulcsVault, id: String) {
        self.vault = vault
        self.id = id
        let model = AccountDetailViewModel(vault: vault, id: id)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        Form {
            if let row = screen.state.row { CodeRowView(row: row) }
            Section("note_explained") {
                if let shown = screen.state.noteShown {
                    Text(shown).textSelection(.enabled)
                } else {
                    Text(screen.state.row?.hasNote == true ? "note_hidden" : "note_none")
                    Button("action_show_note") { screen.run { $0.showNote() } }
                }
                TextField("field_note", text: $noteText, axis: .vertical)
                Button("action_save_note") { let t = noteText; screen.run { $0.saveNote(t) } }
            }
            Section("groups_title") {
                Text(screen.state.groups.joined(separator: ", "))
                TextField("field_groups", text: $groupsText)
                Button("action_save_groups") {
                    let groups = groupsText.split(separator: ",").map(String.init)
                    screen.run { $0.setGroups(groups) }
                }
            }
            Section {
                NavigationLink("action_account_qr") { AccountQrView(vault: vault, id: id) }
            }
            if let error = screen.state.error { errorText(error) }
            Button("action_delete", role: .destructive) { confirmDelete = true }
        }
        .confirmationDialog("delete_title", isPresented: $confirmDelete) {
            Button("action_delete", role: .destructive) { screen.run { $0.delete() } }
        } message: { Text("delete_body") }
        .onReceive(timer) { _ in screen.run { $0.refresh() } }
        .onChange(of: screen.state.deleted) { if $0 { dismiss() } }
        .onDisappear { screen.run { $0.hideNote() } }
    }
}
