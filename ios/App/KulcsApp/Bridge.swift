//! Bridges a Kulcs view-model (a plain class with `state` and `onChange`) to SwiftUI: the view
//! holds a `ScreenState` and re-renders when the model reports a change. Vault calls block, so
//! every action (and every camera frame) runs on one serial queue, `VaultQueue.shared`: the
//! view-models are plain classes used from one thread at a time. State reaches SwiftUI on the
//! main actor.
import Kulcs
import SwiftUI
import UIKit

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

/// One of core's rows: the name, the grouped code (VoiceOver reads core's spoken code), the
/// countdown as text plus a bar (never colour alone), and the next code while core says it is
/// expiring.
struct CodeRowView: View {
    let row: CodeRow

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(row.displayName).font(.subheadline)
            Text(row.codeGrouped)
                .font(.system(.largeTitle, design: .monospaced))
                .accessibilityLabel(Text(row.codeSpoken))
            if row.isCounterBased {
                Text("counter_based").font(.caption)
            } else {
                HStack {
                    Text("seconds_left \(Int(row.secondsLeft))").font(.caption)
                    ProgressView(value: Double(row.progress)).accessibilityHidden(true)
                }
            }
            if let next = row.nextGrouped, let spoken = row.nextSpoken {
                Text("next_code \(next)").font(.body).accessibilityLabel(Text("next_code \(spoken)"))
            }
        }
        .accessibilityElement(children: .combine)
    }
}

/// A code not saved yet (typed key, scanned enrolment): grouped, spoken by VoiceOver, seconds left.
struct CodePreviewView: View {
    let preview: CodePreview

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(preview.codeGrouped)
                .font(.system(.largeTitle, design: .monospaced))
                .accessibilityLabel(Text(preview.codeSpoken))
            if let left = preview.secondsLeft { Text("seconds_left \(left)").font(.caption) }
        }
        .accessibilityElement(children: .combine)
    }
}

/// The sentence for an error (core's catalogue key, looked up in Localizable.strings).
func errorText(_ error: UiError) -> Text { Text(LocalizedStringKey(Messages.key(error))) }

/// A QR code drawn by core (PNG), scaled without smoothing.
struct PngImage: View {
    let png: Data
    let label: LocalizedStringKey

    var body: some View {
        if let image = UIImage(data: png) {
            Image(uiImage: image).interpolation(.none).resizable().scaledToFit().accessibilityLabel(Text(label))
        }
    }
}
