//! The transfer screens against scripted ports (the bindings do not export the protocol yet).
package hu.kulcs.screens

import hu.kulcs.ffi.ErrorKind
import hu.kulcs.ffi.KulcsException
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

class TransferViewModelsTest {
    private class FakeReceiver(val total: Int) : TransferReceiverPort {
        val seen = mutableSetOf<String>()
        override val offerText = "KULCS:O1:FAKE"
        var reveals = 0
        override fun revealCode(): String { reveals++; return "123456789012" }
        override fun accept(frameText: String): TransferProgress {
            if (!frameText.startsWith("KULCS:F1:")) {
                throw KulcsException.InvalidInput("transfer", ErrorKind.NOT_TRANSFER_DATA, "not a transfer frame")
            }
            seen += frameText
            return TransferProgress(seen.size, total)
        }
        override fun importAll(): Int = 3
    }

    private class FakeSender : TransferSenderPort {
        override fun scanOffer(offerText: String) {
            if (offerText != "KULCS:O1:FAKE") throw KulcsException.InvalidInput("transfer", ErrorKind.EXPIRED, "the offer expired")
        }
        override fun confirm(typedCode: String): List<String> =
            if (typedCode.filter(Char::isDigit) == "123456789012") listOf("KULCS:F1:A", "KULCS:F1:B")
            else throw KulcsException.InvalidInput("transfer", ErrorKind.CODE_MISMATCH, "wrong code")
    }

    @Test
    fun receiveShowsOfferThenCodeThenCountsFramesInAnyOrder() {
        val vm = ReceiveTransferViewModel(FakeReceiver(total = 2))
        assertEquals(ReceiveState.ShowOffer("KULCS:O1:FAKE"), vm.state.value)
        vm.offerScanned()
        val shown = vm.state.value as ReceiveState.ShowCode
        assertEquals("1234 5678 9012", shown.code)
        assertEquals("1 2 3 4, 5 6 7 8, 9 0 1 2", shown.spokenCode)
        vm.onFrameText("KULCS:F1:B")
        assertEquals(TransferProgress(1, 2), (vm.state.value as ReceiveState.ShowCode).progress)
        vm.onFrameText("KULCS:F1:B")
        assertEquals(TransferProgress(1, 2), (vm.state.value as ReceiveState.ShowCode).progress)
        vm.onFrameText("https://example.com")
        assertEquals(ErrorKind.NOT_TRANSFER_DATA, (vm.state.value as ReceiveState.Failed).error.kind)
        vm.resume()
        vm.onFrameText("KULCS:F1:A")
        assertEquals(ReceiveState.Done(3), vm.state.value)
    }

    @Test
    fun sendNeedsTheTypedCodeBeforeShowingFrames() {
        val vm = SendTransferViewModel(FakeSender())
        vm.onOfferText("KULCS:O1:OLD")
        assertEquals(ErrorKind.EXPIRED, (vm.state.value as SendState.Failed).error.kind)
        vm.restart()
        vm.onOfferText("KULCS:O1:FAKE")
        assertEquals(SendState.EnterCode(), vm.state.value)
        vm.enterCode("123 456 789 000")
        assertEquals(SendState.EnterCode(wrongCode = true), vm.state.value)
        vm.enterCode("1234 5678 9012")
        assertEquals(SendState.ShowFrames(listOf("KULCS:F1:A", "KULCS:F1:B"), 0), vm.state.value)
        vm.nextFrame()
        vm.nextFrame()
        assertEquals(0, (vm.state.value as SendState.ShowFrames).index)
        vm.finish()
        assertEquals(SendState.Finished, vm.state.value)
    }
}
