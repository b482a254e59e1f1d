//! Other apps' real export files (`../shared/fixtures/imports`, from Aegis's test resources):
//! each file the importers read yields the accounts of `plain.txt` (as far as that app can hold
//! them), checked field by field and by codes at fixed times; every other file is a typed
//! refusal, never a panic. Skipped with a notice when the shared folder is absent.

use std::path::{Path, PathBuf};

use kulcs_core::import::{self, FileImportError, ImportedAccount};
use kulcs_core::otp::{Algorithm, OtpKind, OtpParams};
use kulcs_core::Credential;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures/imports")
}

/// What an app cannot hold, applied to the `plain.txt` account before comparing (the way the
/// source app itself would have stored it).
#[derive(Clone, Copy)]
enum Holds {
    /// Everything: issuer, label, type, algorithm, digits, period, counter.
    All,
    /// Only TOTP with SHA1/6/30 (2FAS schema 1, Google's database).
    DefaultTotp,
    /// Only TOTP, with the account's algorithm and digits (2FAS schema 2).
    TotpOnly,
    /// No issuer of its own: `Steam` (Steam files).
    SteamIssuer,
    /// No issuer; the HOTP counter as far as the app had used it (Duo's file was made after
    /// codes of the HOTP account were shown).
    Duo,
    /// The item's name as issuer where the link has none (Bitwarden's `steam://` items).
    Bitwarden,
    /// TOTP with SHA1 and a period of 30 s, the account's digits (Authy).
    Authy,
    /// TOTP with SHA1, the account's digits and period; labels in lower case (TOTP Authenticator).
    TotpAuthenticator,
    /// SHA1 and 6 digits; TOTP at 30 s, HOTP with its counter (Google's database).
    Google,
}

/// Files read today, and what their app can hold.
const READ: &[(&str, Holds)] = &[
    ("plain.txt", Holds::All),
    ("ente_auth.txt", Holds::All),
    ("aegis_plain.json", Holds::All),
    ("aegis_plain_grouped_v2.json", Holds::All),
    ("andotp_plain.json", Holds::All),
    ("2fas_authenticator.json", Holds::DefaultTotp),
    ("2fas_authenticator_plain.2fas", Holds::TotpOnly),
    ("2fas_authenticator_plain_v3.2fas", Holds::All),
    ("2fas_authenticator_plain_v4.2fas", Holds::All),
    ("bitwarden.json", Holds::Bitwarden),
    ("bitwarden.csv", Holds::Bitwarden),
    ("freeotp_plus.json", Holds::All),
    ("proton_authenticator.json", Holds::All),
    ("stratum_plain.json", Holds::All),
    ("steam.json", Holds::SteamIssuer),
    ("steam_old.json", Holds::SteamIssuer),
    ("duo.json", Holds::Duo),
    ("freeotp.xml", Holds::All),
    ("freeotp_plus_internal.xml", Holds::All),
    ("authy_plain.xml", Holds::Authy),
    ("totp_authenticator_internal.xml", Holds::TotpAuthenticator),
    #[cfg(feature = "sqlite")]
    ("google_authenticator.sqlite", Holds::Google),
    #[cfg(feature = "sqlite")]
    ("microsoft_authenticator.sqlite", Holds::DefaultTotp),
    #[cfg(feature = "sqlite")]
    ("stratum_internal.db", Holds::All),
];

/// Encrypted files read today, with their password (`../shared/fixtures/imports/README.md`).
const ENCRYPTED: &[(&str, &str, Holds)] = &[
    ("aegis_encrypted.json", "test", Holds::All),
    ("2fas_authenticator_encrypted.2fas", "test", Holds::TotpOnly),
    ("2fas_authenticator_encrypted_v3.2fas", "test", Holds::All),
    ("2fas_authenticator_encrypted_v4.2fas", "test", Holds::All),
    ("andotp_encrypted.bin", "test", Holds::All),
    ("andotp_encrypted_old.bin", "test", Holds::All),
    ("freeotp_v2_api23.xml", "test", Holds::All),
    ("freeotp_v2_api25.xml", "test", Holds::All),
    ("freeotp_v2_api27.xml", "test", Holds::All),
    ("freeotp_v2_api34.xml", "test", Holds::All),
    ("freeotp_v2_null_algo.xml", "test", Holds::All),
    ("authy_encrypted.xml", "testtest", Holds::Authy),
    ("authenticator_plus.zip", "testtesttest", Holds::All),
    ("stratum_encrypted.bin", "test", Holds::All),
    ("stratum_encrypted_legacy.bin", "test", Holds::All),
    (
        "totp_authenticator.bin",
        "Testtest1",
        Holds::TotpAuthenticator,
    ),
];

/// Files whose accounts are not those of `plain.txt`: checked against their own known answer.
const OWN_ACCOUNT: &[&str] = &["battle_net_authenticator.xml"];

fn expected() -> Vec<Credential> {
    let text = std::fs::read_to_string(dir().join("plain.txt")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| kulcs_core::otpauth::parse(l).unwrap().credential)
        .collect()
}

fn adjust(mut want: Credential, holds: Holds, got: &Credential) -> Credential {
    match holds {
        Holds::All => {}
        Holds::DefaultTotp => want.params = OtpParams::totp_default(),
        Holds::TotpOnly => {
            let time_based = want.params.is_time_based();
            want.params.kind = OtpKind::Totp;
            want.params.counter = 0;
            if !time_based {
                want.params.period = 30;
            }
            if want.params.digits == 5 {
                want.params = OtpParams {
                    algorithm: Algorithm::Sha1,
                    digits: 5,
                    ..OtpParams::steam()
                };
            }
        }
        Holds::SteamIssuer => want.issuer = "Steam".into(),
        Holds::Duo => {
            want.issuer = String::new();
            want.params.counter = got.params.counter;
        }
        Holds::Bitwarden => {
            if want.params.kind == OtpKind::Steam {
                want.issuer = got.issuer.clone();
                want.label = got.label.clone();
            }
        }
        Holds::Authy => {
            want.params.algorithm = Algorithm::Sha1;
            want.params.period = 30;
        }
        Holds::TotpAuthenticator => {
            want.params.algorithm = Algorithm::Sha1;
            want.label = want.label.to_lowercase();
        }
        Holds::Google => {
            want.params.algorithm = Algorithm::Sha1;
            want.params.digits = 6;
            if want.params.is_time_based() {
                want.params.period = 30;
            }
        }
    }
    want
}

fn check(file: &str, holds: Holds, got: &ImportedAccount, vectors: &[Credential]) {
    let c = &got.credential;
    let want = vectors
        .iter()
        .find(|v| v.secret == c.secret)
        .unwrap_or_else(|| panic!("{file}: {} has a key plain.txt lacks", c.display_name()));
    let want = adjust(want.clone(), holds, c);
    assert_eq!(
        (&c.issuer, &c.label),
        (&want.issuer, &want.label),
        "{file}: names"
    );
    assert_eq!(
        c.params,
        want.params,
        "{file}: {} parameters",
        c.display_name()
    );
    for t in [59, 1_111_111_109, 1_700_000_000, 2_000_000_000] {
        assert_eq!(
            c.code_window(t).unwrap().code.as_str(),
            want.code_window(t).unwrap().code.as_str(),
            "{file}: {} code at {t}",
            c.display_name()
        );
    }
}

#[test]
fn every_read_file_yields_the_plain_txt_accounts() {
    if !dir().exists() {
        eprintln!("skipped: {} is absent", dir().display());
        return;
    }
    let vectors = expected();
    assert_eq!(vectors.len(), 7);
    let plain = READ.iter().map(|(f, h)| (*f, None, *h));
    let encrypted = ENCRYPTED.iter().map(|(f, p, h)| (*f, Some(*p), *h));
    for (file, password, holds) in plain.chain(encrypted) {
        let bytes = std::fs::read(dir().join(file)).unwrap();
        let read = import::read(&bytes, password).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            read.not_importable.is_empty(),
            "{file}: {:?}",
            read.not_importable
        );
        assert!(!read.accounts.is_empty(), "{file}");
        for a in &read.accounts {
            check(file, holds, a, &vectors);
        }
        // Each key once: an importer never doubles an entry.
        let mut keys: Vec<_> = read
            .accounts
            .iter()
            .map(|a| a.credential.secret.clone())
            .collect();
        keys.dedup();
        assert_eq!(keys.len(), read.accounts.len(), "{file}");
    }
}

#[test]
fn groups_and_favourites_come_along() {
    if !dir().exists() {
        return;
    }
    let read = |f: &str| import::read(&std::fs::read(dir().join(f)).unwrap(), None).unwrap();
    let aegis = read("aegis_plain_grouped_v2.json");
    let grouped = aegis
        .accounts
        .iter()
        .filter(|a| a.groups == ["group1"])
        .count();
    assert!(
        grouped >= 2,
        "{:?}",
        aegis.accounts.iter().map(|a| &a.groups).collect::<Vec<_>>()
    );
}

#[test]
fn battle_net_yields_its_own_account() {
    if !dir().exists() {
        return;
    }
    let bytes = std::fs::read(dir().join("battle_net_authenticator.xml")).unwrap();
    let read = import::read(&bytes, None).unwrap();
    assert_eq!(read.source, import::Source::BattleNet);
    let [a] = &read.accounts[..] else {
        panic!("{:?}", read.accounts)
    };
    let want = kulcs_core::otpauth::parse(
        "otpauth://totp/Battle.net:US-2211-2050-3346?secret=BMGRXPGFARQQF4GMT25JATL2VYLAHDBI&issuer=Battle.net&digits=8",
    )
    .unwrap()
    .credential;
    assert_eq!(a.credential, want);
}

/// No fixture goes unnoticed: every file of the folder is in one of the lists above (or, in a
/// build without the `sqlite` feature, is a database refused as not supported).
#[test]
fn every_fixture_file_is_checked() {
    if !dir().exists() {
        return;
    }
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let listed = READ.iter().any(|(f, _)| *f == name)
            || ENCRYPTED.iter().any(|(f, _, _)| *f == name)
            || OWN_ACCOUNT.contains(&name.as_str());
        if name == "README.md" || listed {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        match import::read(&bytes, None) {
            Err(FileImportError::Unsupported { .. }) if cfg!(not(feature = "sqlite")) => {}
            other => panic!("{name} is in no list: {other:?}"),
        }
    }
}

#[test]
fn an_encrypted_file_asks_for_its_password_and_refuses_a_wrong_one() {
    if !dir().exists() {
        return;
    }
    for (file, _, _) in ENCRYPTED {
        let bytes = std::fs::read(dir().join(file)).unwrap();
        // The old andOTP layout has nothing that tells it from random bytes.
        let without = import::read(&bytes, None);
        if *file == "andotp_encrypted_old.bin" {
            assert_eq!(without, Err(FileImportError::Unrecognised));
        } else {
            assert!(
                matches!(without, Err(FileImportError::PasswordNeeded { .. })),
                "{file}"
            );
        }
        assert!(
            matches!(
                import::read(&bytes, Some("tset")),
                Err(FileImportError::WrongPassword { .. })
            ),
            "{file}"
        );
    }
}

#[test]
fn a_hostile_kdf_cost_is_refused_without_running_it() {
    if !dir().exists() {
        return;
    }
    let text = std::fs::read_to_string(dir().join("aegis_encrypted.json")).unwrap();
    // N = 2^30 would take 1 TiB of memory: refused as if the password were wrong.
    let hostile = text.replace("\"n\": 32768", "\"n\": 1073741824");
    assert_ne!(hostile, text);
    assert!(matches!(
        import::read(hostile.as_bytes(), Some("test")),
        Err(FileImportError::WrongPassword { .. })
    ));
}
