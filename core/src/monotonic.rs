//! Owns the monotonic clock behind the QR decoder's time budgets: std's `Instant`, or in the
//! browser (wasm32-unknown-unknown, where std's panics) `web_time`'s, over `performance.now()`.

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
pub use std::time::Instant;

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use web_time::Instant;
