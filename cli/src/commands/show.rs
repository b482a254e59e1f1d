//! `kulcs show`: one account's details and sync conflicts; with `--secret` also its setup key
//! and QR code; `--clear-conflicts` dismisses the conflicts.

use kulcs_core::otpauth;
use zeroize::Zeroizing;

use crate::context::{save, Context};
use crate::error::CliError;
use crate::i18n::t;
use crate::output;

/// Runs `show`.
pub fn run(
    ctx: &Context<'_>,
    id: &str,
    secret: bool,
    clear_conflicts: bool,
) -> Result<(), CliError> {
    let (mut v, id) = ctx.open_account(id)?;
    if clear_conflicts {
        let n = v
            .clear_conflicts(id)
            .map_err(|e| CliError::input(crate::error::sentence(e)))?;
        save(&mut v)?;
        println!("{}", t("show-dismissed", &[("count", &n.to_string())]));
        return Ok(());
    }
    let a = v
        .account(id)
        .ok_or_else(|| CliError::input(t("no-such-account", &[])))?;
    let p = &a.credential.params;
    field("show-id", &a.id.to_string());
    field("show-issuer", &output::safe(&a.credential.issuer));
    field("show-label", &output::safe(&a.credential.label));
    let (algorithm, digits) = (p.algorithm.to_string(), p.digits.to_string());
    match p.kind {
        kulcs_core::otp::OtpKind::Hotp => {
            let counter = p.counter.to_string();
            let args = [
                ("algorithm", &*algorithm),
                ("digits", &*digits),
                ("counter", &*counter),
            ];
            field("show-type", &t("show-type-hotp", &args))
        }
        kind => {
            let period = p.period.to_string();
            let args = [
                ("kind", kind.as_str()),
                ("algorithm", &*algorithm),
                ("digits", &*digits),
                ("period", &*period),
            ];
            field("show-type", &t("show-type-time", &args))
        }
    }
    let bits = a.credential.secret.bits().to_string();
    field("show-key-size", &t("show-bits", &[("bits", &bits)]));
    if !a.groups.is_empty() {
        field("show-groups", &output::safe(&a.groups.join(", ")));
    }
    let has_note = if a.note.is_some() {
        "show-note-yes"
    } else {
        "show-note-no"
    };
    field("show-note", &t(has_note, &[]));
    field("show-added", &output::format_ms(a.created.wall_ms));
    field("show-changed", &output::format_ms(a.updated.wall_ms));
    let conflicts: Vec<_> = a.conflicts().collect();
    if !conflicts.is_empty() {
        let args = [
            ("count", conflicts.len().to_string()),
            ("id", a.id.to_string()),
        ];
        field(
            "show-conflicts",
            &crate::i18n::t_owned("show-conflicts-value", &args),
        );
        for c in conflicts {
            println!(
                "  {}",
                t(
                    "show-conflict",
                    &[
                        ("field", &field_name(c.field.as_str())),
                        ("device", &c.stamp.node.to_string()),
                        ("date", &output::format_ms(c.stamp.wall_ms)),
                        ("value", &output::safe(c.value.describe(secret).as_str()))
                    ]
                )
            );
        }
    }
    if secret {
        field(
            "show-setup-key",
            a.credential.secret.to_base32_grouped().as_str(),
        );
        let uri = Zeroizing::new(otpauth::format(&a.credential));
        let code = qrcode::QrCode::new(uri.as_bytes())
            .map_err(|e| CliError::input(t("show-qr-failed", &[("error", &e.to_string())])))?;
        let art = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build();
        println!("{art}");
        eprintln!("kulcs: {}", t("show-secret-warning", &[]));
    }
    Ok(())
}

/// The labels of `show`'s lines, padded to the longest in the user's language.
const FIELDS: &[&str] = &[
    "show-id",
    "show-issuer",
    "show-label",
    "show-type",
    "show-key-size",
    "show-groups",
    "show-note",
    "show-added",
    "show-changed",
    "show-conflicts",
    "show-setup-key",
];

/// Prints one `label: value` line of `show`, the values aligned.
fn field(key: &str, value: &str) {
    let width = FIELDS
        .iter()
        .map(|k| t(k, &[]).chars().count())
        .max()
        .unwrap_or(0);
    let label = t(key, &[]);
    let pad = width.saturating_sub(label.chars().count());
    println!("{label}{:pad$} {value}", "");
}

/// An account field's name (`note`, `issuer`, …) in the user's language.
pub fn field_name(name: &str) -> String {
    crate::i18n::lookup(&format!("field-{name}")).unwrap_or_else(|| name.to_string())
}
