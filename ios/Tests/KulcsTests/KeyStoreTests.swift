//! The key store contract as Linux can check it: Rust's FileKeyStore through the foreign-trait
//! path (KeychainKeyStore needs Apple's Security framework and is tested there only).
import Foundation
import Kulcs
import XCTest

final class KeyStoreTests: XCTestCase {
    private let dataKey = Data((0..<32).map { UInt8($0) })

    private func tempFile() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kulcs-key-\(UUID().uuidString)")
    }

    func testRoundTripBoundToKeyId() throws {
        let file = tempFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let store: KeyStore = FileKeyStore(path: file.path)
        var wrapped = try store.wrap(keyId: "kulcs-vault-device-key-v1", plaintext: dataKey)
        XCTAssertEqual(try store.unwrap(keyId: "kulcs-vault-device-key-v1", wrapped: wrapped), dataKey)
        XCTAssertThrowsError(try store.unwrap(keyId: "other-id", wrapped: wrapped))
        wrapped[wrapped.count - 1] &+= 1
        XCTAssertThrowsError(try store.unwrap(keyId: "kulcs-vault-device-key-v1", wrapped: wrapped)) { error in
            guard case KulcsError.WrongKeyOrDamaged = error else { return XCTFail("\(error)") }
        }
    }

    func testFileKeySurvivesANewInstance() throws {
        let file = tempFile()
        defer { try? FileManager.default.removeItem(at: file) }
        let wrapped = try FileKeyStore(path: file.path).wrap(keyId: "id", plaintext: dataKey)
        XCTAssertEqual(try FileKeyStore(path: file.path).unwrap(keyId: "id", wrapped: wrapped), dataKey)
    }
}
