// Bridges a Kulcs view-model (a plain class with `state` and `onChange`) to SwiftUI: the view
// holds a `ScreenState` and re-renders when the model reports a change. Vault calls block, so
// every action (and every camera frame) runs on one serial queue, `VaultQueue.shared`: the
// view-models are plain classes used from one thread at a time. State reaches SwiftUI on the
// main actor.
import Kulcs
import SwiftUI

@MainActor
final class ScreenState<Model: AnyObject, State: Sendable>: ObservableObject {
    let model: Model
    @Published private(set) var state: State

    init(_ model: Model, state: State, subscribe: (Model, @escaping (State) -> Void) -> Void) {
        self.model = model
        self.state = state
        subscribe(model) { [weak self] s in Task { @MainActor in self?.state = s } }
    }

    /// Runs a blocking view-model action on the vault queue.
    func run(_ action: @escaping @Sendable (Model) -> Void) {
        let model = UncheckedBox(model)
        VaultQueue.shared.async { action(model.value) }
    }
}

enum VaultQueue {
    static let shared = DispatchQueue(label: "hu.kulcs.vault")
}

/// View-models cross to `VaultQueue.shared` and are only used there (and for reading `state`,
/// which is copied out by `onChange`): the invariant this box relies on.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// The countdown: text ("12 s") plus a bar, never colour alone.
struct CodeRowView: View {
    let row: CodeRow

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(row.displayName).font(.subheadline)
            Text(row.code)
                .font(.system(.largeTitle, design: .monospaced))
                .accessibilityLabel(Text(row.spokenCode))
            if let left = row.secondsLeft {
                HStack {
                    Text("seconds_left \(left)").font(.caption)
                    ProgressView(value: row.progress ?? 0).accessibilityHidden(true)
                }
            } else {
                Text("counter_based").font(.caption)
            }
            if let next = row.next, let spoken = row.spokenNext {
                Text("next_code \(next)").font(.body).accessibilityLabel(Text("next_code \(spoken)"))
            }
        }
        .accessibilityElement(children: .combine)
    }
}
