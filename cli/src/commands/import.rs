//! `kulcs import FILE|IMAGE…`: enrolment codes and Google Authenticator export QR codes, from
//! images or text files, and other authenticators' export files (core's `import`), added to
//! the vault with their notes and groups.

use kulcs_core::credential::Credential;
use kulcs_core::import::{self, FileImportError, ImportedAccount, Source};
use kulcs_core::migration::{MigrationCollector, SkipReason};
use kulcs_core::payload::{self, Payload};
use kulcs_core::vault::AddOutcome;

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
            for n in &file.not_importable {
                problems.push(format!("not imported: {} ({})", n.name, n.reason));
            }
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
    let accounts: Vec<ImportedAccount> = accounts.collect();
    if accounts.is_empty() {
        return Err(CliError::input("No accounts found to import."));
    }
    let mut vault = v.open()?;
    let (mut added, mut present) = (0, 0);
    let now = clock::now_ms();
    for a in &accounts {
        let name = crate::output::name(&a.credential);
        match vault
            .add_imported(a, now)
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
