//! Concurrent `kulcs` processes and processes killed at random moments never lose or clobber
//! a saved account.

use std::process::{Command, Stdio};

use crate::support::InRepo;

/// Runs `kulcs` from the repository root with its own home directory.
type Home = crate::support::Home<InRepo>;

/// A base32 key unique to `i` (16 characters, 80 bits).
fn key_for(i: usize) -> String {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut s = String::from("KULCSTEST");
    let mut n = i;
    for _ in 0..7 {
        s.push(alphabet[n % 32] as char);
        n /= 32;
    }
    s
}

#[test]
fn concurrent_processes_never_clobber_each_other() {
    let h = Home::new("concurrent");
    // No vault yet: the processes also race to create it.
    let children: Vec<_> = (0..8)
        .map(|i| {
            Command::new(env!("CARGO_BIN_EXE_kulcs"))
                .args(["add", "--key", &key_for(i), "--label", &format!("p{i}")])
                .env("HOME", &h.0)
                .env_remove("XDG_DATA_HOME")
                .env_remove("XDG_CONFIG_HOME")
                .env_remove("KULCS_VAULT")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(h.ids().len(), 8, "every concurrent add must survive");
}

#[test]
fn sigkill_at_random_moments_never_loses_a_saved_account() {
    let h = Home::new("sigkill");
    // Time a whole uninterrupted `add` (start-up, open, save) and spread the kills over that
    // span, so the test kills mid-run on a fast idle machine as well as on a loaded one.
    let started = std::time::Instant::now();
    h.ok(&["add", "--key", &key_for(1000), "--label", "base"]);
    h.ok(&["add", "--key", &key_for(1001), "--label", "base2"]);
    let full_run_us = (started.elapsed().as_micros() as u64 / 2).max(200);
    let mut confirmed = 2usize; // accounts whose `add` finished successfully
    let mut killed = 0;
    for i in 0..60 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kulcs"))
            .args(["add", "--key", &key_for(i), "--label", &format!("k{i}")])
            .env("HOME", &h.0)
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("KULCS_VAULT")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kill over the process's life (start-up, open, save).
        std::thread::sleep(std::time::Duration::from_micros(
            full_run_us * ((i as u64 * 397) % 1000) / 1000,
        ));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        if status.success() {
            confirmed += 1;
        } else {
            killed += 1;
        }
        let n = h.ids().len();
        assert!(
            n >= confirmed,
            "after kill {i}: {n} accounts, {confirmed} confirmed"
        );
        assert!(n <= i + 3);
        confirmed = n; // a killed add may or may not have landed; from now on it must stay
    }
    eprintln!("{killed} killed, {} completed", 60 - killed);
    assert!(killed > 10, "only {killed} processes were killed mid-run");
}
