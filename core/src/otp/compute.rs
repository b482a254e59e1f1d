//! Computing and checking codes: the HMAC truncation for a counter, the code and window at a time,
//! and verification within a window.

use crate::secret::Secret;

use super::{
    is_expiring_soon, time_step, Code, CodeWindow, OtpError, OtpKind, OtpParams, STEAM_ALPHABET,
    STEAM_DIGITS,
};

/// Computes the code for a moving factor (time step or HOTP counter).
pub fn code_for_counter(
    secret: &Secret,
    params: &OtpParams,
    counter: u64,
) -> Result<Code, OtpError> {
    params.validate()?;
    let algorithm = match params.kind {
        OtpKind::Steam => totp_rs::Algorithm::SHA1,
        _ => params.algorithm.to_totp_rs(),
    };
    // Step 1 turns totp-rs's `sign(time)` into a plain HMAC over the 64-bit counter.
    let signer = totp_rs::Builder::new()
        .with_algorithm(algorithm)
        .with_step_duration(1)
        .with_secret(secret.expose_bytes())
        .build_noncompliant();
    let mac = signer.sign(counter);
    let mac = mac.as_ref();
    let offset = (mac[mac.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        mac[offset],
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]) & 0x7fff_ffff;
    let text = match params.kind {
        OtpKind::Steam => {
            let mut value = binary;
            let mut s = String::with_capacity(STEAM_DIGITS as usize);
            for _ in 0..STEAM_DIGITS {
                s.push(STEAM_ALPHABET[(value % 26) as usize] as char);
                value /= 26;
            }
            s
        }
        OtpKind::Totp | OtpKind::Hotp => {
            let modulus = 10u64.pow(params.digits as u32);
            format!(
                "{:0width$}",
                binary as u64 % modulus,
                width = params.digits as usize
            )
        }
    };
    Ok(Code(text))
}

/// The code at Unix time `unix` (already offset-corrected), for TOTP and Steam; for HOTP the
/// time is ignored and the stored counter is used.
pub fn code_at(secret: &Secret, params: &OtpParams, unix: i64) -> Result<Code, OtpError> {
    let counter = match params.kind {
        OtpKind::Hotp => params.counter,
        _ => time_step(unix, params.period)?,
    };
    code_for_counter(secret, params, counter)
}

/// The current code, the next one and the remaining validity at Unix time `unix`.
pub fn code_window(secret: &Secret, params: &OtpParams, unix: i64) -> Result<CodeWindow, OtpError> {
    params.validate()?;
    let (counter, valid_for, period) = match params.kind {
        OtpKind::Hotp => (params.counter, None, None),
        OtpKind::Totp | OtpKind::Steam => {
            let step = time_step(unix, params.period)?;
            let left = params.period - (unix as u64 % params.period as u64) as u32;
            (step, Some(left), Some(params.period))
        }
    };
    // The 8-byte moving factor wraps (RFC 4226 §5.2); only a HOTP counter at 2^64-1 can get here.
    let next_counter = counter.wrapping_add(1);
    Ok(CodeWindow {
        code: code_for_counter(secret, params, counter)?,
        next: code_for_counter(secret, params, next_counter)?,
        valid_for,
        period,
        counter,
        expiring_soon: match (valid_for, period) {
            (Some(v), Some(p)) => is_expiring_soon(v, p),
            _ => false,
        },
    })
}

/// Finds which step within `±window` steps of `unix` produced `typed` (constant-time per
/// comparison). Returns the step offset (-1, 0, +1 …). For HOTP, offsets are counted from the
/// stored counter forward only (0..=window), as counters never go back.
pub fn verify(
    secret: &Secret,
    params: &OtpParams,
    unix: i64,
    typed: &str,
    window: u32,
) -> Result<Option<i64>, OtpError> {
    params.validate()?;
    let (base, range): (u64, Vec<i64>) = match params.kind {
        OtpKind::Hotp => (params.counter, (0..=window as i64).collect()),
        _ => {
            let w = window as i64;
            (time_step(unix, params.period)?, (-w..=w).collect())
        }
    };
    let mut found = None;
    for delta in range {
        let Some(counter) = base.checked_add_signed(delta) else {
            continue;
        };
        let code = code_for_counter(secret, params, counter)?;
        // Evaluate every candidate so the time taken does not reveal which step matched.
        if code.matches(typed) && found.is_none() {
            found = Some(delta);
        }
    }
    Ok(found)
}
