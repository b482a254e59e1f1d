//! Adding a second device: the receive and send screens on two vaults, over core's real
//! transfer protocol through the bindings.
package hu.kulcs.screens

import hu.kulcs.Repo
import hu.kulcs.ffi.AddOutcome
import hu.kulcs.ffi.transferQrPng
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File

class SecondDeviceTest {
    @TempDir
    lateinit var oldDir: File

    @TempDir
    lateinit var newDir: File

    @Test
    fun theNewPhoneGetsTheAccountAndItsTorlokodAfterTheCodeIsTyped() {
        val clock = TestClock(T0 * 1000)
        newVault(oldDir, clock).use { old ->
            newVault(newDir, clock).use { new ->
                val id = (old.addImage(Repo.file("examples/ugyfelkapu-enrolment.png").readBytes()).single() as AddOutcome.Added).id
                old.setNote(id, "törlőkód: 4KQ7-9WZX-PM2R")

                VaultTransferReceiver(new).use { receiverPort ->
                    VaultTransferSender(old).use { senderPort ->
                        val receive = ReceiveTransferViewModel(receiverPort)
                        val send = SendTransferViewModel(senderPort)

                        val offer = (receive.state.value as ReceiveState.ShowOffer).offerText
                        assertTrue(offer.startsWith("KULCS:O1:"), offer)
                        // Optically: the new phone draws the offer, the old phone's camera reads it.
                        val seen = TransferFrameAnalyzer().use { camera ->
                            val frame = lumaFrame(transferQrPng(offer))
                            generateSequence { camera.analyze(frame.plane, frame.width, frame.height, frame.rowStride, 0).texts }
                                .take(60).firstOrNull { it.isNotEmpty() }
                        }
                        assertEquals(listOf(offer), seen)
                        send.onOfferText(seen!!.single())
                        assertEquals(SendState.EnterCode(), send.state.value)

                        receive.offerScanned()
                        val shown = receive.state.value as ReceiveState.ShowCode
                        assertEquals(14, shown.code.length, "12 digits in three groups: ${shown.code}")

                        val wrong = shown.code.map { if (it == ' ') ' ' else ('0' + (it - '0' + 1) % 10) }.joinToString("")
                        send.enterCode(wrong)
                        assertEquals(SendState.EnterCode(wrongCode = true), send.state.value)

                        send.enterCode(shown.code)
                        val frames = (send.state.value as SendState.ShowFrames).frames
                        assertTrue(frames.isNotEmpty() && frames.all { it.startsWith("KULCS:F1:") })
                        frames.reversed().forEach(receive::onFrameText)
                        assertEquals(ReceiveState.Done(1), receive.state.value)
                    }
                }

                val list = CodeListViewModel(new, clock).also { it.refresh() }
                val row = list.state.value.rows.single()
                assertEquals(Repo.ENROLMENT_CODE_AT_1700000000, row.code)
                assertEquals("Ügyfélkapu+", row.issuer)
                assertEquals("törlőkód: 4KQ7-9WZX-PM2R", new.note(row.id))
            }
        }
    }
}
