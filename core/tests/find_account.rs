//! Finding one account by what a user types: an id prefix, or words of its issuer, label or
//! groups (accent- and case-blind), with the candidates when several match.

use kulcs_core::credential::Credential;
use kulcs_core::find::{find, Found};
use kulcs_core::otp::OtpParams;
use kulcs_core::secret::Secret;
use kulcs_core::vault::{FileKeyStore, Vault};
use kulcs_core::AccountId;

const NOW_MS: u64 = 1_763_700_000_000;

struct Tmp(std::path::PathBuf);
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn vault(name: &str, accounts: &[(&str, &str, &[&str])]) -> (Tmp, Vault, Vec<AccountId>) {
    let dir = std::env::temp_dir().join(format!("kulcs-find-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let keys = FileKeyStore::new(dir.join("device.key"));
    let mut v = Vault::create(&dir.join("vault.kulcs"), &keys, NOW_MS).unwrap();
    let mut ids = Vec::new();
    for (i, (issuer, label, groups)) in accounts.iter().enumerate() {
        let key = format!(
            "JBSWY3DPEHPK3P{}",
            ["XA", "XB", "XC", "XD", "XE", "XF", "XG"][i]
        );
        let c = Credential {
            issuer: issuer.to_string(),
            label: label.to_string(),
            secret: Secret::parse_base32(&key).unwrap(),
            params: OtpParams::totp_default(),
        };
        let id = v.add(c, NOW_MS).unwrap().id();
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        v.set_groups(id, &groups, NOW_MS).unwrap();
        ids.push(id);
    }
    (Tmp(dir), v, ids)
}

#[test]
fn a_word_of_the_issuer_label_or_group_finds_the_one_account_accent_and_case_blind() {
    let (_t, v, ids) = vault(
        "words",
        &[
            ("Ügyfélkapu+", "ugyfel17@ugyfelkapu.gov.hu", &["Kovács Kft"]),
            ("GitHub", "anna", &["Munka"]),
        ],
    );
    assert_eq!(find(&v, "ügyfél"), Found::One(ids[0]));
    assert_eq!(find(&v, "UGYFEL17"), Found::One(ids[0]));
    assert_eq!(find(&v, "kovacs"), Found::One(ids[0]));
    assert_eq!(find(&v, "github anna"), Found::One(ids[1]));
    assert_eq!(find(&v, "munka"), Found::One(ids[1]));
    assert_eq!(find(&v, "nincs ilyen"), Found::None);
    assert_eq!(find(&v, "   "), Found::None);
}

#[test]
fn an_id_prefix_still_works() {
    let (_t, v, ids) = vault("id", &[("A", "a", &[]), ("B", "b", &[])]);
    let full = ids[1].to_string();
    assert_eq!(find(&v, &full), Found::One(ids[1]));
    assert_eq!(find(&v, &full[..8]), Found::One(ids[1]));
}

#[test]
fn several_matches_are_all_candidates_unless_one_name_is_exactly_the_query() {
    let (_t, v, ids) = vault(
        "many",
        &[
            ("Ügyfélkapu+", "ugyfel1", &[]),
            ("Ügyfélkapu+", "ugyfel17", &[]),
            ("Ügyfélkapu+", "ugyfel170", &[]),
        ],
    );
    assert_eq!(find(&v, "ugyfel"), Found::Many(ids.clone()));
    assert_eq!(find(&v, "ugyfel17"), Found::One(ids[1]));
    assert_eq!(find(&v, "ugyfel1"), Found::One(ids[0]));
    // The Ügyfélkapu+ preset's labels are `user@ugyfelkapu.gov.hu`: the user part is exact.
    let (_t, v, ids) = vault(
        "preset",
        &[
            ("Ügyfélkapu+", "ugyfel17@ugyfelkapu.gov.hu", &[]),
            ("Ügyfélkapu+", "ugyfel1@ugyfelkapu.gov.hu", &[]),
        ],
    );
    assert_eq!(find(&v, "ugyfel1"), Found::One(ids[1]));
}

#[test]
fn same_named_accounts_stay_ambiguous() {
    let (_t, v, ids) = vault("same", &[("Bank", "anna", &[]), ("Bank", "anna", &[])]);
    assert_eq!(find(&v, "bank anna"), Found::Many(ids));
}

#[test]
fn a_short_hex_word_is_a_name_as_well_as_an_id_prefix() {
    let (_t, v, ids) = vault("hex", &[("Badoo", "x", &[]), ("Other", "y", &[])]);
    let id_prefix = &ids[1].to_string()[..3];
    // Only the id matches: it is that account.
    assert_eq!(find(&v, id_prefix), Found::One(ids[1]));
    // "bad" names Badoo; it is the only account unless an id also starts with it.
    let found = find(&v, "bad");
    if ids[1].to_string().starts_with("bad") {
        assert_eq!(found, Found::Many(ids.clone()));
    } else {
        assert_eq!(found, Found::One(ids[0]));
    }
}
