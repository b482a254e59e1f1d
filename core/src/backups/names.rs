//! Owns the file names of automatic backups: `kulcs-backup-YYYYMMDD-HHMMSS-mmm[-N].kulcsbak`
//! (UTC, the time of the newest change they hold), which of a folder's names are ours, and
//! their order. Names a folder lists are untrusted: anything else is never read or deleted.

/// The start of every automatic backup's name.
pub const PREFIX: &str = "kulcs-backup-";
/// The end of every automatic backup's name.
pub const SUFFIX: &str = ".kulcsbak";

/// The civil date (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian).
fn civil(days: i64) -> (i64, u32, u32) {
    // Howard Hinnant's days_from_civil inverse; exact for every i64 day count used here.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The name for a backup of the state at `ms` (Unix milliseconds, UTC), the `seq`-th with that
/// time (0 for the first).
pub fn name_for(ms: u64, seq: u32) -> String {
    let secs = ms / 1000;
    let (y, mo, d) = civil((secs / 86_400) as i64);
    let t = secs % 86_400;
    let base = format!(
        "{PREFIX}{y:04}{mo:02}{d:02}-{:02}{:02}{:02}-{:03}",
        t / 3600,
        t / 60 % 60,
        t % 60,
        ms % 1000
    );
    if seq == 0 {
        format!("{base}{SUFFIX}")
    } else {
        format!("{base}-{seq}{SUFFIX}")
    }
}

/// The sort key of one of our names (its time text and sequence number); `None` for any other
/// name, which is then left alone.
pub fn sort_key(name: &str) -> Option<(String, u32)> {
    let middle = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let (stamp, seq) = match middle.get(19..) {
        Some("") => (middle, 0),
        Some(rest) => (&middle[..19], rest.strip_prefix('-')?.parse().ok()?),
        None => return None,
    };
    let shape = stamp.bytes().enumerate().all(|(i, b)| match i {
        8 | 15 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    (shape && stamp.len() == 19).then(|| (stamp.to_string(), seq))
}

/// Our names among `listed`, oldest first.
pub fn ours_oldest_first(listed: &[String]) -> Vec<String> {
    let mut ours: Vec<_> = listed
        .iter()
        .filter_map(|n| sort_key(n).map(|k| (k, n.clone())))
        .collect();
    ours.sort();
    ours.dedup_by(|a, b| a.1 == b.1);
    ours.into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_utc_times_that_sort_in_order() {
        // 2026-12-02 14:05:09.007 UTC, checked with `date -u -d @1796220309`.
        assert_eq!(
            name_for(1_796_220_309_007, 0),
            "kulcs-backup-20261202-140509-007.kulcsbak"
        );
        assert_eq!(name_for(0, 0), "kulcs-backup-19700101-000000-000.kulcsbak");
        // A leap day.
        assert_eq!(
            name_for(951_782_400_000, 2),
            "kulcs-backup-20000229-000000-000-2.kulcsbak"
        );
        let listed: Vec<String> = [
            name_for(2_000, 1),
            "notes.txt".into(),
            name_for(3_000, 0),
            name_for(2_000, 0),
            "kulcs-backup-../../etc.kulcsbak".into(),
            "kulcs-backup-20261202-140509-007-x.kulcsbak".into(),
            name_for(1_000, 0),
        ]
        .into();
        assert_eq!(
            ours_oldest_first(&listed),
            [
                name_for(1_000, 0),
                name_for(2_000, 0),
                name_for(2_000, 1),
                name_for(3_000, 0)
            ]
        );
    }
}
