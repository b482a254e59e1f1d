//! Owns the transfer ports over the bindings: core's protocol (TransferReceiver/TransferSender,
//! bindings/src/transfer.rs) with this vault's corrected clock (core adds the offset) and accounts.
package hu.kulcs.screens

import hu.kulcs.KulcsVault
import hu.kulcs.ffi.TransferReceiver
import hu.kulcs.ffi.TransferSender

/**
 * The new device: a fresh session per instance; close it when the screen goes. [deviceName]
 * names this device in a sync group it joins (the app passes `Build.MODEL`).
 */
class VaultTransferReceiver @JvmOverloads constructor(
    private val vault: KulcsVault,
    private val deviceName: String = "Android",
) : TransferReceiverPort, AutoCloseable {
    private val receiver = TransferReceiver(vault.correctedTime())

    override val offerText: String = receiver.offerText()
    override fun revealCode(): String = receiver.revealCode()

    override fun accept(frameText: String): TransferProgress =
        receiver.accept(frameText, vault.correctedTime()).let { TransferProgress(it.received.toInt(), it.total?.toInt() ?: 0) }

    /**
     * Imports into the vault (saved); returns the accounts added. A sync transfer also joins the
     * sender's sync group; core refuses (`ReplacesSyncGroup`) to replace another group.
     */
    override fun importAll(): Int = receiver.importInto(vault.vault, deviceName, vault.nowMillis()).added.toInt()

    override fun close() = receiver.close()
}

/**
 * The old device: one core send session for the screen's lifetime. Scans an offer, then sends
 * every account once the typed code matches; the code ledger is the one inside the vault. With
 * [withSync] the new device is also invited into this vault's sync group (core creates the group
 * on the first such transfer).
 */
class VaultTransferSender @JvmOverloads constructor(
    private val vault: KulcsVault,
    withSync: Boolean = false,
    deviceName: String = "Android",
) : TransferSenderPort, AutoCloseable {
    private val sender = if (withSync) TransferSender.withSync(vault.vault, deviceName) else TransferSender(vault.vault)

    override fun scanOffer(offerText: String) = sender.scanOffer(offerText, vault.correctedTime())

    override fun confirm(typedCode: String): List<String> = sender.confirm(typedCode, vault.correctedTime())

    override fun close() = sender.close()
}
