//! The integration tests of the `kulcs` binary, in one test binary: every module runs the
//! binary as a user would and checks its output, exit code and files.

/// The shared harness: the binary under test, temporary homes, the no-panic check.
mod support;

/// `backup auto|test` and `status`: a backup after every change, the last N, a broken folder.
mod backup_auto_cli;
/// The commands without a vault (`code`, `scan`): outputs, exit codes, no panic on any input,
/// hostile text never printed raw.
mod cli;
/// Right by default: each scenario of issue 14's item 4 as the user hit it.
mod defaults_cli;
/// `devices`: the member list, names, last seen, removal of a lost device.
mod devices_cli;
/// Completions, the man page and `scan --json`.
mod ecosystem_cli;
/// `export --format kulcs|aegis|otpauth|json` and `backup verify|restore`: 0600 files, read back,
/// nothing left on failure, restore merges without touching the vault passphrase.
mod export_cli;
/// Finding an account by name: queries wherever an id is taken, `code QUERY`, `--copy`,
/// `--fresh`, `codes QUERY --group`.
mod find_cli;
/// Hungarian when LC_ALL/LC_MESSAGES/LANG asks for it, English otherwise.
mod hungarian_cli;
/// `import` of other apps' real export files: groups kept, nothing doubled, clear refusals.
mod import_cli;
/// Secrets at rest and in argv: 0600 files, key files others can read, `-` for stdin, capped
/// reads, first use, and the key store (keyring or file).
mod secrets_cli;
/// `backup sheet`: the emergency sheet PDF, its text, and the recovery code printed on it.
mod sheet_cli;
/// `sync` names changed fields and conflicts; `show` lists them, `--clear-conflicts` clears.
mod sync_fields_cli;
/// `transfer` attacks (substituted offers, foreign frames, a ground offer), the code ledger,
/// and sync invitations, driven through image files without a terminal.
mod transfer_cli;
/// The whole transfer, two-device `sync` through a folder, and `export`/`import` of a
/// Google export.
mod transfer_sync_cli;
/// The stateful vault commands, each test in its own home: add, list, codes, duplicates,
/// HOTP, confirmation, passphrase and recovery, damaged vaults, paths, `show --secret`.
mod vault_cli;
/// Eight concurrent processes and SIGKILL at random moments never lose a saved account.
mod vault_crash_cli;
/// The full-screen `codes --watch` through a pseudo-terminal, and duplicate marks in `codes`.
mod watch_cli;
