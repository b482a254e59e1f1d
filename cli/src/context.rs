//! The vault a command works on: its path, the device key store, opening (or creating) and saving
//! it, and the sealed side files beside it (the transfer session; the sync state of older versions).

use std::cell::RefCell;
use std::path::PathBuf;

use kulcs_core::account::AccountId;
use kulcs_core::find::{find, Found};
use kulcs_core::sync::SyncState;
use kulcs_core::vault::{KeyStore, OpenWarning, SlotKind, Unlock, Vault, VaultError};

use crate::args::VaultArgs;
use crate::clock;
use crate::device_keys::DeviceKeys;
use crate::error::{sentence, CliError};
use crate::i18n::t;
use crate::input::{read_secret, stdin_is_tty};
use crate::private_file::{self, SIDE_FILE_CAP};
use zeroize::Zeroizing;

const SYNC_KEY_ID: &str = "kulcs-sync-state-v1";

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

fn xdg(var: &str, fallback: &str) -> Result<PathBuf, CliError> {
    match std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
    {
        Some(p) if p.is_absolute() => Ok(p),
        _ => home()
            .map(|h| h.join(fallback))
            .ok_or_else(|| CliError::usage(t("vault-no-home", &[("var", var)]))),
    }
}

/// The vault options of the command line (`--vault`, `--passphrase`, `--recovery`) and what
/// follows from them: where the vault and its side files are, and how to open it.
pub struct Context<'a> {
    args: &'a VaultArgs,
    /// The passphrase or recovery code once typed, so the vault can be closed while the user
    /// answers a question and opened again without asking twice.
    typed: RefCell<Option<Zeroizing<String>>>,
}

impl<'a> Context<'a> {
    /// Wraps the global vault options.
    pub fn new(args: &'a VaultArgs) -> Self {
        Context {
            args,
            typed: RefCell::new(None),
        }
    }

    /// The passphrase or recovery code: typed once, then remembered for this command.
    fn secret(&self, prompt: &str) -> Result<Zeroizing<String>, CliError> {
        if let Some(s) = self.typed.borrow().as_ref() {
            return Ok(s.clone());
        }
        let s = read_secret(prompt)?;
        *self.typed.borrow_mut() = Some(s.clone());
        Ok(s)
    }

    /// The vault path: `--vault`, else `$KULCS_VAULT`, else the XDG data directory.
    pub fn vault_path(&self) -> Result<PathBuf, CliError> {
        if let Some(p) = &self.args.vault {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os("KULCS_VAULT").filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        Ok(xdg("XDG_DATA_HOME", ".local/share")?
            .join("kulcs")
            .join("vault.kulcs"))
    }

    /// The desktop device key (also seals the side files): the file `$KULCS_KEY_FILE` if set;
    /// else the OS keyring or the file `$XDG_CONFIG_HOME/kulcs/device.key`, as
    /// [`crate::device_keys::select`] decides.
    pub fn key_store(&self) -> Result<DeviceKeys, CliError> {
        if let Some(p) = std::env::var_os("KULCS_KEY_FILE").filter(|p| !p.is_empty()) {
            return crate::device_keys::select(PathBuf::from(p), true);
        }
        crate::device_keys::select(
            xdg("XDG_CONFIG_HOME", ".config")?
                .join("kulcs")
                .join("device.key"),
            false,
        )
    }

    /// Opens the vault, creating it (with a device key) on first use. Never creates over
    /// anything that exists.
    pub fn open(&self) -> Result<Vault, CliError> {
        self.open_or_create().map(|(v, _)| v)
    }

    /// [`Context::open`], also telling whether the vault was created just now.
    pub fn open_or_create(&self) -> Result<(Vault, bool), CliError> {
        let path = self.vault_path()?;
        let keys = self.key_store()?;
        if !Vault::exists(&path).map_err(vault_error)? {
            if self.args.passphrase || self.args.recovery {
                return Err(CliError::input(t(
                    "vault-none-at",
                    &[("path", &path.display().to_string())],
                )));
            }
            keys.check()?;
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                crate::private_file::create_private_dir(dir)?;
            }
            match Vault::create(&path, &keys, clock::now_ms()) {
                Ok(v) => {
                    eprintln!(
                        "kulcs: {}",
                        t(
                            "vault-created",
                            &[
                                ("path", &path.display().to_string()),
                                ("keys", &keys.describe())
                            ]
                        )
                    );
                    return Ok((v, true));
                }
                // Another kulcs process created it a moment ago: open theirs.
                Err(VaultError::AlreadyExists { .. }) => {}
                Err(e) => return Err(vault_error(e)),
            }
        }
        let secret;
        let unlock = if self.args.passphrase {
            secret = self.secret(&t("prompt-passphrase", &[]))?;
            Unlock::Passphrase(&secret)
        } else if self.args.recovery {
            secret = self.secret(&t("prompt-recovery", &[]))?;
            Unlock::Recovery(&secret)
        } else {
            keys.check()?;
            Unlock::Device(&keys)
        };
        let (v, report) = Vault::open(&path, unlock).map_err(|e| match e {
            VaultError::KeyStore(k) => CliError::input(t(
                "vault-keystore-failed",
                &[("error", sentence(k).trim_end_matches('.'))],
            )),
            VaultError::NoSlotOfKind {
                kind: SlotKind::Device,
            } => CliError::input(t("vault-no-device-slot", &[])),
            _ if std::fs::metadata(&path).is_ok_and(|m| m.len() == 0) => CliError::input(t(
                "vault-zero-bytes",
                &[("path", &path.display().to_string())],
            )),
            other => vault_error(other),
        })?;
        for w in &report.warnings {
            eprintln!("kulcs: {}", open_warning(w));
        }
        let mut v = v;
        attach_backups(&mut v);
        Ok((v, false))
    }

    /// Opens the vault like [`Context::open`], but a missing vault is an error instead of
    /// being created empty.
    pub fn open_existing(&self) -> Result<Vault, CliError> {
        let path = self.vault_path()?;
        if !Vault::exists(&path).map_err(|e| CliError::input(sentence(e)))? {
            return Err(CliError::input(t(
                "vault-missing",
                &[("path", &path.display().to_string())],
            )));
        }
        self.open()
    }

    /// Opens the existing vault (never creating one) and finds the account `query` names: an
    /// id prefix or words of its issuer, label or groups ([`find`]). When several match, a
    /// terminal user picks one from a numbered list (the vault is closed while they choose);
    /// otherwise the list is the error.
    pub fn open_account(&self, query: &str) -> Result<(Vault, AccountId), CliError> {
        let v = self.open_existing()?;
        let ids = match find(&v, query) {
            Found::One(id) => return Ok((v, id)),
            Found::None => {
                return Err(CliError::input(t(
                    "find-none",
                    &[("query", &quoted(query))],
                )))
            }
            Found::Many(ids) => ids,
        };
        let list = numbered(&v, &ids);
        if !stdin_is_tty() {
            return Err(CliError::input(format!(
                "{}\n{list}{}",
                t(
                    "find-many",
                    &[("count", &ids.len().to_string()), ("query", &quoted(query))]
                ),
                t("find-more", &[])
            )));
        }
        eprint!(
            "{}\n{list}",
            t(
                "find-many",
                &[("count", &ids.len().to_string()), ("query", &quoted(query))]
            )
        );
        drop(v);
        let choice = crate::prompt::ask_number(&t("find-which", &[]), ids.len().min(MAX_LISTED))?;
        let v = self.open_existing()?;
        let id = ids[choice - 1];
        if v.account(id).is_none() {
            return Err(CliError::input(t("find-removed-meanwhile", &[])));
        }
        Ok((v, id))
    }

    /// Closes the vault while the user answers `question` (so other commands are not locked
    /// out), then opens it again. `--yes` answers without closing.
    pub fn confirm_unlocked(&self, v: Vault, question: &str, yes: bool) -> Result<Vault, CliError> {
        if yes {
            return Ok(v);
        }
        drop(v);
        crate::prompt::confirm(question, false)?;
        self.open_existing()
    }

    /// A file beside the vault: the vault's name plus `suffix`.
    pub fn side_path(&self, suffix: &str) -> Result<PathBuf, CliError> {
        let p = self.vault_path()?;
        let mut name = p.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(suffix);
        Ok(p.with_file_name(name))
    }

    /// Reads a secret side file (session or sync state) sealed with the device key.
    pub fn read_sealed(
        &self,
        suffix: &str,
        key_id: &str,
    ) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, CliError> {
        let path = self.side_path(suffix)?;
        match private_file::read_capped_opt(&path, SIDE_FILE_CAP)? {
            Some(bytes) => self
                .key_store()?
                .unwrap(key_id, &bytes)
                .map(Some)
                .map_err(|e| CliError::input(format!("{}: {}", path.display(), sentence(e)))),
            None => Ok(None),
        }
    }

    /// Writes a secret side file sealed with the device key, crash-safely, readable by the user
    /// only.
    pub fn write_sealed(&self, suffix: &str, key_id: &str, plain: &[u8]) -> Result<(), CliError> {
        let path = self.side_path(suffix)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_file::create_private_dir(dir)?;
        }
        let sealed = self
            .key_store()?
            .wrap(key_id, plain)
            .map_err(|e| CliError::input(sentence(e)))?;
        Ok(private_file::write_private(&path, &sealed)?)
    }

    /// Deletes a side file if present.
    pub fn remove_side(&self, suffix: &str) {
        if let Ok(p) = self.side_path(suffix) {
            let _ = std::fs::remove_file(p);
        }
    }

    /// The sync membership of this vault, if any. It lives inside the vault's encrypted
    /// contents; a membership that an older Kulcs kept in the side file `<vault>.sync` (sealed by
    /// the device key) is moved into the vault here, once, and the side file deleted after the
    /// vault was saved.
    pub fn sync_state(&self, vault: &mut Vault) -> Result<Option<SyncState>, CliError> {
        if let Some(s) = SyncState::load(vault).map_err(|e| CliError::input(sentence(e)))? {
            return Ok(Some(s));
        }
        let old = match self.read_sealed(".sync", SYNC_KEY_ID) {
            Ok(Some(b)) => b,
            Ok(None) => return Ok(None),
            Err(e) => {
                return Err(CliError::input(t(
                    "sync-old-settings-unreadable",
                    &[("error", &e.message)],
                )))
            }
        };
        let s = SyncState::from_bytes(&old).map_err(|e| CliError::input(sentence(e)))?;
        if s.device != vault.device_id() {
            return Err(CliError::input(t("sync-old-settings-foreign", &[])));
        }
        self.save_sync_state(vault, &s)?;
        self.remove_side(".sync");
        Ok(Some(s))
    }

    /// Saves the sync membership inside the vault (one crash-safe vault write).
    pub fn save_sync_state(&self, vault: &mut Vault, s: &SyncState) -> Result<(), CliError> {
        s.store(vault);
        save(vault)
    }
}

/// A vault error as the sentence the user sees.
pub fn vault_error(e: VaultError) -> CliError {
    match e {
        VaultError::WrongKeyOrDamaged => CliError::input(t("vault-wrong-key", &[])),
        VaultError::AmbiguousId { .. } | VaultError::AccountNotFound { .. } => {
            CliError::input(sentence(e))
        }
        other => CliError::input(sentence(other)),
    }
}

/// Saves the vault crash-safely; on failure the sentence says the file on disk is unchanged.
/// A save also writes the automatic backup; when that failed, the user is told (the change
/// itself is saved).
pub fn save(v: &mut Vault) -> Result<(), CliError> {
    v.save()
        .map_err(|e| CliError::input(format!("{} {}", sentence(e), t("vault-unchanged", &[]))))?;
    warn_backup_failure(v);
    Ok(())
}

/// Makes every save of `v` write its automatic backup into the folder of its setting.
pub fn attach_backups(v: &mut Vault) {
    if let Some(folder) = v.auto_backup().map(|b| PathBuf::from(&b.folder)) {
        kulcs_core::backups::attach(v, kulcs_core::sync::DirFolder::new(folder));
    }
}

/// After a save: says on standard error that the automatic backup failed, and why.
pub fn warn_backup_failure(v: &Vault) {
    if let Some(b) = v.auto_backup() {
        if let Some(f) = &b.failure {
            eprintln!(
                "kulcs: {}",
                t(
                    "backup-auto-failed",
                    &[("folder", &b.folder), ("reason", &f.reason)]
                )
            );
        }
    }
}

/// A warning of [`Vault::open`] in the user's language (core's English details in English).
fn open_warning(w: &OpenWarning) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    if !crate::i18n::is_hungarian() {
        return t("open-warning", &[("warning", &w.to_string())]);
    }
    match w {
        OpenWarning::NewestUnreadable {
            newest,
            opened,
            generations_back,
            ..
        } => t(
            "open-warning-newest-unreadable",
            &[
                ("newest", &path(newest)),
                ("opened", &path(opened)),
                ("back", &generations_back.to_string()),
            ],
        ),
        OpenWarning::InterruptedSave {
            opened,
            recovered_new: true,
        } => t("open-warning-recovered", &[("opened", &path(opened))]),
        OpenWarning::InterruptedSave { opened, .. } => {
            t("open-warning-interrupted", &[("opened", &path(opened))])
        }
    }
}

/// At most this many candidates are listed.
pub const MAX_LISTED: usize = 20;

fn quoted(query: &str) -> String {
    format!("\"{}\"", crate::output::safe(query.trim()))
}

/// `  1) 3f2a1b4c  Issuer (label)` lines, one per candidate, at most [`MAX_LISTED`].
fn numbered(v: &Vault, ids: &[AccountId]) -> String {
    let mut out = String::new();
    for (n, id) in ids.iter().take(MAX_LISTED).enumerate() {
        out.push_str(&format!(
            "  {}) {}  {}\n",
            n + 1,
            crate::output::short_id(v, *id),
            crate::output::name_of(v, *id)
        ));
    }
    if ids.len() > MAX_LISTED {
        let more = (ids.len() - MAX_LISTED).to_string();
        out.push_str(&format!("  {}\n", t("find-and-more", &[("count", &more)])));
    }
    out
}
