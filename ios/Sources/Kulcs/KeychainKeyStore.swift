//! Owns the Apple device key store: the vault's data key is encrypted to a P-256 key kept in
//! the Secure Enclave (or the Keychain where there is none), which never leaves the device.
//! Apple-only (`Security`); compiled and tested on Apple platforms only, not in Linux CI.
#if canImport(Security)
import Foundation
import Security

/// Wraps with `SecKeyCreateEncryptedData` (ECIES, cofactor X9.63 SHA-256, AES-GCM) to a
/// non-exportable private key tagged with the key id; unwrapping needs that private key.
public final class KeychainKeyStore: KeyStore, @unchecked Sendable {
    private let useSecureEnclave: Bool
    private let algorithm = SecKeyAlgorithm.eciesEncryptionCofactorVariableIVX963SHA256AESGCM

    /// `useSecureEnclave: false` for the simulator and Macs without one.
    public init(useSecureEnclave: Bool = true) {
        self.useSecureEnclave = useSecureEnclave
    }

    private func tag(_ keyId: String) -> Data { Data("hu.kulcs.\(keyId)".utf8) }

    private func existingKey(_ keyId: String) throws -> SecKey? {
        let query: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag(keyId),
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecReturnRef as String: true,
        ]
        var item: CFTypeRef?
        switch SecItemCopyMatching(query as CFDictionary, &item) {
        case errSecSuccess: return (item as! SecKey)
        case errSecItemNotFound: return nil
        case errSecUserCanceled: throw KulcsError.KeyStore(failure: .cancelled, reason: "unlocking was cancelled")
        case let status: throw KulcsError.KeyStore(failure: .unavailable, reason: "Keychain status \(status)")
        }
    }

    private func createKey(_ keyId: String) throws -> SecKey {
        var attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: tag(keyId),
                kSecAttrAccessible as String: kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly,
            ] as [String: Any],
        ]
        if useSecureEnclave {
            attributes[kSecAttrTokenID as String] = kSecAttrTokenIDSecureEnclave
        }
        var error: Unmanaged<CFError>?
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            throw KulcsError.KeyStore(failure: .unavailable, reason: Self.describe(error))
        }
        return key
    }

    public func wrap(keyId: String, plaintext: Data) throws -> Data {
        let privateKey = try existingKey(keyId) ?? createKey(keyId)
        guard let publicKey = SecKeyCopyPublicKey(privateKey) else {
            throw KulcsError.KeyStore(failure: .unavailable, reason: "no public key for \(keyId)")
        }
        var error: Unmanaged<CFError>?
        guard let wrapped = SecKeyCreateEncryptedData(publicKey, algorithm, plaintext as CFData, &error) else {
            throw KulcsError.KeyStore(failure: .unavailable, reason: Self.describe(error))
        }
        return wrapped as Data
    }

    public func unwrap(keyId: String, wrapped: Data) throws -> Data {
        guard let privateKey = try existingKey(keyId) else {
            throw KulcsError.KeyStore(failure: .keyMissing, reason: "no Keychain key \(keyId)")
        }
        var error: Unmanaged<CFError>?
        guard let plain = SecKeyCreateDecryptedData(privateKey, algorithm, wrapped as CFData, &error) else {
            throw KulcsError.WrongKeyOrDamaged
        }
        return plain as Data
    }

    private static func describe(_ error: Unmanaged<CFError>?) -> String {
        error.map { CFErrorCopyDescription($0.takeRetainedValue()) as String } ?? "unknown Keychain error"
    }
}
#endif
