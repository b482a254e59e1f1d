//! Hybrid logical clocks: totally ordered timestamps that sync uses for last-writer-wins.
//!
//! An [`Hlc`] is `(wall_ms, counter, node)`, compared in that order, so two timestamps from
//! different devices are never equal and every merge picks the same winner on every device.
//! The rules are those of Kulkarni et al., "Logical Physical Clocks" (2014): a local event
//! ([`Hlc::tick`]) and receiving a remote timestamp ([`Hlc::observe`]) both move the clock to
//! `max(local, remote, physical)` and bump the counter when the wall part did not advance.
//! The physical time comes in as an argument (Unix milliseconds), as everywhere in core.
//!
//! ```
//! use kulcs_core::hlc::{DeviceId, Hlc};
//! let a = Hlc::zero(DeviceId::from_u64(1));
//! let t1 = a.tick(1_000);
//! let t2 = t1.tick(900); // the wall clock went backwards: the counter keeps order
//! assert!(t2 > t1);
//! assert_eq!((t2.wall_ms, t2.counter), (1_000, 1));
//! ```

#![deny(missing_docs)]

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The identity of one device (one vault replica), random 64 bits. It breaks ties between
/// timestamps from different devices, so it is not a secret, but it must be stable per vault.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(pub u64);

impl DeviceId {
    /// Wraps a known value (tests, vectors).
    pub const fn from_u64(v: u64) -> Self {
        DeviceId(v)
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why a text device id was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a device id is 16 hexadecimal digits")]
pub struct DeviceIdError;

impl FromStr for DeviceId {
    type Err = DeviceIdError;
    /// The 16 hex digits [`DeviceId`]'s `Display` writes (either case, spaces around ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s.len() != 16 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(DeviceIdError);
        }
        u64::from_str_radix(s, 16)
            .map(DeviceId)
            .map_err(|_| DeviceIdError)
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({self})")
    }
}

/// A hybrid logical clock timestamp. Ordered by wall time, then counter, then device.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hlc {
    /// Milliseconds since the Unix epoch (the largest physical time seen).
    pub wall_ms: u64,
    /// Events within the same `wall_ms`.
    pub counter: u32,
    /// The device that produced this timestamp.
    pub node: DeviceId,
}

impl Hlc {
    /// The clock of a fresh device, before any event.
    pub const fn zero(node: DeviceId) -> Self {
        Hlc {
            wall_ms: 0,
            counter: 0,
            node,
        }
    }

    /// The timestamp of a new local event after `self`, at physical time `now_ms`.
    ///
    /// Always strictly greater than `self`. If the counter would overflow (four billion
    /// events in one millisecond, or a clock stuck far in the past) the wall part moves one
    /// millisecond forward instead, which keeps the order total and never panics.
    #[must_use]
    pub fn tick(&self, now_ms: u64) -> Hlc {
        if now_ms > self.wall_ms {
            Hlc {
                wall_ms: now_ms,
                counter: 0,
                node: self.node,
            }
        } else {
            self.bump(self.wall_ms, self.counter)
        }
    }

    /// The timestamp after receiving `remote` at physical time `now_ms`: greater than both
    /// `self` and `remote`, keeping this device's `node`.
    #[must_use]
    pub fn observe(&self, remote: &Hlc, now_ms: u64) -> Hlc {
        let wall = self.wall_ms.max(remote.wall_ms).max(now_ms);
        if wall == now_ms && wall > self.wall_ms && wall > remote.wall_ms {
            return Hlc {
                wall_ms: wall,
                counter: 0,
                node: self.node,
            };
        }
        let counter = match (wall == self.wall_ms, wall == remote.wall_ms) {
            (true, true) => self.counter.max(remote.counter),
            (true, false) => self.counter,
            (false, true) => remote.counter,
            // wall == now_ms only, handled above; keep the compiler content.
            (false, false) => {
                return Hlc {
                    wall_ms: wall,
                    counter: 0,
                    node: self.node,
                }
            }
        };
        self.bump(wall, counter)
    }

    fn bump(&self, wall: u64, counter: u32) -> Hlc {
        match counter.checked_add(1) {
            Some(c) => Hlc {
                wall_ms: wall,
                counter: c,
                node: self.node,
            },
            None => Hlc {
                wall_ms: wall.saturating_add(1),
                counter: 0,
                node: self.node,
            },
        }
    }
}

impl fmt::Display for Hlc {
    /// `wall_ms.counter@node`, e.g. `1732180000000.0@00000000000000ff`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}@{}", self.wall_ms, self.counter, self.node)
    }
}

impl fmt::Debug for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hlc({self})")
    }
}

/// Why an [`Hlc`] in text form was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HlcParseError {
    /// Not of the form `wall_ms.counter@node` with decimal numbers and a 16-digit hex node.
    #[error("not a clock timestamp (expected wall_ms.counter@node)")]
    Malformed,
}

impl FromStr for Hlc {
    type Err = HlcParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (time, node) = s.split_once('@').ok_or(HlcParseError::Malformed)?;
        let (wall, counter) = time.split_once('.').ok_or(HlcParseError::Malformed)?;
        if node.len() != 16 {
            return Err(HlcParseError::Malformed);
        }
        Ok(Hlc {
            wall_ms: wall.parse().map_err(|_| HlcParseError::Malformed)?,
            counter: counter.parse().map_err(|_| HlcParseError::Malformed)?,
            node: DeviceId(u64::from_str_radix(node, 16).map_err(|_| HlcParseError::Malformed)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: DeviceId = DeviceId(1);
    const B: DeviceId = DeviceId(2);

    #[test]
    fn tick_is_strictly_monotonic_even_when_the_clock_goes_back() {
        let mut t = Hlc::zero(A);
        for now in [5, 5, 3, 10, 10, 0, 11] {
            let next = t.tick(now);
            assert!(next > t, "{next} after {t}");
            t = next;
        }
        assert_eq!((t.wall_ms, t.counter), (11, 0));
    }

    #[test]
    fn observe_exceeds_both_sides() {
        let local = Hlc {
            wall_ms: 100,
            counter: 4,
            node: A,
        };
        let remote = Hlc {
            wall_ms: 100,
            counter: 9,
            node: B,
        };
        let o = local.observe(&remote, 50);
        assert!(o > local && o > remote);
        assert_eq!((o.wall_ms, o.counter, o.node), (100, 10, A));
        let ahead = Hlc {
            wall_ms: 200,
            counter: 3,
            node: B,
        };
        let o = local.observe(&ahead, 150);
        assert_eq!((o.wall_ms, o.counter), (200, 4));
        let o = local.observe(&ahead, 300);
        assert_eq!((o.wall_ms, o.counter), (300, 0));
        let o = local.observe(
            &Hlc {
                wall_ms: 10,
                counter: 0,
                node: B,
            },
            20,
        );
        assert_eq!((o.wall_ms, o.counter), (100, 5));
    }

    #[test]
    fn counter_overflow_moves_the_wall_forward() {
        let t = Hlc {
            wall_ms: 7,
            counter: u32::MAX,
            node: A,
        };
        let n = t.tick(0);
        assert!(n > t);
        assert_eq!((n.wall_ms, n.counter), (8, 0));
    }

    #[test]
    fn node_breaks_ties_and_text_round_trips() {
        let a = Hlc {
            wall_ms: 1,
            counter: 1,
            node: A,
        };
        let b = Hlc {
            wall_ms: 1,
            counter: 1,
            node: B,
        };
        assert!(a < b);
        assert_eq!(a.to_string().parse::<Hlc>().unwrap(), a);
        assert!("1.2@zz".parse::<Hlc>().is_err());
    }
}
