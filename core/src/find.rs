//! Owns finding one account by what a user types: an id prefix, or words of its issuer, label or groups ([`crate::code_row::matches_query`]), with every candidate when several match.

use crate::account::{Account, AccountId};
use crate::code_row::{fold, matches_query};
use crate::vault::Vault;

/// What a query found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Exactly one account.
    One(AccountId),
    /// Several accounts, in the order added: the user must choose.
    Many(Vec<AccountId>),
    /// No account matches.
    None,
}

/// Finds the account `query` names. In order:
/// 1. an id or unique id prefix of at least 8 hex digits (as `kulcs list` shows it) names that
///    account; a shorter one that is also a word of some name is one candidate more;
/// 2. otherwise every account whose issuer, label or groups hold every word of the query
///    (accent- and case-blind, [`matches_query`]) is a candidate;
/// 3. of several candidates, the one whose issuer, label, display name or a group *is* the
///    query (folded; for a label `user@domain` also the user part) wins, so `ugyfel1` is not ambiguous beside `ugyfel17`; when none or several
///    are that exact, all candidates come back.
pub fn find(vault: &Vault, query: &str) -> Found {
    let q = query.trim();
    if q.is_empty() {
        return Found::None;
    }
    let by_id = vault.resolve(q).ok();
    let candidates: Vec<&Account> = vault
        .accounts()
        .iter()
        .filter(|a| Some(a.id) == by_id || matches_query(a, q))
        .collect();
    if let Some(id) = by_id {
        // A full 8-character prefix is an id; a shorter hex word ("bad") may be a name too.
        if q.len() >= 8 || candidates.len() == 1 {
            return Found::One(id);
        }
    }
    match candidates.as_slice() {
        [] => Found::None,
        [one] => Found::One(one.id),
        many => {
            let wanted = fold(q);
            let exact: Vec<AccountId> = many
                .iter()
                .filter(|a| is_exactly(a, &wanted))
                .map(|a| a.id)
                .collect();
            match exact.as_slice() {
                [one] => Found::One(*one),
                _ => Found::Many(many.iter().map(|a| a.id).collect()),
            }
        }
    }
}

fn is_exactly(a: &Account, folded_query: &str) -> bool {
    let c = &a.credential;
    // A label's user part counts too: `ugyfel1` is `ugyfel1@ugyfelkapu.gov.hu`.
    let user = c.label.split_once('@').map(|(u, _)| u.to_string());
    let display = c.display_name();
    let mut names: Vec<&String> = vec![&c.issuer, &c.label, &display];
    names.extend(user.as_ref());
    names.extend(a.groups.iter());
    names
        .into_iter()
        .any(|name| fold(name).trim() == folded_query)
}
