//! Runs the shared known-answer vectors in `tests/vectors/` (the Kotlin and Swift shells run the
//! same files).

use kulcs_core::otp::{self, Algorithm, OtpError, OtpKind, OtpParams};
use kulcs_core::otpauth;
use kulcs_core::secret::{Secret, SecretError};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).expect("vector file is JSON")
}

fn params_of(case: &Value) -> OtpParams {
    let kind = match case["kind"].as_str().unwrap() {
        "totp" => OtpKind::Totp,
        "hotp" => OtpKind::Hotp,
        "steam" => OtpKind::Steam,
        other => panic!("unknown kind {other}"),
    };
    OtpParams {
        kind,
        algorithm: Algorithm::parse(case["algorithm"].as_str().unwrap()).unwrap(),
        digits: case["digits"].as_u64().unwrap() as u8,
        period: case["period"].as_u64().unwrap() as u32,
        counter: case["counter"].as_u64().unwrap(),
    }
}

fn secret_of(case: &Value) -> Secret {
    Secret::parse_hex(case["secret_hex"].as_str().unwrap()).unwrap()
}

#[test]
fn otp_known_answers() {
    let file = load("otp.json");
    assert_eq!(file["version"], 1);
    let cases = file["cases"].as_array().unwrap();
    let rfc4226 = cases
        .iter()
        .filter(|c| c["source"].as_str().unwrap().starts_with("RFC 4226"))
        .count();
    let rfc6238 = cases.iter().filter(|c| c["source"] == "RFC 6238").count();
    assert_eq!(
        (rfc4226, rfc6238),
        (20, 18),
        "all RFC known answers are present"
    );
    for case in cases {
        let code = otp::code_at(
            &secret_of(case),
            &params_of(case),
            case["time"].as_i64().unwrap(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
        assert_eq!(
            code.as_str(),
            case["expected"].as_str().unwrap(),
            "{}",
            case["name"]
        );
    }
    for case in file["errors"].as_array().unwrap() {
        let err = otp::code_at(
            &secret_of(case),
            &params_of(case),
            case["time"].as_i64().unwrap(),
        )
        .unwrap_err();
        assert_eq!(err, OtpError::TimeBeforeEpoch, "{}", case["name"]);
    }
}

#[test]
fn base32_cleaning() {
    let file = load("base32.json");
    for case in file["valid"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let s = Secret::parse_base32(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        assert_eq!(
            s.to_hex().as_str(),
            case["bytes_hex"].as_str().unwrap(),
            "{input:?}"
        );
        assert_eq!(
            s.to_base32().as_str(),
            case["canonical"].as_str().unwrap(),
            "{input:?}"
        );
        assert_eq!(
            s.to_base32_grouped().as_str(),
            case["grouped"].as_str().unwrap(),
            "{input:?}"
        );
    }
    for case in file["invalid"].as_array().unwrap() {
        let input = case["input"].as_str().unwrap();
        let err = Secret::parse_base32(input).expect_err(input);
        assert_eq!(err.kind(), case["error"].as_str().unwrap(), "{input:?}");
        match err {
            SecretError::InvalidCharacter {
                character,
                position,
                suggestion,
            } => {
                assert_eq!(character.to_string(), case["character"].as_str().unwrap());
                assert_eq!(position as u64, case["position"].as_u64().unwrap());
                assert_eq!(
                    suggestion.map(String::from),
                    case["suggestion"].as_str().map(String::from)
                );
            }
            SecretError::InvalidLength { length } => {
                assert_eq!(length as u64, case["length"].as_u64().unwrap())
            }
            _ => {}
        }
    }
}

#[test]
fn otpauth_parse_cases() {
    let file = load("otpauth.json");
    for case in file["valid"].as_array().unwrap() {
        let uri = case["uri"].as_str().unwrap();
        let parsed = otpauth::parse(uri).unwrap_or_else(|e| panic!("{uri}: {e}"));
        let c = &parsed.credential;
        let e = &case["expect"];
        assert_eq!(c.params.kind.as_str(), e["type"].as_str().unwrap(), "{uri}");
        assert_eq!(c.issuer, e["issuer"].as_str().unwrap(), "{uri}");
        assert_eq!(c.label, e["label"].as_str().unwrap(), "{uri}");
        assert_eq!(
            c.secret.to_base32().as_str(),
            e["secret_base32"].as_str().unwrap(),
            "{uri}"
        );
        assert_eq!(
            c.params.algorithm.as_str(),
            e["algorithm"].as_str().unwrap(),
            "{uri}"
        );
        assert_eq!(
            c.params.digits as u64,
            e["digits"].as_u64().unwrap(),
            "{uri}"
        );
        if c.params.kind == OtpKind::Hotp {
            assert_eq!(c.params.counter, e["counter"].as_u64().unwrap(), "{uri}");
        } else {
            assert_eq!(
                c.params.period as u64,
                e["period"].as_u64().unwrap(),
                "{uri}"
            );
        }
        let mut got: Vec<&str> = parsed.notes.iter().map(|n| n.kind()).collect();
        let mut want: Vec<&str> = case["notes"]
            .as_array()
            .map(|a| a.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        got.sort();
        want.sort();
        assert_eq!(got, want, "notes of {uri}");
        // format(parse(u)) round-trips to an equivalent account.
        let again = otpauth::parse(&otpauth::format(c)).unwrap();
        assert_eq!(&again.credential, c, "round trip of {uri}");
    }
    for case in file["invalid"].as_array().unwrap() {
        let uri = case["uri"].as_str().unwrap();
        let err = otpauth::parse(uri).expect_err(uri);
        assert_eq!(err.kind(), case["error"].as_str().unwrap(), "{uri}: {err}");
    }
}
