//! Which decodes are returned: a weakly proven read waits for an independent confirmation, and a
//! code drawn over another is dropped.

use crate::qr::geometry::Point;
use crate::qr::QrSymbol;

/// A decoded payload found during a call.
pub(crate) struct Found {
    pub(super) text: String,
    pub(super) corners: [Point; 4],
    /// Reed–Solomon correction load of the read (see [`engine::Payload::correction_load`]).
    pub(super) load: f32,
}

/// The symbols to return, most certain first (least Reed–Solomon correction). A code whose
/// outline contains another decoded code (a "double QR": a code printed over the centre of
/// another) and that needed at least half its correction capacity is dropped: its modules
/// there belong to the other code, so its read rests on correcting a region known to be
/// foreign, and only the inner code is proven by what was sampled.
pub(crate) fn into_symbols(mut found: Vec<Found>) -> Vec<QrSymbol> {
    let keep: Vec<bool> = found
        .iter()
        .map(|outer| {
            outer.load < NESTED_MIN_LOAD
                || !found.iter().any(|inner| {
                    !std::ptr::eq(inner, outer)
                        && area(&inner.corners) < area(&outer.corners)
                        && contains(&outer.corners, centre(&inner.corners))
                })
        })
        .collect();
    let mut k = keep.into_iter();
    found.retain(|_| k.next().unwrap_or(true));
    found.sort_by(|a, b| a.load.total_cmp(&b.load));
    found
        .into_iter()
        .map(|f| QrSymbol {
            text: f.text,
            corners: f.corners,
        })
        .collect()
}

/// See [`into_symbols`].
pub(super) const NESTED_MIN_LOAD: f32 = 0.5;

/// Area of a quadrilateral (shoelace).
pub(super) fn area(c: &[Point; 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        s += a.x * b.y - b.x * a.y;
    }
    (s / 2.0).abs()
}

/// Whether `p` lies inside the convex quadrilateral `c` (either winding).
pub(super) fn contains(c: &[Point; 4], p: Point) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x);
        if cross != 0.0 {
            if sign != 0.0 && cross.signum() != sign {
                return false;
            }
            sign = cross.signum();
        }
    }
    true
}

/// A decode that is not proven by itself, kept until another read confirms it.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    text: String,
}

/// A decode is proven by itself when the chance that a wrong grid would decode with the same
/// Reed–Solomon corrections ([`engine::Payload::false_accept_log10`]) is below 10^-9: with up to
/// ~10^3 grids tried per image, under one wrong payload in a million images. Weaker decodes
/// (small codes corrected near their limit, e.g. version 1-L with 3 corrections: 10^-6.2)
/// are returned only when an independent read — another cascade step, binarisation,
/// locator or scale, or another camera frame — gives the same text.
pub(crate) const PROVEN_LOG10: f64 = -9.0;

/// At most this many pending decodes are remembered.
pub(super) const MAX_PENDING: usize = 8;

/// Whether a decode may be returned: proven ones at once; the others only when `pending`
/// already holds the same text from an earlier, independent read; otherwise it is remembered.
pub(super) fn admit(pending: &mut Vec<Pending>, text: &str, false_accept_log10: f64) -> bool {
    if false_accept_log10 <= PROVEN_LOG10 {
        return true;
    }
    if pending.iter().any(|p| p.text == text) {
        return true;
    }
    if pending.len() >= MAX_PENDING {
        pending.remove(0);
    }
    pending.push(Pending {
        text: text.to_owned(),
    });
    false
}

/// Mean of four corners.
pub(super) fn centre(c: &[Point; 4]) -> Point {
    Point {
        x: c.iter().map(|p| p.x).sum::<f32>() / 4.0,
        y: c.iter().map(|p| p.y).sum::<f32>() / 4.0,
    }
}
