//! Duplicates: type the code the service accepted; core's verify marks the live entry; "keep
//! only this one" is core's atomic keep_only.
import Kulcs
import SwiftUI

struct DuplicatesView: View {
    @StateObject private var screen: ScreenState<DuplicatesViewModel, DuplicatesState>
    @State private var typed = ""

    init(vault: KulcsVault) {
        let model = DuplicatesViewModel(vault: vault)
        _screen = StateObject(wrappedValue: ScreenState(model, state: model.state) { m, f in m.onChange = f })
    }

    var body: some View {
        List {
            Text("duplicates_explained")
            TextField("field_code_accepted", text: $typed).keyboardType(.numberPad)
            Button("action_check_code") { let c = typed; screen.run { $0.verify(code: c) } }
            if screen.state.groups.isEmpty { Text("duplicates_none") }
            ForEach(screen.state.groups, id: \.newestId) { group in
                Section(group.entries.first?.displayName ?? "") {
                    ForEach(group.entries, id: \.id) { entry in
                        CodeRowView(row: entry)
                        if let live = screen.state.liveIds {
                            if live.contains(entry.id) {
                                Text("duplicate_live")
                                Button("action_keep_only") { screen.run { $0.keepOnly(entry.id) } }
                            } else {
                                Text("duplicate_not_live")
                            }
                        } else if entry.id == group.newestId {
                            Text("duplicate_newest")
                        }
                    }
                }
            }
        }
    }
}
