//! Owns the import preview: before anything is added, what each entry of an export file would
//! become in this vault (added, already present under a named entry, or not importable and why).

use super::{duplicates, Vault};
use crate::account::AccountId;
use crate::import::{ImportedFile, NotImportableReason};

/// What importing one entry of a file would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewAction {
    /// A new entry would be created.
    Add,
    /// A new entry would be created beside entries with the same issuer and label but another
    /// key (e.g. an old enrolment); the user may want to tidy up afterwards.
    AddBesideSameName {
        /// The existing entries with that name.
        existing: Vec<AccountId>,
    },
    /// The vault already holds this key with the same code settings: nothing is added.
    AlreadyPresent {
        /// The entry that holds it.
        id: AccountId,
        /// How that entry is named in the vault (it may differ from the file's name).
        name: String,
    },
    /// An earlier entry of the same file has this key: it is added once.
    RepeatedInFile,
    /// The entry cannot be imported.
    NotImportable(NotImportableReason),
}

/// One line of the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewRow {
    /// The entry's name as the file gives it (issuer and label).
    pub name: String,
    /// What would happen to it.
    pub action: PreviewAction,
}

/// The whole preview, in the file's order (the importable entries, then the refused ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPreview {
    /// One row per entry of the file.
    pub rows: Vec<PreviewRow>,
}

impl ImportPreview {
    /// How many entries would be added.
    pub fn to_add(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| {
                matches!(
                    r.action,
                    PreviewAction::Add | PreviewAction::AddBesideSameName { .. }
                )
            })
            .count()
    }
}

impl Vault {
    /// What [`Vault::add_imported`] would do with each entry of `file`, changing nothing.
    pub fn import_preview(&self, file: &ImportedFile) -> ImportPreview {
        let accounts = &self.contents.accounts;
        let mut rows = Vec::new();
        for (i, a) in file.accounts.iter().enumerate() {
            let c = &a.credential;
            let action = if let Some(id) = duplicates::find_same_key(accounts, c) {
                let name = accounts
                    .iter()
                    .find(|x| x.id == id)
                    .map(|x| x.credential.display_name())
                    .unwrap_or_default();
                PreviewAction::AlreadyPresent { id, name }
            } else if file.accounts[..i].iter().any(|e| {
                e.credential.secret == c.secret
                    && duplicates::same_code_params(&e.credential.params, &c.params)
            }) {
                PreviewAction::RepeatedInFile
            } else {
                match duplicates::find_conflicts(accounts, c) {
                    existing if existing.is_empty() => PreviewAction::Add,
                    existing => PreviewAction::AddBesideSameName { existing },
                }
            };
            rows.push(PreviewRow {
                name: c.display_name(),
                action,
            });
        }
        rows.extend(file.not_importable.iter().map(|n| PreviewRow {
            name: n.name.clone(),
            action: PreviewAction::NotImportable(n.reason.clone()),
        }));
        ImportPreview { rows }
    }
}
