//! The Kulcs core manual: design decisions and the reasons behind them (documentation only).
//!
//! This module holds no code. It records the decisions a reader of the core needs, the way
//! rustls keeps its manual: what was chosen, why, and what was rejected.
//!
//! One chapter per topic, numbered as the project has always cited them (§1–§9). The module
//! map, in dependency order, is [`docs/modules.md`](../../docs/modules.md) in the repository.

/// §1. Layers, and what each one may touch.
pub mod _01_layers;
/// §2. Secrets.
pub mod _02_secrets;
/// §3. Time.
pub mod _03_time;
/// §4. The vault.
pub mod _04_vault;
/// §5. Moving keys between devices.
pub mod _05_moving_keys;
/// §6. Errors.
pub mod _06_errors;
/// §7. Formats.
pub mod _07_formats;
/// §8. Coming in, leaving, and backups.
pub mod _08_interop_and_backups;
/// §9. Inputs from outside.
pub mod _09_hostile_input;
