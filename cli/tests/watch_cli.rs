//! The full-screen `kulcs codes --watch` (issue 14, item 2), driven through a real
//! pseudo-terminal (expectrl) at 80×24 with 40 Ügyfélkapu+ clients: first rows, search as you
//! type, paging to row 40, Enter copies (no clipboard here: the message says so), an account
//! added by another process appears, the clock-offset badge, duplicates marked, Hungarian, and
//! `q` leaves the alternate screen with status 0. Also the duplicate marks of plain `codes`,
//! and a QR code too big for the terminal (issue 14 item 4): said so, and the image named.

use std::time::Duration;

use expectrl::{Eof, Session, WaitStatus};

use crate::support::stdout;

type Home = crate::support::Home<crate::support::InRepo>;

/// A base32 key for client `i` (16 characters, distinct per client).
fn key(i: usize) -> String {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    (0..16)
        .map(|k| B32[(i * 7 + k * 13 + (i * k) % 5) % 32] as char)
        .collect()
}

/// A vault of 40 clients `ugyfelNN@ugyfelkapu.gov.hu`, imported in one go.
fn forty(name: &str) -> Home {
    let h = Home::new(name);
    let list: String = (1..=40)
        .map(|i| {
            format!(
                "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:ugyfel{i:02}%40ugyfelkapu.gov.hu?secret={}&issuer=%C3%9Cgyf%C3%A9lkapu%2B\n",
                key(i)
            )
        })
        .collect();
    let file = h.0.join("clients.txt");
    std::fs::write(&file, list).unwrap();
    h.ok(&["import", file.to_str().unwrap(), "--yes"]);
    h
}

/// A `kulcs` on an 80×24 pseudo-terminal and the screen it drew so far (a vt100 emulator:
/// ratatui moves the cursor over unchanged cells, so the raw bytes do not hold whole lines).
struct Tty {
    session: Session,
    screen: vt100::Parser,
    /// Everything received, for escape sequences such as leaving the alternate screen.
    raw: Vec<u8>,
}

impl Tty {
    /// `kulcs args` in `h`'s environment plus `env`.
    fn spawn(h: &Home, args: &[&str], env: &[(&str, &str)]) -> Tty {
        Tty::spawn_sized(h, args, env, (80, 24))
    }

    /// [`Tty::spawn`] on a terminal of `(columns, lines)`.
    fn spawn_sized(h: &Home, args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Tty {
        let mut c = std::process::Command::new(crate::support::kulcs_bin());
        c.args(args);
        h.isolate(&mut c);
        c.env("TERM", "xterm-256color");
        for (k, v) in env {
            c.env(k, v);
        }
        let mut session = Session::spawn(c).expect("spawn kulcs on a pty");
        session
            .get_process_mut()
            .set_window_size(size.0, size.1)
            .unwrap();
        Tty {
            session,
            screen: vt100::Parser::new(size.1, size.0, 0),
            raw: Vec::new(),
        }
    }

    /// Reads what is there without waiting.
    fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        while let Ok(n) = self.session.try_read(&mut buf) {
            if n == 0 {
                break;
            }
            self.screen.process(&buf[..n]);
            self.raw.extend_from_slice(&buf[..n]);
        }
    }

    /// Waits (up to 10 s) until the screen shows `text`.
    fn expect(&mut self, text: &str) {
        let end = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            self.pump();
            let shown = self.screen.screen().contents();
            if shown.contains(text) {
                return;
            }
            if std::time::Instant::now() > end {
                panic!("the screen never showed {text:?}; it shows:\n{shown}");
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
    }

    /// Sends `q` and checks the process ends with status 0 after leaving the alternate
    /// screen (crossterm's LeaveAlternateScreen is CSI ?1049l).
    fn quit(mut self) {
        self.send("q");
        let end = std::time::Instant::now() + Duration::from_secs(10);
        while !self.raw.windows(8).any(|w| w == b"\x1b[?1049l") {
            assert!(
                std::time::Instant::now() < end,
                "the alternate screen was not left"
            );
            self.pump();
            std::thread::sleep(Duration::from_millis(30));
        }
        let _ = self.session.expect(Eof);
        match self.session.get_process().wait().unwrap() {
            WaitStatus::Exited(_, 0) => {}
            other => panic!("kulcs codes --watch ended with {other:?}"),
        }
    }
}

#[test]
fn the_watch_screen_searches_pages_copies_and_leaves_cleanly() {
    let h = forty("watch_screen");
    let mut s = Tty::spawn(&h, &["codes", "--watch"], &[]);
    s.expect("kulcs: 40 accounts");
    assert!(
        s.raw.windows(8).any(|w| w == b"\x1b[?1049h"),
        "the alternate screen is used: no scrollback is pushed"
    );
    s.expect("ugyfel01@ugyfelkapu.gov.hu");
    // 24 lines: a header, 21 rows, the page line and a status line.
    s.expect("rows 1–21 of 40");
    // Paging: End selects the last client, and the screen scrolls to it.
    s.send("\x1b[F");
    s.expect("ugyfel40@ugyfelkapu.gov.hu");
    s.expect("rows 20–40 of 40");
    // Search as you type: one client is left.
    s.send("ugyfel17");
    s.expect("rows 1–1 of 1");
    // Enter copies; there is no clipboard in the test environment, which is said plainly.
    s.send("\r");
    s.expect("No clipboard to copy to here");
    // Esc clears the search; q then leaves.
    s.send("\x1b");
    s.expect("rows 1–21 of 40");
    s.quit();
}

#[test]
fn the_watch_screen_shows_an_account_added_meanwhile_and_marks_duplicates() {
    let h = forty("watch_reload");
    let mut s = Tty::spawn(&h, &["codes", "--watch", "ujugyfel"], &[]);
    s.expect("kulcs: 40 accounts");
    s.expect("No account matches the search.");
    // Another process adds a client with the name of an existing one (a failed enrolment).
    let dup = format!(
        "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:ujugyfel%40ugyfelkapu.gov.hu?secret={}&issuer=%C3%9Cgyf%C3%A9lkapu%2B",
        key(41)
    );
    h.ok(&["add", "--uri", &dup]);
    s.expect("kulcs: 41 accounts");
    s.expect("ujugyfel@ugyfelkapu.gov.hu");
    let again = dup.replace(&key(41), &key(42));
    h.ok(&["add", "--uri", &again]);
    s.expect("kulcs: 42 accounts");
    let shown = s.screen.screen().contents();
    let marked: Vec<&str> = shown.lines().filter(|l| l.contains(" dup ")).collect();
    assert_eq!(marked.len(), 2, "both same-named rows are marked:\n{shown}");
    assert_ne!(
        marked[0], marked[1],
        "and they differ by their short ids:\n{shown}"
    );
    // With a search typed, q is a letter of it: Esc clears the search first.
    s.send("q");
    s.expect("No account matches the search.");
    s.send("\x1b");
    s.expect("rows 1–21 of 42");
    s.quit();
}

#[test]
fn the_watch_screen_in_hungarian_with_the_offset_badge() {
    let h = forty("watch_hungarian");
    h.ok(&["offset", "120"]);
    let mut s = Tty::spawn(&h, &["codes", "--watch"], &[("LANG", "hu_HU.UTF-8")]);
    s.expect("kulcs: 40 fiók");
    s.expect("óraeltolás +120 mp");
    s.expect("Keresés:");
    s.expect("Enter: másolás");
    s.send("ugyfel0");
    s.expect("1–9. sor, összesen 9");
    s.send("\x1b");
    s.expect("1–21. sor, összesen 40");
    s.quit();
}

#[test]
fn plain_codes_mark_same_named_accounts_by_their_short_ids() {
    let h = Home::new("codes_duplicates");
    let uri = |k: &str| format!("otpauth://totp/Bank:anna?secret={k}&issuer=Bank");
    h.ok(&["add", "--uri", &uri("JBSWY3DPEHPK3PXP")]);
    h.ok(&["add", "--uri", &uri("GEZDGNBVGY3TQOJQ")]);
    h.ok(&[
        "add",
        "--uri",
        "otpauth://totp/Other:bob?secret=MFRGGZDFMZTWQ2LK&issuer=Other",
    ]);
    let out = stdout(&h.run(&["codes"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    let marked: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("same name as another: "))
        .collect();
    assert_eq!(
        marked.len(),
        2,
        "both Bank rows are marked, Other is not:\n{out}"
    );
    assert_ne!(
        marked[0], marked[1],
        "the two Bank rows must differ:\n{out}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&h.run(&["codes", "--json"]))).unwrap();
    let dups: Vec<bool> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["duplicate"].as_bool().unwrap())
        .collect();
    assert_eq!(dups, [true, true, false]);
}

#[test]
fn a_qr_code_too_big_for_the_terminal_is_named_as_an_image_instead() {
    let h = Home::new("qr_too_big");
    let offer = h.0.join("offer.png");
    let offer = offer.to_str().unwrap();
    // `transfer receive` writes the offer image and draws it when the terminal is large enough.
    let receive_on = |size: (u16, u16)| {
        Tty::spawn_sized(
            &h,
            &["transfer", "receive", "--offer-out", offer],
            &[],
            size,
        )
    };
    let mut s = receive_on((40, 20));
    s.expect("more than this terminal's 40×20");
    s.expect("offer.png");
    let _ = s.session.expect(Eof);
    // No half-drawn code: the drawing's block characters never reached the screen.
    assert!(
        !s.screen.screen().contents().contains('█'),
        "{}",
        s.screen.screen().contents()
    );
    // The image holds the offer.
    let out = h.ok(&["scan", offer]);
    assert!(!out.trim().is_empty(), "the offer image decodes");
    // On a large terminal the code is drawn.
    let mut s = receive_on((200, 100));
    s.expect("█");
    let _ = s.session.expect(Eof);
    assert!(!s
        .screen
        .screen()
        .contents()
        .contains("more than this terminal"));
}
