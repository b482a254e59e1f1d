//! Owns the transfer ports over the bindings (Swift twin of TransferPorts.kt): core's protocol
//! with this vault's corrected clock (core adds the offset) and accounts.
import Foundation

/// The new device: a fresh session per instance.
public final class VaultTransferReceiver: TransferReceiverPort {
    private let vault: KulcsVault
    private let receiver: TransferReceiver
    private let deviceName: String
    public let offerText: String

    /// `deviceName` names this device in a sync group it joins (the app passes the device's
    /// name).
    public init(vault: KulcsVault, deviceName: String = "iPhone") throws {
        self.vault = vault
        self.deviceName = deviceName
        receiver = try TransferReceiver(unixTime: try vault.correctedUnixTime())
        offerText = try receiver.offerText()
    }

    public func revealCode() -> String { (try? receiver.revealCode()) ?? "" }

    public func accept(frameText: String) throws -> TransferProgress {
        let p = try receiver.accept(text: frameText, unixTime: try vault.correctedUnixTime())
        return TransferProgress(received: Int(p.received), total: p.total.map { Int($0) } ?? 0)
    }

    /// Imports into the vault (saved); returns the accounts added. A sync transfer also joins the
    /// sender's sync group; core refuses (`ReplacesSyncGroup`) to replace another group.
    public func importAll() throws -> Int {
        Int(try receiver.importInto(vault: vault.vault, deviceName: deviceName, nowMs: vault.nowMs).added)
    }
}

/// The old device: one core send session for the screen's lifetime. Scans an offer, then sends
/// every account once the typed code matches; the code ledger is the one inside the vault. With
/// `withSync` the new device is also invited into this vault's sync group (core creates the
/// group on the first such transfer).
public final class VaultTransferSender: TransferSenderPort {
    private let vault: KulcsVault
    private let sender: TransferSender

    /// `deviceName` names this device if the sync group is created now (the app passes the
    /// device's name).
    public init(vault: KulcsVault, withSync: Bool = false, deviceName: String = "iPhone") {
        self.vault = vault
        sender = withSync
            ? TransferSender.withSync(vault: vault.vault, deviceName: deviceName)
            : TransferSender(vault: vault.vault)
    }

    public func scanOffer(_ offerText: String) throws {
        try sender.scanOffer(offerText: offerText, unixTime: try vault.correctedUnixTime())
    }

    public func confirm(typedCode: String) throws -> [String] {
        try sender.confirm(typed: typedCode, unixTime: try vault.correctedUnixTime())
    }
}
