//! How a one-time code is shown and read aloud: the grouping rule ("461 751") and the
//! screen-reader text ("4 6 1, 7 5 1"). One rule for the Android, iOS and desktop shells, so a
//! TalkBack and a VoiceOver user hear the same thing and every screen groups digits alike.

/// Splits `code` into the groups a person reads: up to 5 characters stay one group (Steam's
/// 5 letters); longer codes are cut into groups of at most 4, as even as possible, larger groups
/// first: 6 → 3+3, 7 → 4+3, 8 → 4+4, 9 → 3+3+3, 10 → 4+3+3.
pub fn group_code(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().filter(|c| !c.is_whitespace()).collect();
    let len = chars.len();
    if len <= 5 {
        return if len == 0 {
            Vec::new()
        } else {
            vec![chars.into_iter().collect()]
        };
    }
    let groups = len.div_ceil(4);
    let (base, extra) = (len / groups, len % groups);
    let mut out = Vec::with_capacity(groups);
    let mut start = 0;
    for g in 0..groups {
        let size = base + usize::from(g < extra);
        out.push(chars[start..start + size].iter().collect());
        start += size;
    }
    out
}

/// The code as a screen shows it: its groups joined by one space ("461 751").
pub fn display_code(code: &str) -> String {
    group_code(code).join(" ")
}

/// The code as a screen reader should say it: one character at a time, a pause (comma) between
/// groups: "4 6 1, 7 5 1". Used as the content description / accessibility label of a code.
pub fn spoken_code(code: &str) -> String {
    group_code(code)
        .iter()
        .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_read_as_two_groups_of_three() {
        assert_eq!(display_code("461751"), "461 751");
        assert_eq!(spoken_code("461751"), "4 6 1, 7 5 1");
    }

    #[test]
    fn group_sizes_for_every_length() {
        let sizes = |n: usize| {
            group_code(&"1".repeat(n))
                .iter()
                .map(String::len)
                .collect::<Vec<_>>()
        };
        assert_eq!(sizes(5), vec![5]);
        assert_eq!(sizes(6), vec![3, 3]);
        assert_eq!(sizes(7), vec![4, 3]);
        assert_eq!(sizes(8), vec![4, 4]);
        assert_eq!(sizes(9), vec![3, 3, 3]);
        assert_eq!(sizes(10), vec![4, 3, 3]);
    }

    #[test]
    fn steam_codes_and_spaces() {
        assert_eq!(spoken_code("K7X2B"), "K 7 X 2 B");
        assert_eq!(display_code("461 751"), "461 751");
        assert_eq!(spoken_code(""), "");
        assert_eq!(spoken_code("12345678"), "1 2 3 4, 5 6 7 8");
    }
}
