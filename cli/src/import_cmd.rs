//! `kulcs import FILE|IMAGE…` (enrolment codes and Google Authenticator export QR codes, from
//! images or text files) and `kulcs export` (Google export QR codes, or one account's
//! `otpauth://` QR code as PNG or on the terminal).

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::Args;
use kulcs_core::credential::Credential;
use kulcs_core::migration::{self, MigrationCollector, SkipReason};
use kulcs_core::payload::{self, Payload};
use kulcs_core::qr_render;
use kulcs_core::vault::AddOutcome;

use crate::error::{sentence, CliError};
use crate::private_file::{self, IMAGE_CAP, TEXT_CAP};
use crate::transfer_cmd::{now_ms, save, VaultCtx};
use crate::vault_cmd::VaultArgs;

/// Options of `import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Images with QR codes (PNG/JPEG/WebP), or text files with one URI per line.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xff\xd8")
        || (bytes.len() > 12 && &bytes[8..12] == b"WEBP")
}

/// Runs `kulcs import`.
pub fn import(a: ImportArgs, vault: &VaultArgs) -> Result<(), CliError> {
    let v = VaultCtx::new(vault);
    let mut texts = Vec::new();
    for f in &a.files {
        let bytes = private_file::read_capped(f, IMAGE_CAP)?;
        if is_image(&bytes) {
            for t in crate::transfer_cmd::qr_texts(f)? {
                texts.push((f.clone(), t));
            }
        } else {
            if bytes.len() as u64 > TEXT_CAP {
                return Err(private_file::FileError::TooLarge {
                    path: f.clone(),
                    size: bytes.len() as u64,
                    cap: TEXT_CAP,
                }
                .into());
            }
            let s = String::from_utf8(bytes).map_err(|_| {
                CliError::input(format!("{} is neither an image nor text.", f.display()))
            })?;
            for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
                texts.push((f.clone(), line.to_string()));
            }
        }
    }
    let mut collector = MigrationCollector::new();
    let mut creds: Vec<Credential> = Vec::new();
    let mut problems = Vec::new();
    for (f, t) in &texts {
        match payload::classify(t) {
            Payload::Otpauth(p) => creds.push(p.credential),
            Payload::GoogleMigration { .. } => match collector.add(t) {
                Ok(p) => println!("{}: Google export batch {p}", f.display()),
                Err(e) => problems.push(format!("{}: {}", f.display(), sentence(e))),
            },
            other => problems.push(format!("{}: {}", f.display(), other.hint())),
        }
    }
    let progress = collector.progress();
    if progress.total > 0 {
        match collector.finish() {
            Ok(result) => {
                for s in &result.skipped {
                    let why = match &s.reason {
                        SkipReason::UnsupportedAlgorithm(n) => {
                            format!("unsupported algorithm ({n})")
                        }
                        SkipReason::UnsupportedDigits(n) => {
                            format!("unsupported number of digits ({n})")
                        }
                        SkipReason::UnsupportedType(n) => format!("unsupported code type ({n})"),
                        SkipReason::BadSecret => "the key is empty or too long".into(),
                        SkipReason::BadCounter => "negative counter".into(),
                    };
                    problems.push(format!(
                        "not imported: {} (batch {}, entry {}): {why}",
                        s.display_name,
                        s.batch_index + 1,
                        s.position + 1
                    ));
                }
                creds.extend(result.accounts.into_iter().map(|i| i.credential));
            }
            Err(_) => {
                let missing: Vec<String> = collector
                    .missing()
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect();
                return Err(CliError::input(format!(
                    "The Google export has {} batches; {progress} scanned, missing batch {}. Nothing was imported.",
                    progress.total,
                    missing.join(", ")
                )));
            }
        }
    }
    for p in &problems {
        eprintln!("kulcs: {}", crate::display::safe_text(p));
    }
    if creds.is_empty() {
        return Err(CliError::input("No accounts found to import."));
    }
    let mut vault = v.open(true)?;
    let (mut added, mut present) = (0, 0);
    for c in creds {
        let name = crate::display::name(&c);
        match vault
            .add(c, now_ms())
            .map_err(|e| CliError::input(format!("{name}: {}", sentence(e))))?
        {
            AddOutcome::AlreadyPresent(_) => present += 1,
            AddOutcome::AddedWithConflict { .. } => {
                added += 1;
                eprintln!("kulcs: {name}: another entry has the same name but a different key; both are kept.");
            }
            AddOutcome::Added(_) => added += 1,
        }
    }
    save(&mut vault)?;
    println!("Imported {added} accounts ({present} already present).");
    Ok(())
}

/// Options of `export`.
#[derive(Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["google_qr", "qr"])))]
pub struct ExportArgs {
    /// Write Google Authenticator export QR codes (10 accounts each) as PNGs into DIR.
    #[arg(long, value_name = "DIR")]
    pub google_qr: Option<PathBuf>,
    /// Show one account's otpauth:// QR code (id or unique id prefix), for another app.
    #[arg(long, value_name = "ID")]
    pub qr: Option<String>,
    /// With --qr: write the PNG here instead of drawing it on the terminal.
    #[arg(long, value_name = "PNG", requires = "qr")]
    pub out: Option<PathBuf>,
    /// With --google-qr: only these accounts.
    #[arg(long = "account", value_name = "ID", requires = "google_qr")]
    pub accounts: Vec<String>,
}

/// Runs `kulcs export`.
pub fn export(a: ExportArgs, vault: &VaultArgs) -> Result<(), CliError> {
    let v = VaultCtx::new(vault);
    let vault = v.open(false)?;
    if let Some(id) = &a.qr {
        let id = vault
            .resolve(id)
            .map_err(|e| CliError::input(sentence(e)))?;
        let c = &vault
            .account(id)
            .ok_or_else(|| CliError::input("No such account."))?
            .credential;
        eprintln!(
            "This QR code contains the secret key of {}. Anyone who sees it can make codes.",
            crate::display::name(c)
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
                    return Err(CliError::usage(
                        "Not a terminal: give --out FILE.png to write the QR code.",
                    ));
                }
                println!(
                    "{}",
                    &*qr_render::otpauth_terminal(c).map_err(|e| CliError::input(sentence(e)))?
                );
                Ok(())
            }
        };
    }
    let dir = a
        .google_qr
        .as_ref()
        .ok_or_else(|| CliError::usage("Give --google-qr DIR or --qr ID."))?;
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
        .map_err(|_| CliError::input("The random number generator failed."))?;
    let out = migration::export(&creds, i32::from_be_bytes(id_bytes) & 0x7fff_ffff);
    for w in &out.warnings {
        let what = match &w.issue {
            migration::ExportIssue::AlgorithmMayBeIgnored(alg) => format!(
                "uses {alg}; Google Authenticator may ignore it and show wrong codes (exported)"
            ),
            migration::ExportIssue::DigitsUnsupported(d) => {
                format!("has {d} digits; Google supports only 6 or 8 (NOT exported)")
            }
            migration::ExportIssue::PeriodUnsupported(p) => {
                format!("has a {p}-second period; Google supports only 30 (NOT exported)")
            }
            migration::ExportIssue::SteamUnsupported => {
                "is a Steam Guard account; Google cannot show Steam codes (NOT exported)".into()
            }
            migration::ExportIssue::CounterTooLarge => {
                "has an HOTP counter too large for Google (NOT exported)".into()
            }
        };
        eprintln!(
            "kulcs: warning: {} {what}",
            crate::display::safe(&w.display_name)
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
    eprintln!("{} of {} accounts exported in {n} QR code(s). These images contain secret keys: delete them after use.", out.exported, creds.len());
    Ok(())
}
