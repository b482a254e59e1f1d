//! Owns the small amount of projective geometry the samplers need: homographies between the
//! module grid of a code and image pixels.

/// A point in image coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal coordinate in pixels.
    pub x: f32,
    /// Vertical coordinate in pixels.
    pub y: f32,
}

/// A projective map `(u, v) -> (x, y)` stored as a row-major 3x3 matrix.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Homography {
    m: [f64; 9],
}

impl Homography {
    /// Unit square corners (0,0), (1,0), (1,1), (0,1) map to `q[0..4]` in that order.
    pub fn square_to_quad(q: &[Point; 4]) -> Option<Self> {
        let p = q.map(|p| (f64::from(p.x), f64::from(p.y)));
        Self::square_to_quad_f64(&p)
    }

    fn square_to_quad_f64(p: &[(f64, f64); 4]) -> Option<Self> {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = *p;
        let dx3 = x0 - x1 + x2 - x3;
        let dy3 = y0 - y1 + y2 - y3;
        let (g, h) = if dx3.abs() < 1e-9 && dy3.abs() < 1e-9 {
            (0.0, 0.0)
        } else {
            let dx1 = x1 - x2;
            let dx2 = x3 - x2;
            let dy1 = y1 - y2;
            let dy2 = y3 - y2;
            let den = dx1 * dy2 - dx2 * dy1;
            if den.abs() < 1e-12 {
                return None;
            }
            ((dx3 * dy2 - dx2 * dy3) / den, (dx1 * dy3 - dx3 * dy1) / den)
        };
        let m = [
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ];
        m.iter().all(|v| v.is_finite()).then_some(Homography { m })
    }

    /// The map taking each `src[i]` to `dst[i]` (four point pairs, no three collinear).
    pub fn from_points(src: &[(f64, f64); 4], dst: &[(f64, f64); 4]) -> Option<Self> {
        let a = Self::square_to_quad_f64(src)?;
        let b = Self::square_to_quad_f64(dst)?;
        let ai = a.inverse()?;
        Some(b.then_after(&ai))
    }

    /// The map taking the quad `src` onto the unit square (inverse of `square_to_quad`).
    pub fn quad_to_square(src: &[(f64, f64); 4]) -> Option<Self> {
        Self::square_to_quad_f64(src)?.inverse()
    }

    /// `square_to_quad(dst) ∘ src_inv`, i.e. `from_points(src, dst)` with the source side
    /// precomputed by [`Homography::quad_to_square`].
    pub fn from_unit(src_inv: &Homography, dst: &[(f64, f64); 4]) -> Option<Self> {
        Some(Self::square_to_quad_f64(dst)?.then_after(src_inv))
    }

    /// `self ∘ other`: first `other`, then `self`.
    fn then_after(&self, o: &Homography) -> Homography {
        let (a, b) = (&self.m, &o.m);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
            }
        }
        Homography { m }
    }

    fn inverse(&self) -> Option<Homography> {
        let m = &self.m;
        let c00 = m[4] * m[8] - m[5] * m[7];
        let c01 = m[5] * m[6] - m[3] * m[8];
        let c02 = m[3] * m[7] - m[4] * m[6];
        let det = m[0] * c00 + m[1] * c01 + m[2] * c02;
        if det.abs() < 1e-12 || !det.is_finite() {
            return None;
        }
        let inv = [
            c00 / det,
            (m[2] * m[7] - m[1] * m[8]) / det,
            (m[1] * m[5] - m[2] * m[4]) / det,
            c01 / det,
            (m[0] * m[8] - m[2] * m[6]) / det,
            (m[2] * m[3] - m[0] * m[5]) / det,
            c02 / det,
            (m[1] * m[6] - m[0] * m[7]) / det,
            (m[0] * m[4] - m[1] * m[3]) / det,
        ];
        inv.iter()
            .all(|v| v.is_finite())
            .then_some(Homography { m: inv })
    }

    /// Maps `(u, v)` to image coordinates.
    #[inline]
    pub fn map(&self, u: f64, v: f64) -> (f64, f64) {
        let m = &self.m;
        let den = m[6] * u + m[7] * v + m[8];
        let den = if den.abs() < 1e-12 { 1e-12 } else { den };
        (
            (m[0] * u + m[1] * v + m[2]) / den,
            (m[3] * u + m[4] * v + m[5]) / den,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_points_maps_the_four_pairs() {
        let src = [(3.5, 3.5), (21.5, 3.5), (18.5, 18.5), (3.5, 21.5)];
        let dst = [(10.0, 12.0), (95.0, 20.0), (80.0, 90.0), (5.0, 100.0)];
        let h = Homography::from_points(&src, &dst).expect("homography");
        for (s, d) in src.iter().zip(dst.iter()) {
            let (x, y) = h.map(s.0, s.1);
            assert!(
                (x - d.0).abs() < 1e-6 && (y - d.1).abs() < 1e-6,
                "{s:?} -> {x},{y}"
            );
        }
    }
}
