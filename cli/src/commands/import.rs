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
use crate::i18n::t;
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
                    let prompt = t(
                        "import-password",
                        &[("app", app), ("path", &f.display().to_string())],
                    );
                    let password = crate::input::read_secret(&prompt)?;
                    import::read(&bytes, Some(&password))
                }
                other => other,
            };
            match read {
                Ok(file) if file.source != Source::OtpauthList => Some(file),
                Ok(_) | Err(FileImportError::Unrecognised) => None,
                Err(e) => {
                    return Err(CliError::input(t(
                        "import-failed",
                        &[("name", &f.display().to_string()), ("error", &sentence(e))],
                    )))
                }
            }
        };
        if let Some(file) = app_file {
            println!(
                "{}",
                t(
                    "import-app-file",
                    &[
                        ("path", &f.display().to_string()),
                        ("app", file.source.app_name()),
                        ("count", &file.accounts.len().to_string())
                    ]
                )
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
                CliError::input(t("import-not-text", &[("path", &f.display().to_string())]))
            })?;
            for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
                texts.push((f.clone(), line.to_string()));
            }
        }
    }
    let mut collector = MigrationCollector::new();
    let mut creds: Vec<Credential> = Vec::new();
    for (f, text) in &texts {
        match payload::classify(text) {
            Payload::Otpauth(p) => creds.push(p.credential),
            Payload::GoogleMigration { .. } => match collector.add(text) {
                Ok(p) => println!(
                    "{}",
                    t(
                        "import-google-batch",
                        &[
                            ("path", &f.display().to_string()),
                            ("batch", &p.to_string())
                        ]
                    )
                ),
                Err(e) => problems.push(format!("{}: {}", f.display(), sentence(e))),
            },
            other if crate::i18n::is_hungarian() => problems.push(format!(
                "{}: {}",
                f.display(),
                super::code::describe(&other)
            )),
            other => problems.push(format!("{}: {}", f.display(), other.hint())),
        }
    }
    let progress = collector.progress();
    if progress.total > 0 {
        match collector.finish() {
            Ok(result) => {
                for s in &result.skipped {
                    let (key, n) = match &s.reason {
                        SkipReason::UnsupportedAlgorithm(n) => ("skip-algorithm", n.to_string()),
                        SkipReason::UnsupportedDigits(n) => ("skip-digits", n.to_string()),
                        SkipReason::UnsupportedType(n) => ("skip-type", n.to_string()),
                        SkipReason::BadSecret => ("skip-secret", String::new()),
                        SkipReason::BadCounter => ("skip-counter", String::new()),
                    };
                    problems.push(t(
                        "import-skipped",
                        &[
                            ("name", &s.display_name),
                            ("batch", &(s.batch_index + 1).to_string()),
                            ("entry", &(s.position + 1).to_string()),
                            ("why", &t(key, &[("n", &n)])),
                        ],
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
                return Err(CliError::input(t(
                    "import-google-missing",
                    &[
                        ("total", &progress.total.to_string()),
                        ("progress", &progress.to_string()),
                        ("missing", &missing.join(", ")),
                    ],
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
        return Err(CliError::input(t("import-none", &[])));
    }
    let mut vault = v.open()?;
    let preview = vault.import_preview(&all);
    print_preview(&preview);
    if all.accounts.is_empty() {
        return Err(CliError::input(t("import-none-importable", &[])));
    }
    let present = preview
        .rows
        .iter()
        .filter(|r| matches!(r.action, PreviewAction::AlreadyPresent { .. }))
        .count();
    if preview.to_add() == 0 {
        let args = [("added", "0"), ("present", &*present.to_string())];
        println!("{}", t("import-done", &args));
        return Ok(());
    }
    crate::prompt::confirm(
        &t(
            "import-confirm",
            &[("count", &preview.to_add().to_string())],
        ),
        a.yes,
    )?;
    let mut added = 0;
    let now = clock::now_ms();
    for a in &all.accounts {
        let name = crate::output::name(&a.credential);
        match vault.add_imported(a, now).map_err(|e| {
            CliError::input(t(
                "import-failed",
                &[("name", &name), ("error", &sentence(e))],
            ))
        })? {
            AddOutcome::AlreadyPresent(_) => {}
            AddOutcome::Added(_) | AddOutcome::AddedWithConflict { .. } => added += 1,
        }
    }
    save(&mut vault)?;
    let args = [
        ("added", added.to_string()),
        ("present", present.to_string()),
    ];
    println!("{}", crate::i18n::t_owned("import-done", &args));
    Ok(())
}

/// One line per entry: `+` added, `=` already present, `!` not importable.
fn print_preview(p: &ImportPreview) {
    for r in &p.rows {
        let name = crate::output::safe_text(&r.name);
        let line = match &r.action {
            PreviewAction::Add => format!("  + {name}"),
            PreviewAction::AddBesideSameName { .. } => {
                format!("  + {}", t("preview-same-name", &[("name", &name)]))
            }
            PreviewAction::AlreadyPresent { name: here, .. } => {
                let here = crate::output::safe_text(here);
                format!(
                    "  = {}",
                    t("preview-present", &[("name", &name), ("here", &here)])
                )
            }
            PreviewAction::RepeatedInFile => {
                format!("  = {}", t("preview-repeated", &[("name", &name)]))
            }
            PreviewAction::NotImportable(why) => format!(
                "  ! {}",
                t(
                    "preview-not-importable",
                    &[("name", &name), ("why", &reason(why))]
                )
            ),
        };
        println!("{line}");
    }
}

/// Why an entry cannot be imported, in the user's language.
fn reason(why: &kulcs_core::import::NotImportableReason) -> String {
    use kulcs_core::import::NotImportableReason as R;
    match why {
        R::UnsupportedType { kind } => t(
            "import-why-type",
            &[("kind", &crate::output::safe_text(kind))],
        ),
        R::UnknownAlgorithm { name } => t(
            "import-why-algorithm",
            &[("name", &crate::output::safe_text(name))],
        ),
        R::BadKey(e) => t("import-why-key", &[("error", &sentence(e.clone()))]),
        R::KeyNotBase64 => t("import-why-base64", &[]),
        R::BadParams(e) => t("import-why-params", &[("error", &sentence(e.clone()))]),
        R::BadUri(e) => t("import-why-uri", &[("error", &sentence(e.clone()))]),
        R::Unreadable => t("import-why-unreadable", &[]),
        R::EncryptedBySource => t("import-why-encrypted", &[]),
    }
}
