//! `kulcs import FILE|IMAGE…`: enrolment codes and Google Authenticator export QR codes, from
//! images or text files, and other authenticators' export files (core's `import`): a preview
//! per account (added, already present, not importable and why), a y/N question (`--yes`), then
//! all of them added with their notes and groups in one save, or none.

use kulcs_core::credential::Credential;
use kulcs_core::import::{
    self, FileImportError, ImportedAccount, ImportedFile, NotImportable, Source,
};
use kulcs_core::migration::{MigrationCollector, SkipReason};
use kulcs_core::payload::{self, Payload};
use kulcs_core::vault::{AddOutcome, ImportPreview, PreviewAction};

use crate::args::ImportArgs;
use crate::clock;
use crate::context::{save, Context};
use crate::error::{sentence, CliError};
use crate::input::QrFile;
use crate::private_file::{self, IMAGE_CAP, TEXT_CAP};

fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(b"\xff\xd8")
        || (bytes.len() > 12 && &bytes[8..12] == b"WEBP")
}

/// Runs `kulcs import`.
pub fn run(a: ImportArgs, v: &Context<'_>) -> Result<(), CliError> {
    let mut texts = Vec::new();
    let mut from_apps: Vec<ImportedAccount> = Vec::new();
    let mut refused: Vec<NotImportable> = Vec::new();
    let mut problems = Vec::new();
    for f in &a.files {
        let bytes = private_file::read_capped(f, IMAGE_CAP)?;
        // Another app's export (anything but a list of URIs, which the lines below read with
        // Google export batches among them).
        let app_file = if is_image(&bytes) {
            None
        } else {
            let first = import::read(&bytes, None);
            let read = match first {
                Err(FileImportError::PasswordNeeded { app }) => {
                    let prompt = format!("Password of the {app} file {}: ", f.display());
                    let password = crate::input::read_secret(&prompt)?;
                    import::read(&bytes, Some(&password))
                }
                other => other,
            };
            match read {
                Ok(file) if file.source != Source::OtpauthList => Some(file),
                Ok(_) | Err(FileImportError::Unrecognised) => None,
                Err(e) => {
                    return Err(CliError::input(format!(
                        "{}: {} Nothing was imported.",
                        f.display(),
                        sentence(e)
                    )))
                }
            }
        };
        if let Some(file) = app_file {
            println!(
                "{}: {} export, {} accounts",
                f.display(),
                file.source.app_name(),
                file.accounts.len()
            );
            refused.extend(file.not_importable);
            from_apps.extend(file.accounts);
        } else if is_image(&bytes) {
            for s in QrFile::from_bytes(f, bytes).decode()? {
                texts.push((f.clone(), s.text));
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
        eprintln!("kulcs: {}", crate::output::safe_text(p));
    }
    let accounts = creds
        .into_iter()
        .map(|credential| ImportedAccount {
            credential,
            note: None,
            groups: Vec::new(),
            favourite: false,
        })
        .chain(from_apps);
    let all = ImportedFile {
        source: Source::OtpauthList,
        accounts: accounts.collect(),
        not_importable: refused,
    };
    if all.accounts.is_empty() && all.not_importable.is_empty() {
        return Err(CliError::input("No accounts found to import."));
    }
    let mut vault = v.open()?;
    let preview = vault.import_preview(&all);
    print_preview(&preview);
    if all.accounts.is_empty() {
        return Err(CliError::input(
            "No importable accounts found. Nothing was imported.",
        ));
    }
    let present = preview
        .rows
        .iter()
        .filter(|r| matches!(r.action, PreviewAction::AlreadyPresent { .. }))
        .count();
    if preview.to_add() == 0 {
        println!("Imported 0 accounts ({present} already present).");
        return Ok(());
    }
    crate::prompt::confirm(&format!("Add {} accounts?", preview.to_add()), a.yes)?;
    let mut added = 0;
    let now = clock::now_ms();
    for a in &all.accounts {
        let name = crate::output::name(&a.credential);
        match vault.add_imported(a, now).map_err(|e| {
            CliError::input(format!("{name}: {} Nothing was imported.", sentence(e)))
        })? {
            AddOutcome::AlreadyPresent(_) => {}
            AddOutcome::Added(_) | AddOutcome::AddedWithConflict { .. } => added += 1,
        }
    }
    save(&mut vault)?;
    println!("Imported {added} accounts ({present} already present).");
    Ok(())
}

/// One line per entry: `+` added, `=` already present, `!` not importable.
fn print_preview(p: &ImportPreview) {
    for r in &p.rows {
        let name = crate::output::safe_text(&r.name);
        let line = match &r.action {
            PreviewAction::Add => format!("  + {name}"),
            PreviewAction::AddBesideSameName { .. } => format!(
                "  + {name} (another entry has this name but a different key; both are kept)"
            ),
            PreviewAction::AlreadyPresent { name: here, .. } => format!(
                "  = {name}: already present as {}",
                crate::output::safe_text(here)
            ),
            PreviewAction::RepeatedInFile => format!("  = {name}: repeated, added once"),
            PreviewAction::NotImportable(why) => format!("  ! {name}: not importable ({why})"),
        };
        println!("{line}");
    }
}
