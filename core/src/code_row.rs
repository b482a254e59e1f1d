//! Owns what one line of the code list shows (a [`CodeRow`]), built from the vault at the raw device time, and the list's search and group filter.
//!
//! Every shell shows exactly these fields: the display name is
//! [`Credential::display_name`](crate::credential::Credential::display_name), the grouped and
//! spoken forms are [`crate::code_text`]'s, the next code appears only while the current one is
//! expiring ([`crate::otp::is_expiring_soon`]), and the vault's clock offset is added here, so a
//! shell passes its raw clock and adds nothing.

use crate::account::{Account, AccountId};
use crate::code_text::{display_code, spoken_code};
use crate::otp::OtpKind;
use crate::vault::{Vault, VaultError};

/// One line of the code list.
#[derive(Clone, PartialEq)]
pub struct CodeRow {
    /// The account.
    pub id: AccountId,
    /// `Issuer (label)`, or whichever exists.
    pub display_name: String,
    /// The service.
    pub issuer: String,
    /// The account name.
    pub label: String,
    /// Its groups.
    pub groups: Vec<String>,
    /// TOTP, HOTP or Steam.
    pub kind: OtpKind,
    /// The current code, raw (what the copy button puts on the clipboard).
    pub code: String,
    /// The current code grouped for the screen ("461 751").
    pub code_grouped: String,
    /// The current code as a screen reader says it ("4 6 1, 7 5 1").
    pub code_spoken: String,
    /// The next code, only while the current one is expiring.
    pub next_code: Option<String>,
    /// The next code grouped, only while expiring.
    pub next_grouped: Option<String>,
    /// The next code spoken, only while expiring.
    pub next_spoken: Option<String>,
    /// Seconds the current code stays valid (0 for HOTP).
    pub seconds_left: u32,
    /// The step length in seconds (0 for HOTP).
    pub period: u32,
    /// The fraction of the period elapsed, 0 to 1 (0 for HOTP).
    pub progress: f32,
    /// Show the next code and the warning colour now.
    pub expiring: bool,
    /// The HOTP counter the code was made from (`None` for time-based codes).
    pub counter: Option<u64>,
    /// A private note is stored.
    pub has_note: bool,
    /// Another entry has the same issuer and label (offer the duplicates screen).
    pub duplicate: bool,
}

impl std::fmt::Debug for CodeRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CodeRow")
            .field("id", &self.id)
            .field("display_name", &self.display_name)
            .field("seconds_left", &self.seconds_left)
            .field("expiring", &self.expiring)
            .field("duplicate", &self.duplicate)
            .finish_non_exhaustive()
    }
}

/// The row of account `id` at the raw device time `device_unix` (the vault's offset is added).
pub fn code_row(vault: &Vault, id: AccountId, device_unix: i64) -> Result<CodeRow, VaultError> {
    let account = vault
        .account(id)
        .ok_or_else(|| VaultError::AccountNotFound { id: id.to_string() })?;
    row(vault, account, device_unix, &duplicate_ids(vault))
}

/// The rows of every account matching `query` ([`matches_query`]) and in `group` (exact
/// name), in the order added, at the raw device time `device_unix`. `None` or a blank query
/// matches everything; `None` as group means all groups.
pub fn code_rows(
    vault: &Vault,
    device_unix: i64,
    query: Option<&str>,
    group: Option<&str>,
) -> Result<Vec<CodeRow>, VaultError> {
    let duplicates = duplicate_ids(vault);
    vault
        .accounts()
        .iter()
        .filter(|a| group.is_none_or(|g| a.groups.iter().any(|x| x == g)))
        .filter(|a| query.is_none_or(|q| matches_query(a, q)))
        .map(|a| row(vault, a, device_unix, &duplicates))
        .collect()
}

/// Every group in use, once, sorted by [`fold`]ed name (so `Állam` sorts with the A's).
pub fn groups(vault: &Vault) -> Vec<String> {
    let mut all: Vec<String> = vault
        .accounts()
        .iter()
        .flat_map(|a| a.groups.iter().cloned())
        .collect();
    all.sort_by(|a, b| fold(a).cmp(&fold(b)).then_with(|| a.cmp(b)));
    all.dedup();
    all
}

/// True when every word of `query` occurs in the account's issuer, label or a group, compared
/// by [`fold`]: "ugyfel" finds "Ügyfélkapu+", "orzo urlap" finds "Őrző Űrlap".
pub fn matches_query(account: &Account, query: &str) -> bool {
    let c = &account.credential;
    let haystack = fold(&format!(
        "{}\n{}\n{}",
        c.issuer,
        c.label,
        account.groups.join("\n")
    ));
    fold(query)
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// Lower case without accents: the search key of a name. Covers Hungarian (á é í ó ö ő ú ü
/// ű) and the other Latin letters with diacritics a service name commonly has.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'ă' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ő' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' | 'č' | 'ć' => 'c',
            'ñ' | 'ń' | 'ň' => 'n',
            'š' | 'ś' => 's',
            'ž' | 'ź' | 'ż' => 'z',
            'ř' => 'r',
            'ł' => 'l',
            'ď' => 'd',
            'ť' => 't',
            other => other,
        })
        .collect()
}

fn duplicate_ids(vault: &Vault) -> Vec<AccountId> {
    vault
        .duplicates()
        .into_iter()
        .flat_map(|g| g.accounts)
        .collect()
}

fn row(
    vault: &Vault,
    a: &Account,
    device_unix: i64,
    duplicates: &[AccountId],
) -> Result<CodeRow, VaultError> {
    let w = vault.code_window(a.id, device_unix)?;
    let c = &a.credential;
    let (seconds_left, period) = (w.valid_for.unwrap_or(0), w.period.unwrap_or(0));
    let progress = if period == 0 {
        0.0
    } else {
        (period.saturating_sub(seconds_left) as f32 / period as f32).clamp(0.0, 1.0)
    };
    let expiring = w.expiring_soon && c.params.kind != OtpKind::Hotp;
    let next = expiring.then(|| w.next.as_str().to_string());
    Ok(CodeRow {
        id: a.id,
        display_name: c.display_name(),
        issuer: c.issuer.clone(),
        label: c.label.clone(),
        groups: a.groups.clone(),
        kind: c.params.kind,
        code: w.code.as_str().to_string(),
        code_grouped: display_code(w.code.as_str()),
        code_spoken: spoken_code(w.code.as_str()),
        next_grouped: next.as_deref().map(display_code),
        next_spoken: next.as_deref().map(spoken_code),
        next_code: next,
        seconds_left,
        period,
        progress,
        expiring,
        counter: (c.params.kind == OtpKind::Hotp).then_some(c.params.counter),
        has_note: a.note.is_some(),
        duplicate: duplicates.contains(&a.id),
    })
}
