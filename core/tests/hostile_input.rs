//! Issue 10, findings 6, 7, 9: nothing received (transfer bundle, sync replica, Google export,
//! otpauth URI) can make the vault unopenable, and no control or bidi character reaches a name.
//! Each test installs the worst input through one path, saves, and reopens.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kulcs_core::account::{Account, AccountId, Note};
use kulcs_core::bundle::{self, Bundle, BundleAccount, WireIdentity, WireStamp};
use kulcs_core::credential::Credential;
use kulcs_core::exchange::import_into_vault;
use kulcs_core::hlc::{DeviceId, Hlc};
use kulcs_core::migration::{self, MigrationCollector};
use kulcs_core::otp::OtpParams;
use kulcs_core::otpauth;
use kulcs_core::random::SeededRandom;
use kulcs_core::secret::Secret;
use kulcs_core::sync::{self, replica, replica_file_name, Replica, ReplicaData, SyncGroup};
use kulcs_core::sync::{SyncState, SyncTombstone};
use kulcs_core::vault::{FileKeyStore, Unlock, Vault, VaultOptions};

const NOW: u64 = 1_763_700_000_000;

/// The characters that must never reach a stored name.
fn is_hostile(c: char) -> bool {
    matches!(c as u32, 0..=0x1f | 0x7f..=0x9f | 0x202a..=0x202e | 0x2066..=0x2069)
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
}

const NASTY: &str = "Bank\r\u{1b}[1A\u{1b}[2K\u{9b}2J\u{202e}lapyaP\u{2066}x\u{2069}\u{7f}";

struct Tmp(PathBuf);
impl Tmp {
    fn new(name: &str) -> Tmp {
        let p = std::env::temp_dir().join(format!("kulcs-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(p.join("shared")).unwrap();
        Tmp(p)
    }
    fn keys(&self) -> FileKeyStore {
        FileKeyStore::new(self.0.join("device.key"))
    }
    fn path(&self) -> PathBuf {
        self.0.join("vault.kulcs")
    }
    fn vault(&self) -> Vault {
        Vault::create_with(&self.path(), &self.keys(), NOW, VaultOptions::testing()).unwrap()
    }
    /// Saves, drops and reopens `v`; the reopen must be clean (no fallback to an older copy).
    fn reopen(&self, mut v: Vault) -> Vault {
        v.save().expect("save");
        drop(v);
        let (v, report) = Vault::open_with(
            &self.path(),
            Unlock::Device(&self.keys()),
            VaultOptions::testing(),
        )
        .expect("the vault must reopen");
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        v
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn assert_clean(v: &Vault) {
    for a in v.accounts() {
        let names = [&a.credential.issuer, &a.credential.label]
            .into_iter()
            .chain(a.groups.iter());
        for n in names {
            assert!(!n.chars().any(is_hostile), "hostile name kept: {n:?}");
            assert_eq!(n.trim(), n.as_str());
            assert!(n.chars().count() <= 256, "overlong name kept");
        }
        assert!(a.groups.len() <= 32);
        assert!(a.groups.iter().all(|g| g.chars().count() <= 64));
    }
}

fn stamp(wall_ms: u64, node: u64) -> WireStamp {
    WireStamp {
        wall_ms,
        counter: 0,
        node,
    }
}

fn hostile_groups() -> Vec<String> {
    let mut g: Vec<String> = (0..40).map(|i| format!("g{i}\u{1b}[31m")).collect();
    g.push("x".repeat(500));
    g.push(NASTY.to_string());
    g
}

fn hostile_bundle_account(i: u8) -> BundleAccount {
    BundleAccount {
        credential: Credential {
            issuer: format!("{NASTY}{}", "I".repeat(300)),
            label: format!("victim{i}\u{202e}moc.knab"),
            secret: Secret::from_bytes(vec![i + 1; 20]).unwrap(),
            params: OtpParams::totp_default(),
        },
        note: Some(zeroize::Zeroizing::new("törlőkód: 1234".into())),
        groups: hostile_groups(),
        identity: Some(WireIdentity {
            id: [i; 16],
            created: stamp(NOW - 10, 7),
            updated: stamp(NOW - 5, 7),
            fields: None,
        }),
    }
}

// ----- finding 6: received groups / names installed unchecked -----

#[test]
fn transfer_with_identities_and_hostile_groups_reopens() {
    let t = Tmp::new("transfer-id");
    let mut v = t.vault();
    let b = Bundle {
        accounts: vec![hostile_bundle_account(1), hostile_bundle_account(2)],
        sync: None,
    };
    // Through the wire encoding, as a transfer carries it.
    let b = bundle::decode(&bundle::encode(&b)).unwrap();
    import_into_vault(&mut v, &b, NOW).expect("import");
    assert_eq!(v.accounts().len(), 2);
    let v = t.reopen(v);
    assert_eq!(v.accounts().len(), 2);
    assert_clean(&v);
    assert_eq!(
        v.accounts()[0].note.as_ref().unwrap().expose(),
        "törlőkód: 1234"
    );
}

#[test]
fn transfer_without_identities_and_hostile_names_reopens() {
    let t = Tmp::new("transfer-plain");
    let mut v = t.vault();
    let mut a = hostile_bundle_account(3);
    a.identity = None;
    a.credential.issuer = NASTY.into();
    let b = Bundle {
        accounts: vec![a],
        sync: None,
    };
    let b = bundle::decode(&bundle::encode(&b)).unwrap();
    // Too many groups from a hostile sender: refused with a typed error or cleaned, never
    // stored raw.
    let _ = import_into_vault(&mut v, &b, NOW);
    let v = t.reopen(v);
    assert_clean(&v);
}

fn hostile_account(i: u32, groups: Vec<String>, note: Option<&str>) -> Account {
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&i.to_be_bytes());
    Account {
        id: AccountId(id),
        credential: Credential {
            issuer: NASTY.into(),
            label: format!("victim{i}\u{0085}\u{200f}"),
            secret: Secret::from_bytes(vec![7; 20]).unwrap(),
            params: OtpParams::totp_default(),
        },
        note: note.map(|n| Note::new(n).unwrap()),
        groups,
        created: Hlc {
            wall_ms: NOW - 100,
            counter: 0,
            node: DeviceId(99),
        },
        updated: Hlc {
            wall_ms: NOW - 50,
            counter: 0,
            node: DeviceId(99),
        },
        fields: kulcs_core::account::FieldClocks::uniform(Hlc {
            wall_ms: NOW - 50,
            counter: 0,
            node: DeviceId(99),
        }),
    }
}

/// Publishes `data` as device 99's replica into `t`'s shared folder and syncs `v` with it.
fn sync_with(t: &Tmp, v: &mut Vault, data: ReplicaData) -> sync::SyncReport {
    let rng = SeededRandom::new(b"hostile replica");
    let group = SyncGroup {
        group_id: [5; 16],
        key: zeroize::Zeroizing::new([6; 32]),
    };
    let r = Replica {
        device: DeviceId(99),
        version: 1,
        clock: Hlc {
            wall_ms: NOW,
            counter: 0,
            node: DeviceId(99),
        },
        data,
    };
    let sealed = replica::seal(&group, &r, &rng).unwrap();
    let dir = t.0.join("shared");
    std::fs::write(dir.join(replica_file_name(DeviceId(99))), sealed).unwrap();
    let mut state = SyncState::new(group, v.device_id());
    sync::sync_vault(&dir, v, &mut state, NOW, &rng).expect("sync")
}

#[test]
fn sync_replica_with_hostile_groups_and_names_reopens() {
    let t = Tmp::new("sync-groups");
    let mut v = t.vault();
    let data = ReplicaData::from_parts(
        [
            hostile_account(1, hostile_groups(), Some("note")),
            hostile_account(
                2,
                vec!["a\nb".into(), "A\u{1b}".into(), "a\u{1b}".into()],
                None,
            ),
        ],
        [],
    );
    sync_with(&t, &mut v, data);
    assert_eq!(v.accounts().len(), 2);
    let v = t.reopen(v);
    assert_eq!(v.accounts().len(), 2);
    assert_clean(&v);
}

#[test]
fn sync_replica_with_300k_fake_tombstones_keeps_the_vault_openable() {
    let t = Tmp::new("sync-tombs");
    let mut v = t.vault();
    v.add(
        Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        NOW,
    )
    .unwrap();
    let mut tombstones = BTreeMap::new();
    // As many as fit a replica file (56 bytes each), with the longest clock texts.
    for i in 0..290_000u32 {
        let mut id = [0xee; 16];
        id[..4].copy_from_slice(&i.to_be_bytes());
        let h = Hlc {
            wall_ms: u64::MAX - i as u64,
            counter: u32::MAX,
            node: DeviceId(u64::MAX),
        };
        tombstones.insert(
            AccountId(id),
            SyncTombstone {
                id: AccountId(id),
                deleted: h,
                seen: h,
            },
        );
    }
    let data = ReplicaData {
        accounts: BTreeMap::new(),
        tombstones,
    };
    sync_with(&t, &mut v, data);
    assert!(
        v.tombstones().len() <= 10_000,
        "{} tombstones kept",
        v.tombstones().len()
    );
    let v = t.reopen(v);
    assert_eq!(v.accounts().len(), 1, "the live account survives");
}

#[test]
fn sync_replica_that_would_overflow_the_vault_is_refused() {
    let t = Tmp::new("sync-huge");
    let mut v = t.vault();
    v.add(
        Credential::ugyfelkapu(
            "kovacs.janos",
            Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        ),
        NOW,
    )
    .unwrap();
    // Notes of control characters grow sixfold in the vault's JSON (\u0001).
    let note: String = "\u{1}".repeat(4096);
    let accounts: Vec<Account> = (0..1600)
        .map(|i| hostile_account(i, vec![], Some(&note)))
        .collect();
    let report = sync_with(&t, &mut v, ReplicaData::from_parts(accounts, []));
    let bytes = v.to_file_bytes().unwrap().len() as u64;
    assert!(
        bytes <= kulcs_core::vault::internals::format::MAX_FILE_LEN,
        "{bytes} bytes"
    );
    assert_eq!(report.rejected.len(), 1, "{report:?}");
    let v = t.reopen(v);
    assert_eq!(v.accounts().len(), 1);
}

// ----- finding 7: control and bidi characters in names, from every source -----

#[test]
fn otpauth_names_lose_control_and_bidi_characters() {
    let uri = "otpauth://totp/Bank:victim%E2%80%AE?secret=JBSWY3DPEHPK3PXP\
               &issuer=Bank%0D%1B%5B1A%1B%5B2KPayPal";
    let p = otpauth::parse(uri).unwrap();
    assert!(
        !p.credential.issuer.chars().any(is_hostile),
        "{:?}",
        p.credential.issuer
    );
    assert!(
        !p.credential.label.chars().any(is_hostile),
        "{:?}",
        p.credential.label
    );
    for n in &p.notes {
        assert!(!format!("{n:?}").contains('\u{1b}'));
        if let otpauth::UriNote::IssuerMismatch {
            label_prefix,
            parameter,
        } = n
        {
            assert!(!label_prefix
                .chars()
                .chain(parameter.chars())
                .any(is_hostile));
        }
    }
    let t = Tmp::new("otpauth");
    let mut v = t.vault();
    v.add(p.credential, NOW).unwrap();
    let v = t.reopen(v);
    assert_clean(&v);
}

#[test]
fn google_export_names_lose_control_characters_and_overlong_names_are_cut() {
    let c = Credential {
        issuer: format!("{NASTY}{}", "é".repeat(2000)),
        label: "victim\u{1b}]0;owned\u{7}".into(),
        secret: Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
        params: OtpParams::totp_default(),
    };
    let out = migration::export(&[c], 1);
    let mut col = MigrationCollector::new();
    for u in &out.uris {
        col.add(u).unwrap();
    }
    let result = col.finish().unwrap();
    let t = Tmp::new("google");
    let mut v = t.vault();
    for a in &result.accounts {
        assert!(!a.credential.issuer.chars().any(is_hostile));
        v.add(a.credential.clone(), NOW)
            .expect("a Google account always imports");
    }
    assert_eq!(v.accounts().len(), 1);
    let v = t.reopen(v);
    assert_clean(&v);
}

#[test]
fn typed_names_are_cleaned_and_overlong_ones_refused() {
    let t = Tmp::new("typed");
    let mut v = t.vault();
    let mut c = Credential::ugyfelkapu("x", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap());
    c.issuer = NASTY.into();
    let id = v.add(c.clone(), NOW).unwrap().id();
    v.rename(id, NASTY, "a\u{1b}[2Jb", NOW + 1).unwrap();
    v.set_groups(id, &["Work\u{202e}".into()], NOW + 2).unwrap();
    assert!(v.rename(id, &"x".repeat(257), "y", NOW + 3).is_err());
    let mut long = c;
    long.issuer = "x".repeat(257);
    long.secret = Secret::parse_base32("GEZDGNBVGY3TQOJQ").unwrap();
    assert!(v.add(long, NOW + 4).is_err());
    let v = t.reopen(v);
    assert_clean(&v);
    assert_eq!(v.accounts()[0].credential.label, "a[2Jb");
}

#[test]
fn a_vault_written_before_the_fix_opens_with_its_names_cleaned() {
    let t = Tmp::new("old-vault");
    let mut v = t.vault();
    let id = v
        .add(
            Credential::ugyfelkapu("x", Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap()),
            NOW,
        )
        .unwrap()
        .id();
    // What an older Kulcs could store: raw control characters and an overlong issuer.
    let c = v.contents_mut();
    c.accounts[0].credential.issuer = format!("{NASTY}{}", "I".repeat(400));
    c.accounts[0].credential.label = "\u{1b}[2Jvictim".into();
    let v = t.reopen(v);
    assert_eq!(v.accounts()[0].id, id);
    assert_clean(&v);
    assert_eq!(v.accounts()[0].credential.label, "[2Jvictim");
}
