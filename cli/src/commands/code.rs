//! `kulcs code`: the code of one vault account found by name (plain, for scripts; `--copy`,
//! `--fresh`), or of a URI, a typed key or an enrolment QR image without a vault.

use std::path::Path;

use kulcs_core::credential::Credential;
use kulcs_core::otp::{Algorithm, OtpKind, OtpParams};
use kulcs_core::otpauth;
use kulcs_core::payload::{self, Payload};
use kulcs_core::secret::Secret;

use crate::args::CodeArgs;
use crate::clock;
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::{self, QrFile};
use crate::output::{self, ViewOptions};

/// Where the account comes from.
pub enum Source<'a> {
    /// An `otpauth://` URI.
    Uri(&'a str),
    /// A typed base32 key with parameters.
    Key {
        key: &'a str,
        digits: u8,
        period: u32,
        algorithm: &'a str,
    },
    /// An image holding one or more enrolment QR codes.
    Qr(&'a str),
}

/// Turns the source into credentials.
pub fn credentials(source: &Source<'_>) -> Result<Vec<Credential>, CliError> {
    match source {
        Source::Uri(uri) => {
            let parsed = otpauth::parse(uri).map_err(|e| CliError::input(sentence(e)))?;
            Ok(vec![parsed.credential])
        }
        Source::Key {
            key,
            digits,
            period,
            algorithm,
        } => {
            let secret = Secret::parse_base32(key).map_err(key_error)?;
            let algorithm = Algorithm::parse(algorithm).ok_or_else(|| {
                CliError::input(t(
                    "code-algorithm",
                    &[("algorithm", &format!("{algorithm:?}"))],
                ))
            })?;
            let params = OtpParams {
                kind: OtpKind::Totp,
                algorithm,
                digits: *digits,
                period: *period,
                counter: 0,
            };
            params
                .validate()
                .map_err(|e| CliError::input(sentence(e)))?;
            Ok(vec![Credential {
                issuer: String::new(),
                label: String::new(),
                secret,
                params,
            }])
        }
        Source::Qr(path) => {
            let symbols = QrFile::read(Path::new(path))?.decode()?;
            let found = payload::enrolments(symbols.iter().map(|s| s.text.as_str()));
            if found.credentials.is_empty() {
                let other: Vec<String> = found
                    .passed_over
                    .iter()
                    .map(|p| match p {
                        Payload::BrokenOtpauth(e) => {
                            t("code-unusable-enrolment", &[("error", &e.to_string())])
                        }
                        kind => describe(kind),
                    })
                    .collect();
                return Err(CliError::input(t(
                    "code-not-enrolment",
                    &[("path", path), ("what", &other.join(&t("and", &[])))],
                )));
            }
            Ok(found.credentials)
        }
    }
}

/// A refused key as the user sees it. Base32 has no `1`: it was meant as `I` (a capital i) or
/// `l` (a lower-case L, which base32 reads as `L`), so the hint names both.
pub fn key_error(e: kulcs_core::secret::SecretError) -> CliError {
    if let kulcs_core::secret::SecretError::InvalidCharacter {
        character: '1',
        position,
        ..
    } = e
    {
        return CliError::input(t("key-one", &[("position", &position.to_string())]));
    }
    if crate::i18n::is_hungarian() {
        return CliError::input(sentence(&e));
    }
    CliError::input(t("code-key-invalid", &[("error", &e.to_string())]))
}

/// What a scanned payload is, as a phrase in the user's language.
pub fn describe(p: &Payload) -> String {
    let key = match p {
        Payload::Otpauth(_) => "payload-otpauth",
        Payload::BrokenOtpauth(_) => "payload-otpauth-broken",
        Payload::GoogleMigration { .. } => "payload-google",
        Payload::BrokenGoogleMigration(_) => "payload-google-broken",
        Payload::TransferOffer => "payload-transfer-offer",
        Payload::TransferFrame { .. } => "payload-transfer-frame",
        Payload::BrokenTransfer(_) => "payload-transfer-broken",
        Payload::Url => "payload-url",
        Payload::Wifi => "payload-wifi",
        Payload::Contact => "payload-contact",
        Payload::Messaging => "payload-messaging",
        Payload::Text => "payload-text",
    };
    t(key, &[])
}

/// Runs `code`.
pub fn run(args: &CodeArgs, ctx: &Context<'_>) -> Result<(), CliError> {
    if let Some(query) = &args.query {
        return from_vault(args, ctx, query);
    }
    let typed;
    let source = if let Some(uri) = &args.uri {
        typed = input::value_or_stdin(uri, &t("prompt-uri", &[]))?;
        Source::Uri(&typed)
    } else if let Some(key) = &args.key {
        typed = input::value_or_stdin(key, &t("prompt-setup-key", &[]))?;
        Source::Key {
            key: &typed,
            digits: args.params.digits,
            period: args.params.period,
            algorithm: &args.params.algorithm,
        }
    } else if let Some(qr) = &args.qr {
        Source::Qr(qr)
    } else {
        return Err(CliError::usage(t("code-source-needed", &[])));
    };
    let accounts = credentials(&source)?;
    output::show_codes(&accounts, &args.view.options())
}

/// `code QUERY`: one vault account's code, printed alone (as oathtool does) or copied.
fn from_vault(args: &CodeArgs, ctx: &Context<'_>, query: &str) -> Result<(), CliError> {
    let (v, id) = ctx.open_account(query)?;
    let (cred, full_id) = match v.account(id) {
        Some(a) => (a.credential.clone(), a.id.to_string()),
        None => return Err(CliError::input(t("no-such-account", &[]))),
    };
    let offset = v.clock_offset().saturating_add(args.view.offset);
    // Nothing below needs the vault: release it (and its lock) before any waiting.
    drop(v);
    let view = &args.view;
    if view.watch {
        let watch = ViewOptions {
            at: None,
            offset,
            watch: true,
            json: view.json,
        };
        return output::show_codes(&[cred], &watch);
    }
    let time_based = cred.params.kind != kulcs_core::otp::OtpKind::Hotp;
    let now = |at: Option<i64>| match at {
        Some(t) => Ok(t),
        None => clock::effective_time(None, offset),
    };
    let mut unix = now(view.at)?;
    let window = |unix: i64| {
        cred.code_window(unix)
            .map_err(|e| CliError::input(format!("{}: {}", output::name(&cred), sentence(e))))
    };
    let mut w = window(unix)?;
    if let Some(fresh) = args.fresh {
        let period = cred.params.period;
        if !time_based {
            return Err(CliError::usage(t("fresh-counter", &[])));
        }
        if fresh >= period {
            return Err(CliError::usage(t(
                "fresh-too-long",
                &[("period", &period.to_string())],
            )));
        }
        let left = w.valid_for.unwrap_or(period);
        if left < fresh {
            if view.at.is_some() {
                unix += i64::from(left);
            } else {
                eprintln!(
                    "kulcs: {}",
                    t("fresh-waiting", &[("left", &left.to_string())])
                );
                let ms = u64::from(left) * 1000;
                let wait = ms.saturating_sub(clock::millis_into_second()) + 50;
                std::thread::sleep(std::time::Duration::from_millis(wait));
                unix = now(None)?;
            }
            w = window(unix)?;
        }
    }
    if view.json {
        let mut e = output::json_entry(&cred, &w, unix);
        e["id"] = serde_json::Value::String(full_id);
        println!("{}", output::safe_json(&e));
        return Ok(());
    }
    if args.copy {
        return match crate::clipboard::copy(w.code.as_str()) {
            Ok(()) => {
                let (left, clear) = (
                    w.valid_for.unwrap_or(0).to_string(),
                    kulcs_core::screen_rules::CLIPBOARD_CLEAR_SECS.to_string(),
                );
                eprintln!(
                    "kulcs: {}",
                    t(
                        "copy-done",
                        &[
                            ("name", &output::name(&cred)),
                            ("left", &left),
                            ("clear", &clear)
                        ]
                    )
                );
                Ok(())
            }
            Err(e) => {
                println!("{}", w.code.as_str());
                Err(CliError::input(t("copy-none", &[("why", &e.message)])))
            }
        };
    }
    println!("{}", w.code.as_str());
    Ok(())
}
