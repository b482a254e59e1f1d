//! Owns panic containment: every exported call runs inside [`guard`], which turns a panic into
//! [`KulcsError::Internal`], a quiet panic hook keeps panics off the app's stderr, and [`lock`]
//! refuses an object's state that a contained panic may have left half-changed.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, Once};

use crate::KulcsError;

thread_local! {
    /// Where the last panic on this thread happened (`file:line`), recorded by the quiet hook.
    static LAST_PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Replaces the default panic hook (which prints to stderr) with one that only records the
/// location for the error message. Panic messages are never printed: they could end up in a
/// device log.
fn install_quiet_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        panic::set_hook(Box::new(|info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()));
            LAST_PANIC_LOCATION.with(|cell| *cell.borrow_mut() = location);
        }));
    });
}

/// Runs `f`, converting a panic into [`KulcsError::Internal`]. Use it around the body of every
/// exported function and method.
///
/// The reason names where the panic happened, not its payload: a payload may quote data.
pub(crate) fn guard<T>(f: impl FnOnce() -> Result<T, KulcsError>) -> Result<T, KulcsError> {
    install_quiet_hook();
    panic::catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|payload| Err(internal_from_panic(payload)))
}

/// Locks an object's state. A poisoned lock (a contained panic while it was held) is refused
/// rather than trusted.
pub(crate) fn lock<T>(m: &Mutex<T>) -> Result<MutexGuard<'_, T>, KulcsError> {
    m.lock().map_err(|_| KulcsError::Internal {
        reason: "an earlier internal error left this object in an unknown state; open it again"
            .into(),
    })
}

fn internal_from_panic(payload: Box<dyn Any + Send>) -> KulcsError {
    drop(payload);
    let location = LAST_PANIC_LOCATION.with(|cell| cell.borrow_mut().take());
    KulcsError::Internal {
        reason: format!(
            "internal error (a bug) at {}",
            location.as_deref().unwrap_or("an unknown place")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_internal_with_its_location() {
        let result: Result<(), KulcsError> = guard(|| panic!("secret JBSWY3DPEHPK3PXP"));
        match result {
            Err(KulcsError::Internal { reason }) => {
                assert!(reason.contains("guard.rs"), "{reason}");
                assert!(
                    !reason.contains("JBSW"),
                    "the payload must not leak: {reason}"
                );
            }
            other => panic!("expected Internal, got {other:?}"),
        }
    }

    #[test]
    fn a_lock_poisoned_by_a_contained_panic_is_refused() {
        let m = Mutex::new(1);
        let _ = guard::<()>(|| {
            let _held = m.lock().unwrap();
            panic!("while holding the lock");
        });
        assert!(matches!(lock(&m), Err(KulcsError::Internal { .. })));
        assert_eq!(*lock(&Mutex::new(2)).unwrap(), 2);
    }

    #[test]
    fn results_pass_through() {
        assert_eq!(guard(|| Ok(7)).unwrap(), 7);
        assert!(matches!(
            guard::<()>(|| Err(KulcsError::WrongKeyOrDamaged)),
            Err(KulcsError::WrongKeyOrDamaged)
        ));
    }
}
