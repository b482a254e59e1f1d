//! Unit tests of sync beside its modules: the merge rules, the saved state and the directory round.

mod body;
mod dir;
mod merge;
mod state;

use crate::account::{Account, AccountId};
use crate::credential::Credential;
use crate::hlc::{DeviceId, Hlc};
use crate::otp::OtpParams;
use crate::secret::Secret;

/// A stamp of device `node` at `wall_ms`.
fn stamp(wall_ms: u64, node: u64) -> Hlc {
    Hlc {
        wall_ms,
        counter: 0,
        node: DeviceId(node),
    }
}

/// An account with id `[id; 16]`, created at 1 ms, last changed at `updated`.
fn account(id: u8, label: &str, updated: Hlc) -> Account {
    Account {
        id: AccountId([id; 16]),
        credential: Credential {
            issuer: "Example".into(),
            label: label.into(),
            secret: Secret::parse_base32("JBSWY3DPEHPK3PXP").unwrap(),
            params: OtpParams::totp_default(),
        },
        note: None,
        groups: Vec::new(),
        created: stamp(1, updated.node.0),
        updated,
        fields: crate::account::FieldClocks::uniform(updated),
    }
}
