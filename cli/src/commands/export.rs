//! `kulcs export`: every account to a file (`--format kulcs|aegis|otpauth|json`, read back
//! before success), Google Authenticator export QR codes as PNGs, or one account's
//! `otpauth://` QR code as a PNG or on the terminal.

use std::io::IsTerminal;

use kulcs_core::export;
use kulcs_core::migration;
use kulcs_core::qr_render;
use kulcs_core::random::SystemRng;
use kulcs_core::vault::KdfParams;

use super::backup::{ask_new_passphrase, export_error};
use super::out_file::{refuse_vault_path, write_checked};
use crate::args::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::private_file;

/// Writes every account in `format` to `out`, checked in memory and again from the disk.
fn to_file(format: ExportFormat, out: &std::path::Path, v: &Context<'_>) -> Result<(), CliError> {
    refuse_vault_path(out, v)?;
    let vault = v.open_existing()?;
    let entries = export::entries(vault.accounts());
    if entries.is_empty() {
        return Err(CliError::input(t("export-empty", &[])));
    }
    let (core_format, what) = match format {
        ExportFormat::Kulcs => (export::ExportFormat::KulcsBackup, "export-what-kulcs"),
        ExportFormat::Aegis => (export::ExportFormat::AegisEncrypted, "export-what-aegis"),
        ExportFormat::Otpauth => (export::ExportFormat::OtpauthList, "export-what-otpauth"),
        ExportFormat::Json => (export::ExportFormat::AegisPlain, "export-what-json"),
    };
    let what = t(what, &[]);
    let pass = match format {
        ExportFormat::Kulcs => Some(ask_new_passphrase("backup-new-backup")?),
        ExportFormat::Aegis => Some(ask_new_passphrase("backup-new-export")?),
        ExportFormat::Otpauth | ExportFormat::Json => None,
    };
    match format {
        ExportFormat::Kulcs => eprintln!("kulcs: {}", t("deriving-argon2", &[])),
        ExportFormat::Aegis => eprintln!("kulcs: {}", t("deriving-scrypt", &[])),
        ExportFormat::Otpauth | ExportFormat::Json => {}
    }
    let bytes = export::write(
        core_format,
        &entries,
        pass.as_ref().map(|p| p.as_str()),
        crate::clock::now_ms(),
        KdfParams::DEFAULT,
        &SystemRng::new(),
    )
    .map_err(export_error)?;
    if matches!(format, ExportFormat::Otpauth | ExportFormat::Json) {
        eprintln!("kulcs: {}", t("export-unencrypted", &[]));
    }
    write_checked(out, &bytes)?;
    println!(
        "{}",
        t(
            "export-done",
            &[
                ("count", &entries.len().to_string()),
                ("path", &out.display().to_string()),
                ("what", &what)
            ]
        )
    );
    Ok(())
}

/// Runs `kulcs export`.
pub fn run(a: ExportArgs, v: &Context<'_>) -> Result<(), CliError> {
    if let (Some(format), Some(out)) = (a.format, &a.out) {
        return to_file(format, out, v);
    }
    if a.out.is_some() && a.qr.is_none() {
        return Err(CliError::usage(t("export-out-alone", &[])));
    }
    let vault = v.open_existing()?;
    if let Some(id) = &a.qr {
        let id = vault
            .resolve(id)
            .map_err(|e| CliError::input(sentence(e)))?;
        let c = &vault
            .account(id)
            .ok_or_else(|| CliError::input(t("export-qr-no-account", &[])))?
            .credential;
        eprintln!(
            "{}",
            t("export-qr-warning", &[("name", &crate::output::name(c))])
        );
        return match &a.out {
            Some(p) => {
                let png = qr_render::otpauth_png(c).map_err(|e| CliError::input(sentence(e)))?;
                private_file::write_private(p, &png[..])?;
                println!("{}", p.display());
                Ok(())
            }
            None => {
                if !std::io::stdout().is_terminal() {
                    return Err(CliError::usage(t("export-qr-not-terminal", &[])));
                }
                let drawing =
                    qr_render::otpauth_terminal(c).map_err(|e| CliError::input(sentence(e)))?;
                // A code holding the secret is never written to a file the user did not name.
                if let Err(too_big) = crate::output::fits_terminal(&drawing, 1) {
                    return Err(CliError::input(too_big.message(&t("qr-too-big-out", &[]))));
                }
                println!("{}", &*drawing);
                Ok(())
            }
        };
    }
    let dir = a
        .google_qr
        .as_ref()
        .ok_or_else(|| CliError::usage(t("export-what-needed", &[])))?;
    let mut creds = Vec::new();
    if a.accounts.is_empty() {
        creds.extend(vault.accounts().iter().map(|x| x.credential.clone()));
    } else {
        for s in &a.accounts {
            let id = vault.resolve(s).map_err(|e| CliError::input(sentence(e)))?;
            creds.extend(vault.account(id).map(|x| x.credential.clone()));
        }
    }
    let mut id_bytes = [0u8; 4];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut id_bytes)
        .map_err(|_| CliError::input(t("kind-Random", &[])))?;
    let out = migration::export(&creds, i32::from_be_bytes(id_bytes) & 0x7fff_ffff);
    for w in &out.warnings {
        let (key, value) = match &w.issue {
            migration::ExportIssue::AlgorithmMayBeIgnored(alg) => {
                ("google-algorithm", alg.to_string())
            }
            migration::ExportIssue::DigitsUnsupported(d) => ("google-digits", d.to_string()),
            migration::ExportIssue::PeriodUnsupported(p) => ("google-period", p.to_string()),
            migration::ExportIssue::SteamUnsupported => ("google-steam", String::new()),
            migration::ExportIssue::CounterTooLarge => ("google-counter", String::new()),
        };
        eprintln!(
            "kulcs: {}",
            t(
                key,
                &[
                    ("name", &crate::output::safe(&w.display_name)),
                    ("value", &value)
                ]
            )
        );
    }
    private_file::create_private_dir(dir)?;
    let n = out.uris.len();
    for (i, uri) in out.uris.iter().enumerate() {
        let p = dir.join(format!("google-{}-of-{n}.png", i + 1));
        let png = qr_render::png(uri).map_err(|e| CliError::input(sentence(e)))?;
        private_file::write_private(&p, &png)?;
        println!("{}", p.display());
    }
    eprintln!(
        "{}",
        t(
            "google-done",
            &[
                ("exported", &out.exported.to_string()),
                ("total", &creds.len().to_string()),
                ("codes", &n.to_string())
            ]
        )
    );
    Ok(())
}
