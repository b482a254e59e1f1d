//! The transfer screens against scripted ports (twin of Kotlin's TransferViewModelsTest).
import Foundation
import Kulcs
import XCTest

private final class FakeReceiver: TransferReceiverPort {
    var seen = Set<String>()
    let total: Int
    init(total: Int) { self.total = total }
    let offerText = "KULCS:O1:FAKE"
    func revealCode() -> String { "123456789012" }
    func accept(frameText: String) throws -> TransferProgress {
        guard frameText.hasPrefix("KULCS:F1:") else {
            throw KulcsError.InvalidInput(field: "transfer", kind: .notTransferData, reason: "not a transfer frame")
        }
        seen.insert(frameText)
        return TransferProgress(received: seen.count, total: total)
    }
    func importAll() throws -> Int { 3 }
}

private final class FakeSender: TransferSenderPort {
    func scanOffer(_ offerText: String) throws {
        guard offerText == "KULCS:O1:FAKE" else {
            throw KulcsError.InvalidInput(field: "transfer", kind: .expired, reason: "the offer expired")
        }
    }
    func confirm(typedCode: String) throws -> [String] {
        guard typedCode.filter(\.isNumber) == "123456789012" else {
            throw KulcsError.InvalidInput(field: "transfer", kind: .codeMismatch, reason: "wrong code")
        }
        return ["KULCS:F1:A", "KULCS:F1:B"]
    }
}

final class TransferViewModelsTests: XCTestCase {
    func testReceiveShowsOfferThenCodeThenCountsFramesInAnyOrder() {
        let vm = ReceiveTransferViewModel(port: FakeReceiver(total: 2))
        XCTAssertEqual(vm.state, .showOffer(offerText: "KULCS:O1:FAKE"))
        vm.offerScanned()
        XCTAssertEqual(vm.state, .showCode(code: "1234 5678 9012", spokenCode: "1 2 3 4, 5 6 7 8, 9 0 1 2",
                                           progress: TransferProgress(received: 0, total: 0)))
        vm.onFrameText("KULCS:F1:B")
        vm.onFrameText("KULCS:F1:B")
        guard case .showCode(_, _, let progress) = vm.state else { return XCTFail("\(vm.state)") }
        XCTAssertEqual(progress, TransferProgress(received: 1, total: 2))
        vm.onFrameText("https://example.com")
        guard case .failed(let e) = vm.state else { return XCTFail("\(vm.state)") }
        XCTAssertEqual(e.kind, .notTransferData)
        vm.resume()
        vm.onFrameText("KULCS:F1:A")
        XCTAssertEqual(vm.state, .done(imported: 3))
    }

    func testSendNeedsTheTypedCodeBeforeShowingFrames() {
        let vm = SendTransferViewModel(port: FakeSender())
        vm.onOfferText("KULCS:O1:OLD")
        guard case .failed(let e) = vm.state else { return XCTFail("\(vm.state)") }
        XCTAssertEqual(e.kind, .expired)
        vm.restart()
        vm.onOfferText("KULCS:O1:FAKE")
        XCTAssertEqual(vm.state, .enterCode(wrongCode: false))
        vm.enterCode("123 456 789 000")
        XCTAssertEqual(vm.state, .enterCode(wrongCode: true))
        vm.enterCode("1234 5678 9012")
        XCTAssertEqual(vm.state, .showFrames(frames: ["KULCS:F1:A", "KULCS:F1:B"], index: 0))
        vm.nextFrame()
        vm.nextFrame()
        XCTAssertEqual(vm.state, .showFrames(frames: ["KULCS:F1:A", "KULCS:F1:B"], index: 0))
        vm.finish()
        XCTAssertEqual(vm.state, .finished)
    }
}
