//! `kulcs show`: one account's details and sync conflicts; with `--secret` also its setup key
//! and QR code; `--clear-conflicts` dismisses the conflicts.

use kulcs_core::otpauth;
use zeroize::Zeroizing;

use crate::context::{save, Context};
use crate::error::CliError;
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
        println!("Dismissed {n} sync conflicts; other devices drop them after their next sync.");
        return Ok(());
    }
    let a = v
        .account(id)
        .ok_or_else(|| CliError::input("No such account."))?;
    let p = &a.credential.params;
    println!("id:        {}", a.id);
    println!("issuer:    {}", output::safe(&a.credential.issuer));
    println!("label:     {}", output::safe(&a.credential.label));
    match p.kind {
        kulcs_core::otp::OtpKind::Hotp => println!(
            "type:      hotp, {}, {} digits, counter {}",
            p.algorithm, p.digits, p.counter
        ),
        kind => println!(
            "type:      {}, {}, {} digits, {} s",
            kind.as_str(),
            p.algorithm,
            p.digits,
            p.period
        ),
    }
    println!("key size:  {} bits", a.credential.secret.bits());
    if !a.groups.is_empty() {
        println!("groups:    {}", output::safe(&a.groups.join(", ")));
    }
    println!(
        "note:      {}",
        if a.note.is_some() {
            "yes (kulcs note ID shows it)"
        } else {
            "no"
        }
    );
    println!("added:     {}", output::format_ms(a.created.wall_ms));
    println!("changed:   {}", output::format_ms(a.updated.wall_ms));
    let conflicts: Vec<_> = a.conflicts().collect();
    if !conflicts.is_empty() {
        println!(
            "conflicts: {} (values that lost a concurrent edit; `kulcs show {} --clear-conflicts` dismisses them)",
            conflicts.len(),
            a.id
        );
        for c in conflicts {
            println!(
                "  {} from device {} at {}: {}",
                c.field.as_str(),
                c.stamp.node,
                output::format_ms(c.stamp.wall_ms),
                output::safe(c.value.describe(secret).as_str())
            );
        }
    }
    if secret {
        println!(
            "setup key: {}",
            a.credential.secret.to_base32_grouped().as_str()
        );
        let uri = Zeroizing::new(otpauth::format(&a.credential));
        let code = qrcode::QrCode::new(uri.as_bytes())
            .map_err(|e| CliError::input(format!("Cannot draw the QR code: {e}.")))?;
        let art = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .quiet_zone(true)
            .build();
        println!("{art}");
        eprintln!("kulcs: anyone who sees this key or QR code can make your codes; clear the screen when done.");
    }
    Ok(())
}
