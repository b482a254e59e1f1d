//! Owns the JSON shape of every record the shell reads: the bindings' records (code rows, add
//! outcomes, verify matches, duplicate groups, transfer progress, import previews) as plain
//! objects with the bindings' field names in snake_case.

use kulcs_ffi::{
    AddOutcome, BackupInfo, CodeRow, DuplicateGroup, ImportEntry, OtpParams, ParsedUri,
    RefusedImportEntry, TransferImport, TransferProgress, VerifyMatch,
};
use serde_json::{json, Value};

/// A code list row.
pub fn code_row(r: &CodeRow) -> Value {
    json!({
        "id": r.id, "display_name": r.display_name, "issuer": r.issuer, "label": r.label,
        "groups": r.groups, "kind": format!("{:?}", r.kind), "code": r.code,
        "code_grouped": r.code_grouped, "code_spoken": r.code_spoken, "next_code": r.next_code,
        "next_grouped": r.next_grouped, "next_spoken": r.next_spoken,
        "seconds_left": r.seconds_left, "period": r.period, "progress": r.progress,
        "expiring": r.expiring, "counter": r.counter, "has_note": r.has_note,
        "duplicate": r.duplicate,
    })
}

/// What one add did: `{"outcome": "Added"|"AlreadyPresent"|"AddedWithConflict", "id", "conflicts_with"}`.
pub fn add_outcome(o: &AddOutcome) -> Value {
    match o {
        AddOutcome::Added { id } => json!({"outcome": "Added", "id": id, "conflicts_with": []}),
        AddOutcome::AlreadyPresent { id } => {
            json!({"outcome": "AlreadyPresent", "id": id, "conflicts_with": []})
        }
        AddOutcome::AddedWithConflict { id, conflicts_with } => {
            json!({"outcome": "AddedWithConflict", "id": id, "conflicts_with": conflicts_with})
        }
    }
}

/// A list of add outcomes.
pub fn add_outcomes(o: &[AddOutcome]) -> Value {
    Value::Array(o.iter().map(add_outcome).collect())
}

/// An entry a typed code matched.
pub fn verify_match(m: &VerifyMatch) -> Value {
    json!({"id": m.id, "step_offset": m.step_offset})
}

/// Entries sharing a name.
pub fn duplicate_group(g: &DuplicateGroup) -> Value {
    json!({"issuer": g.issuer, "label": g.label, "accounts": g.accounts, "newest": g.newest})
}

/// How codes are made.
pub fn params(p: &OtpParams) -> Value {
    json!({
        "kind": format!("{:?}", p.kind), "algorithm": format!("{:?}", p.algorithm),
        "digits": p.digits, "period": p.period, "counter": p.counter,
    })
}

/// The account a scanned `otpauth://` code would add (no key).
pub fn parsed_uri(p: &ParsedUri) -> Value {
    json!({
        "issuer": p.issuer, "label": p.label, "params": params(&p.params),
        "key_bits": p.key.bits(), "key_short": p.key.is_short(),
    })
}

/// Transfer frames received so far.
pub fn transfer_progress(p: &TransferProgress) -> Value {
    json!({"received": p.received, "total": p.total, "was_new": p.was_new})
}

/// What importing a transfer did.
pub fn transfer_import(i: &TransferImport) -> Value {
    json!({
        "added": i.added, "already_present": i.already_present, "conflicts": i.conflicts,
        "joined_sync": i.joined_sync,
    })
}

/// One account of another app's export.
pub fn import_entry(e: &ImportEntry) -> Value {
    json!({
        "display_name": e.display_name, "issuer": e.issuer, "label": e.label,
        "params": params(&e.params), "groups": e.groups, "has_note": e.has_note,
        "favourite": e.favourite,
    })
}

/// An entry of an export that cannot be imported.
pub fn refused_entry(e: &RefusedImportEntry) -> Value {
    json!({"name": e.name, "kind": e.kind.name(), "reason": e.reason})
}

/// What a Kulcs backup holds.
pub fn backup_info(b: &BackupInfo) -> Value {
    json!({"version": b.version, "created_ms": b.created_ms, "accounts": b.accounts})
}
