//! Runs the shared vectors in tests/vectors through the FFI, as Rust and Kotlin do.
import Kulcs
import XCTest

final class VectorsTests: XCTestCase {
    func testOtpKnownAnswers() throws {
        let file = try Repo.vectors("otp.json")
        let cases = file.cases("cases")
        XCTAssertEqual(cases.count, 46)
        for c in cases {
            let key = try SetupKey.fromHex(text: c.string("secret_hex"))
            XCTAssertEqual(try key.codeAt(params: c.otpParams(), unixTime: c.int("time")), c.string("expected"), c.string("name"))
        }
        for c in file.cases("errors") {
            let key = try SetupKey.fromHex(text: c.string("secret_hex"))
            XCTAssertEqual(invalidInput { try key.codeAt(params: c.otpParams(), unixTime: c.int("time")) }?.kind.name,
                           c.string("error"), c.string("name"))
        }
    }

    func testBase32Cleaning() throws {
        let file = try Repo.vectors("base32.json")
        for c in file.cases("valid") {
            let input = c.string("input")
            // cleanKey keeps the typed characters (trailing bits included); only parsing canonicalises.
            XCTAssertEqual(try cleanKey(input: input).count, c.string("canonical").count, input)
            let key = try SetupKey.fromBase32(text: input)
            XCTAssertEqual(key.revealHex(), c.string("bytes_hex"), input)
            XCTAssertEqual(key.revealBase32(), c.string("canonical"), input)
            XCTAssertEqual(key.revealGrouped(), c.string("grouped"), input)
        }
        for c in file.cases("invalid") {
            let input = c.string("input")
            let refused = invalidInput { try SetupKey.fromBase32(text: input) }
            XCTAssertEqual(refused?.field, "key", input)
            XCTAssertEqual(refused?.kind.name, c.string("error"), input)
            XCTAssertEqual(invalidInput { try cleanKey(input: input) }?.kind, refused?.kind, input)
        }
    }

    func testOtpauthParsing() throws {
        let file = try Repo.vectors("otpauth.json")
        for c in file.cases("valid") {
            let uri = c.string("uri")
            let expect = c["expect"] as! Case
            let parsed = try parseUri(uri: uri)
            let p = parsed.params
            XCTAssertEqual("\(p.kind)", expect.string("type"), uri)
            XCTAssertEqual(parsed.issuer, expect.string("issuer"), uri)
            XCTAssertEqual(parsed.label, expect.string("label"), uri)
            XCTAssertEqual(parsed.key.revealBase32(), expect.string("secret_base32"), uri)
            XCTAssertEqual("\(p.algorithm)".uppercased(), expect.string("algorithm"), uri)
            XCTAssertEqual(Int64(p.digits), expect.int("digits"), uri)
            if expect.string("type") == "hotp" {
                XCTAssertEqual(Int64(p.counter), expect.int("counter"), uri)
            } else {
                XCTAssertEqual(Int64(p.period), expect.int("period"), uri)
            }
            let want = (c["notes"] as? [String] ?? []).sorted()
            let got = parsed.notes.map { note -> String in
                switch note {
                case .issuerMismatch: return "IssuerMismatch"
                case .unknownParameters: return "UnknownParameters"
                }
            }.sorted()
            XCTAssertEqual(got, want, "notes of \(uri)")
        }
        for c in file.cases("invalid") {
            let uri = c.string("uri")
            let refused = invalidInput { try parseUri(uri: uri) }
            XCTAssertEqual(refused?.field, "uri", uri)
            XCTAssertEqual(refused?.kind.name, c.string("error"), uri)
        }
    }
}
