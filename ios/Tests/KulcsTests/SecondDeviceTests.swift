//! Adding a second device: the receive and send screens on two vaults over core's real
//! transfer protocol (twin of Kotlin's SecondDeviceTest).
import Foundation
import Kulcs
import XCTest

final class SecondDeviceTests: XCTestCase {
    func testTheNewPhoneGetsTheAccountAndItsTorlokodAfterTheCodeIsTyped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-2nd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clock = WallClock { 1_700_000_000_000 }
        func vault(_ name: String) throws -> KulcsVault {
            try KulcsVault.create(at: dir.appendingPathComponent("\(name).kulcs"),
                                  keyStore: FileKeyStore(path: dir.appendingPathComponent("\(name).key").path), clock: clock)
        }
        let old = try vault("old")
        let new = try vault("new")
        let image = try Data(contentsOf: Repo.file("examples/ugyfelkapu-enrolment.png"))
        guard case .added(let id)? = try old.addImage(image).first else { return XCTFail() }
        try old.setNote(id: id, note: "törlőkód: 4KQ7-9WZX-PM2R")

        let receive = ReceiveTransferViewModel(port: try VaultTransferReceiver(vault: new))
        let send = SendTransferViewModel(port: VaultTransferSender(vault: old))
        guard case .showOffer(let offer) = receive.state else { return XCTFail("\(receive.state)") }
        XCTAssertTrue(offer.hasPrefix("KULCS:O1:"))
        send.onOfferText(offer)
        XCTAssertEqual(send.state, .enterCode(wrongCode: false))

        receive.offerScanned()
        guard case .showCode(let code, _, _) = receive.state else { return XCTFail("\(receive.state)") }
        XCTAssertEqual(code.count, 14, "12 digits in three groups: \(code)")
        let wrong = String(code.map { c -> Character in
            guard let d = c.wholeNumberValue else { return c }
            return Character(String((d + 1) % 10))
        })
        send.enterCode(wrong)
        XCTAssertEqual(send.state, .enterCode(wrongCode: true))
        send.enterCode(code)
        guard case .showFrames(let frames, 0) = send.state else { return XCTFail("\(send.state)") }
        XCTAssertFalse(frames.isEmpty)
        for frame in frames.reversed() { receive.onFrameText(frame) }
        XCTAssertEqual(receive.state, .done(imported: 1))

        let list = CodeListViewModel(vault: new)
        list.refresh()
        XCTAssertEqual(list.state.rows.map(\.code), [Repo.enrolmentCodeAt1700000000])
        XCTAssertEqual(try new.note(id: list.state.rows[0].id), "törlőkód: 4KQ7-9WZX-PM2R")
    }
}
