//! The harness every CLI test module shares: the binary under test, private temporary
//! directories, an isolated home to run `kulcs` in, and the no-panic check on every run.

pub mod devices;

use std::io::Write;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The repository root (the examples and fixtures are named relative to it).
pub const REPO_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The binary under test; `KULCS_TEST_BIN` runs the tests against another build (e.g. the
/// code before a fix, to see them fail).
pub fn kulcs_bin() -> String {
    std::env::var("KULCS_TEST_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_kulcs").to_string())
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A panic is a bug, and the user must never see one (nor a backtrace hint).
pub fn assert_no_panic(o: &Output) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "panic shown: {err}"
    );
}

/// Writes `input` (if any) to the child's standard input, closes it, waits, and checks that no
/// panic was shown. The program may exit before reading (e.g. on an early error).
pub fn finish(mut child: Child, input: Option<&str>) -> Output {
    {
        let mut stdin = child.stdin.take().unwrap();
        if let Some(i) = input {
            let _ = stdin.write_all(i.as_bytes());
        }
    }
    let o = child.wait_with_output().unwrap();
    assert_no_panic(&o);
    o
}

/// Creates the empty directory `kulcs-<tag>-<name>-<pid>` under the system temp dir, removing
/// what a crashed earlier run left there.
pub fn fresh_dir(tag: &str, name: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("kulcs-{tag}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

/// A [`fresh_dir`], removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// Creates the directory.
    pub fn new(tag: &str, name: &str) -> TempDir {
        TempDir(fresh_dir(tag, name))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a test feeds on standard input: some text, or nothing.
pub trait StdinText {
    /// The text, if any.
    fn text(&self) -> Option<&str>;
}

impl StdinText for &str {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl StdinText for &String {
    fn text(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

impl<T: AsRef<str>> StdinText for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().map(|t| t.as_ref())
    }
}

/// How a [`Home`] is laid out: the tag in its directory name and where `kulcs` runs from.
pub trait Layout {
    /// The tag in the directory name.
    const TAG: &'static str;
    /// Whether `kulcs` runs inside the home (else in the repository root, beside `examples/`).
    const CWD_IS_HOME: bool;
}

/// Homes that run `kulcs` from the repository root (the vault command tests).
pub struct InRepo;
impl Layout for InRepo {
    const TAG: &'static str = "cli";
    const CWD_IS_HOME: bool = false;
}

/// Homes that run `kulcs` inside the home itself (the secrets tests).
pub struct InHome;
impl Layout for InHome {
    const TAG: &'static str = "secrets";
    const CWD_IS_HOME: bool = true;
}

/// A private `$HOME` for one test: the vault and key file at their XDG defaults, the
/// environment cleared of every override, the OS keyring never touched. Removed on drop.
pub struct Home<L: Layout>(pub PathBuf, PhantomData<L>);

impl<L: Layout> Home<L> {
    /// A fresh home named after the test.
    pub fn new(name: &str) -> Self {
        Home(fresh_dir(L::TAG, name), PhantomData)
    }

    /// The default vault path in this home.
    pub fn vault(&self) -> PathBuf {
        self.0.join(".local/share/kulcs/vault.kulcs")
    }

    /// The default device key file in this home.
    pub fn key_file(&self) -> PathBuf {
        self.0.join(".config/kulcs/device.key")
    }

    fn cwd(&self) -> &Path {
        if L::CWD_IS_HOME {
            &self.0
        } else {
            Path::new(REPO_ROOT)
        }
    }

    /// The command, isolated in this home and kept away from any real keyring (the keyring
    /// test in secrets_cli.rs sets its own environment).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(kulcs_bin());
        c.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        self.isolate(&mut c);
        c
    }

    /// Puts `c` (kulcs, or a wrapper such as `script` that starts it) in this home: its own
    /// folders, the file key store, no vault or key path from outside, English output.
    pub fn isolate<'c>(&self, c: &'c mut Command) -> &'c mut Command {
        c.current_dir(self.cwd())
            .env("HOME", &self.0)
            .env("KULCS_KEYSTORE", "file")
            .env_remove("XDG_DATA_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("KULCS_VAULT")
            .env_remove("KULCS_KEY_FILE")
            // English unless a test asks for Hungarian.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
    }

    /// Runs `kulcs args`, feeding `input` (text, or `Some`/`None` text) on standard input.
    pub fn run_stdin(&self, args: &[&str], input: impl StdinText) -> Output {
        finish(self.command(args).spawn().expect("run kulcs"), input.text())
    }

    /// Runs `kulcs args` with an empty standard input.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_stdin(args, None::<&str>)
    }

    /// Runs `kulcs args`, which must succeed; returns its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
        stdout(&o)
    }

    /// [`Home::ok`] with `input` on standard input.
    pub fn ok_stdin(&self, args: &[&str], input: &str) -> String {
        let o = self.run_stdin(args, input);
        assert!(o.status.success(), "{args:?} failed: {}", stderr(&o));
        stdout(&o)
    }

    /// The code `key` makes now (what the Ügyfélkapu+ page accepts), from `kulcs code --key`,
    /// for the preset's check (`add --ugyfelkapu --code`).
    pub fn site_code(&self, key: &str) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        self.ok(&["code", "--key", key, "--at", &now])
            .trim()
            .to_string()
    }

    /// The full ids of the vault's accounts, in list order.
    pub fn ids(&self) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&self.ok(&["list", "--json"])).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// The full id of the first account.
    pub fn first_id(&self) -> String {
        let v: serde_json::Value = serde_json::from_str(&self.ok(&["list", "--json"])).unwrap();
        v[0]["id"].as_str().unwrap().to_string()
    }
}

impl<L: Layout> Drop for Home<L> {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
