//! `kulcs web`: serves the browser app (web/dist, built by scripts/build-web.sh) on 127.0.0.1,
//! a secure context for the webcam and the service worker. Only GET and HEAD of the app's own
//! files; every response carries the app's Content-Security-Policy (no other origin, ever).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::CliError;
use crate::i18n::t;

/// The policy of every response: the page may load its own files and run its own wasm, and
/// nothing else; `connect-src 'self'` only because wasm-bindgen fetches the .wasm file.
pub const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; \
connect-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; style-src 'self'; \
manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The largest request head read (the app's requests are one short line and a few headers).
const MAX_HEAD: usize = 16 * 1024;

/// `kulcs web [--dir DIR] [--port N]`: serves until interrupted; prints the address first.
pub fn run(dir: Option<PathBuf>, port: u16) -> Result<(), CliError> {
    let dir = find_dir(dir)?;
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|e| {
        CliError::input(t(
            "web-bind-failed",
            &[("port", &port.to_string()), ("error", &e.to_string())],
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| CliError::input(e.to_string()))?;
    println!(
        "{}",
        t("web-serving", &[("url", &format!("http://{addr}/"))])
    );
    let _ = std::io::stdout().flush();
    for stream in listener.incoming().flatten() {
        let dir = dir.clone();
        std::thread::spawn(move || {
            let _ = serve(stream, &dir);
        });
    }
    Ok(())
}

fn find_dir(dir: Option<PathBuf>) -> Result<PathBuf, CliError> {
    let candidates: Vec<PathBuf> =
        match dir.or_else(|| std::env::var_os("KULCS_WEB_DIR").map(PathBuf::from)) {
            Some(d) => vec![d],
            None => {
                let mut c = vec![PathBuf::from("web/dist")];
                // target/debug/kulcs or target/release/kulcs in a checkout.
                if let Some(root) = std::env::current_exe()
                    .ok()
                    .and_then(|e| e.ancestors().nth(3).map(Path::to_path_buf))
                {
                    c.push(root.join("web/dist"));
                }
                c
            }
        };
    candidates
        .iter()
        .find(|d| d.join("index.html").is_file())
        .cloned()
        .ok_or_else(|| {
            CliError::input(t(
                "web-no-app",
                &[("dir", &candidates[0].display().to_string())],
            ))
        })
}

/// The file a request path names, if it is one of the app's files: plain names only (letters,
/// digits, `.`, `_`, `-`, `/`), no `..`, no hidden files; `/` is `index.html`.
pub fn resolve(dir: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let rel = path.strip_prefix('/')?;
    let rel = if rel.is_empty() { "index.html" } else { rel };
    let plain = rel
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b));
    if !plain
        || rel
            .split('/')
            .any(|part| part.is_empty() || part.starts_with('.'))
    {
        return None;
    }
    let file = dir.join(rel);
    file.is_file().then_some(file)
}

/// The media type of a file by its extension (the wasm type matters: streaming compilation).
pub fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    }
}

fn serve(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    loop {
        let mut head = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" || line == "\n" {
                break;
            }
            head.push(line.trim_end().to_string());
            if head.iter().map(String::len).sum::<usize>() > MAX_HEAD {
                return respond(&stream, 431, "text/plain", b"", false);
            }
        }
        let request = head.first().cloned().unwrap_or_default();
        let mut parts = request.split(' ');
        let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let close = head
            .iter()
            .any(|h| h.eq_ignore_ascii_case("connection: close"));
        let status = match (method, resolve(dir, path)) {
            ("GET" | "HEAD", Some(file)) => {
                let body = std::fs::read(&file)?;
                respond(&stream, 200, content_type(&file), &body, method == "HEAD")?;
                200
            }
            ("GET" | "HEAD", None) => {
                respond(&stream, 404, "text/plain", b"not found\n", method == "HEAD")?;
                404
            }
            _ => {
                respond(&stream, 405, "text/plain", b"method not allowed\n", false)?;
                405
            }
        };
        eprintln!("{method} {path} {status}");
        if close {
            return Ok(());
        }
    }
}

fn respond(
    mut stream: &TcpStream,
    status: u16,
    ctype: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Request Header Fields Too Large",
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\
Content-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\n\
Cross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Resource-Policy: same-origin\r\n\
Permissions-Policy: camera=(self), microphone=(), geolocation=()\r\nCache-Control: no-cache\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_plain_files_are_served() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/a.wasm"), "x").unwrap();
        std::fs::write(dir.path().join(".secret"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/").unwrap(),
            dir.path().join("index.html")
        );
        assert_eq!(
            resolve(dir.path(), "/pkg/a.wasm?v=1").unwrap(),
            dir.path().join("pkg/a.wasm")
        );
        for bad in [
            "/../etc/passwd",
            "/.secret",
            "/pkg/../index.html",
            "//etc/passwd",
            "/%2e%2e/x",
            "index.html",
            "/missing.js",
            "/pkg",
        ] {
            assert_eq!(resolve(dir.path(), bad), None, "{bad}");
        }
        assert_eq!(content_type(Path::new("a.wasm")), "application/wasm");
    }
}
