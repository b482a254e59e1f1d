//! Owns app databases copied from a (rooted) phone: Google Authenticator (`accounts`: email,
//! secret, counter, type), Microsoft Authenticator (`accounts`: name, username,
//! oath_secret_key, account_type) and Stratum (`authenticator`). The bytes are opened in
//! memory (SQLite's deserialize, read-only, no file written), the schema is checked before any
//! query, and a progress limit stops a hostile database that would run long.

use rusqlite::{Connection, OpenFlags, Row};

use super::entry::{build, collect, Extras, Fields, Key, NotImportable, NotImportableReason};
use super::{stratum, FileImportError, ImportedAccount, ImportedFile, Source};

const APP: &str = "app database";
/// Virtual-machine steps allowed per query (far above reading thousands of rows).
const STEP_LIMIT: i32 = 10_000_000;

fn damaged(e: impl std::fmt::Display) -> FileImportError {
    FileImportError::Malformed {
        app: APP,
        what: e.to_string(),
    }
}

fn open(bytes: &[u8]) -> Result<Connection, FileImportError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut db = Connection::open_in_memory_with_flags(flags).map_err(damaged)?;
    // A database copied from a phone is often in WAL mode (header bytes 18 and 19 = 2), which
    // an in-memory database cannot open; the copy holds what was checkpointed, so it is read
    // as a rollback-journal database (1, 1).
    let mut header = [0u8; 20];
    let head = bytes.len().min(20);
    header[..head].copy_from_slice(&bytes[..head]);
    if head == 20 {
        header[18] = 1;
        header[19] = 1;
    }
    let reader = std::io::Read::chain(&header[..head], &bytes[head..]);
    db.deserialize_read_exact("main", reader, bytes.len(), true)
        .map_err(damaged)?;
    db.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA cell_size_check = ON;")
        .map_err(damaged)?;
    let mut steps = 0i64;
    db.progress_handler(
        1000,
        Some(move || {
            steps += 1000;
            steps > i64::from(STEP_LIMIT)
        }),
    );
    Ok(db)
}

/// The columns of `table` when it is a real table (never a view, whose query could be anything).
fn columns(db: &Connection, table: &str) -> Result<Vec<String>, FileImportError> {
    let kind: Option<String> = match db.query_row(
        "SELECT type FROM sqlite_master WHERE name = ?1",
        [table],
        |r| r.get(0),
    ) {
        Ok(k) => Some(k),
        Err(rusqlite::Error::QueryReturnedNoRows) => None,
        Err(e) => return Err(damaged(e)),
    };
    if kind.as_deref() != Some("table") {
        return Ok(Vec::new());
    }
    let mut q = db
        .prepare("SELECT name FROM pragma_table_info(?1)")
        .map_err(damaged)?;
    let names = q
        .query_map([table], |r| r.get::<_, String>(0))
        .map_err(damaged)?;
    names.collect::<Result<_, _>>().map_err(damaged)
}

fn has(columns: &[String], want: &[&str]) -> bool {
    want.iter().all(|w| columns.iter().any(|c| c == w))
}

/// A text column, also when stored as a number; "" for NULL.
fn text(r: &Row<'_>, i: usize) -> String {
    use rusqlite::types::ValueRef;
    match r.get_ref(i) {
        Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
        Ok(ValueRef::Integer(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn int(r: &Row<'_>, i: usize) -> Option<u64> {
    r.get::<_, Option<i64>>(i)
        .ok()
        .flatten()
        .and_then(|n| u64::try_from(n).ok())
}

type Entry = Result<ImportedAccount, NotImportable>;

fn rows(
    db: &Connection,
    sql: &str,
    f: impl Fn(&Row<'_>) -> Entry,
) -> Result<Vec<Entry>, FileImportError> {
    let mut q = db.prepare(sql).map_err(damaged)?;
    let mut out = Vec::new();
    let mut it = q.query([]).map_err(damaged)?;
    while let Some(r) = it.next().map_err(damaged)? {
        out.push(f(r));
    }
    Ok(out)
}

fn google(r: &Row<'_>) -> Entry {
    let email = text(r, 0);
    let label = match email.split(':').collect::<Vec<_>>()[..] {
        [_, name] => name.to_string(),
        _ => email.clone(),
    };
    let issuer = text(r, 4);
    if int(r, 5).is_some_and(|e| e > 0) {
        return Err(NotImportable {
            name: format!("{issuer} ({label})"),
            reason: NotImportableReason::EncryptedBySource,
        });
    }
    let kind = match int(r, 3) {
        Some(0) => "totp",
        Some(1) => "hotp",
        _ => "unknown",
    };
    build(Fields {
        issuer: &issuer,
        label: &label,
        key: Key::Base32(&text(r, 1)),
        kind,
        algorithm: None,
        digits: None,
        period: None,
        counter: int(r, 2),
        extras: Extras::default(),
    })
}

fn microsoft(r: &Row<'_>) -> Entry {
    let secret = text(r, 2);
    let (key, digits, kind) = match int(r, 3) {
        Some(0) => (Key::Base32(&secret), 6, "totp"),
        Some(1) => (Key::Base64(&secret), 8, "totp"),
        _ => (Key::Base32(&secret), 6, "Microsoft sign-in"),
    };
    build(Fields {
        issuer: &text(r, 0),
        label: &text(r, 1),
        key,
        kind,
        algorithm: None,
        digits: Some(digits),
        period: Some(30),
        counter: None,
        extras: Extras::default(),
    })
}

fn stratum_row(r: &Row<'_>) -> Entry {
    build(Fields {
        issuer: &text(r, 1),
        label: &text(r, 2),
        key: Key::Base32(&text(r, 3)),
        kind: stratum::kind(int(r, 0)),
        algorithm: Some(stratum::algorithm(int(r, 4))),
        digits: int(r, 5),
        period: int(r, 6),
        counter: int(r, 7),
        extras: Extras::default(),
    })
}

/// Reads a database of one of the known apps; any other schema is `Unrecognised`.
pub(super) fn read(bytes: &[u8]) -> Result<ImportedFile, FileImportError> {
    let db = open(bytes)?;
    let accounts = columns(&db, "accounts")?;
    let (source, entries) = if has(&accounts, &["email", "secret", "counter", "type", "issuer"]) {
        let encrypted = if has(&accounts, &["isencrypted"]) {
            "isencrypted"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT email, secret, counter, type, issuer, {encrypted} FROM accounts ORDER BY rowid"
        );
        (Source::GoogleAuthenticatorDb, rows(&db, &sql, google)?)
    } else if has(
        &accounts,
        &["name", "username", "oath_secret_key", "account_type"],
    ) {
        let sql =
            "SELECT name, username, oath_secret_key, account_type FROM accounts ORDER BY rowid";
        (Source::MicrosoftAuthenticatorDb, rows(&db, sql, microsoft)?)
    } else if has(
        &columns(&db, "authenticator")?,
        &[
            "type",
            "issuer",
            "username",
            "secret",
            "algorithm",
            "digits",
            "period",
            "counter",
        ],
    ) {
        let sql = "SELECT type, issuer, username, secret, algorithm, digits, period, counter FROM authenticator ORDER BY rowid";
        (Source::StratumDb, rows(&db, sql, stratum_row)?)
    } else {
        return Err(FileImportError::Unrecognised);
    };
    let (accounts, not_importable) = collect(entries);
    Ok(ImportedFile {
        source,
        accounts,
        not_importable,
    })
}
