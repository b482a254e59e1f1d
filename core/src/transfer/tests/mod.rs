//! Unit tests of the transfer beside its protocol modules: wire text, code, keys, ledger and a
//! whole session.

mod code;
mod keys;
mod ledger;
mod protocol;
mod session;

use super::protocol::Offer;

/// A fixed offer (what a receiver would show).
fn offer(expires_unix: i64) -> Offer {
    Offer {
        session_id: [0x5a; 16],
        expires_unix,
        receiver_key: super::keys::public_key(&[7; 32]),
    }
}
