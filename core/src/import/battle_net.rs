//! Owns the Battle.net Authenticator's preferences XML: the device secret and serial, each
//! hex of text XOR-ed with the app's fixed mask; the unmasked secret is the key in hex, and
//! the codes are TOTP with SHA1, 8 digits, 30 s, named by the serial.

use data_encoding::HEXLOWER_PERMISSIVE;

use super::entry::{build, collect, Extras, Fields, Key};
use super::xml::{get, Pref};
use super::{FileImportError, ImportedFile, Source};

const APP: &str = "Battle.net";
const SECRET: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
/// The app's fixed mask (public; it hides nothing from anyone who has the file).
const MASK: &str = "398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a";

/// True for the Battle.net app's preferences.
pub(super) fn is_battle_net(prefs: &[Pref]) -> bool {
    get(prefs, SECRET).is_some()
}

/// The masked hex `s` unmasked to its text, or `None` when it is not hex or longer than the mask.
fn unmask(s: &str) -> Option<String> {
    let masked = HEXLOWER_PERMISSIVE.decode(s.trim().as_bytes()).ok()?;
    let mask = HEXLOWER_PERMISSIVE.decode(MASK.as_bytes()).ok()?;
    if masked.len() > mask.len() {
        return None;
    }
    let clear: Vec<u8> = masked.iter().zip(&mask).map(|(a, b)| a ^ b).collect();
    String::from_utf8(clear).ok()
}

/// Reads the one account of the Battle.net app.
pub(super) fn read(prefs: &[Pref]) -> Result<ImportedFile, FileImportError> {
    let damaged = |what: &str| FileImportError::Malformed {
        app: APP,
        what: what.into(),
    };
    let secret = get(prefs, SECRET)
        .and_then(unmask)
        .ok_or_else(|| damaged("the secret"))?;
    let key = HEXLOWER_PERMISSIVE
        .decode(secret.as_bytes())
        .map_err(|_| damaged("the secret is not hex"))?;
    let serial = match get(prefs, SERIAL) {
        Some(s) if !s.is_empty() => unmask(s).ok_or_else(|| damaged("the serial"))?,
        _ => String::new(),
    };
    let (accounts, not_importable) = collect([build(Fields {
        issuer: APP,
        label: &serial,
        key: Key::Bytes(key),
        kind: "totp",
        algorithm: None,
        digits: Some(8),
        period: Some(30),
        counter: None,
        extras: Extras::default(),
    })]);
    Ok(ImportedFile {
        source: Source::BattleNet,
        accounts,
        not_importable,
    })
}
