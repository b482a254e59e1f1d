//! Owns the small amount of projective geometry the sampler needs: a homography from the unit
//! square to an arbitrary quadrilateral.

/// A point in image coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    /// Horizontal coordinate in pixels.
    pub x: f32,
    /// Vertical coordinate in pixels.
    pub y: f32,
}

/// Maps the unit square (u, v) in [0,1]^2 onto a quadrilateral.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Homography {
    a: [f64; 8],
}

impl Homography {
    /// Unit square corners (0,0), (1,0), (1,1), (0,1) map to `q[0..4]` in that order.
    pub fn square_to_quad(q: &[Point; 4]) -> Option<Self> {
        let (x0, y0) = (f64::from(q[0].x), f64::from(q[0].y));
        let (x1, y1) = (f64::from(q[1].x), f64::from(q[1].y));
        let (x2, y2) = (f64::from(q[2].x), f64::from(q[2].y));
        let (x3, y3) = (f64::from(q[3].x), f64::from(q[3].y));
        let dx3 = x0 - x1 + x2 - x3;
        let dy3 = y0 - y1 + y2 - y3;
        let a = if dx3.abs() < 1e-9 && dy3.abs() < 1e-9 {
            [x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0.0, 0.0]
        } else {
            let dx1 = x1 - x2;
            let dx2 = x3 - x2;
            let dy1 = y1 - y2;
            let dy2 = y3 - y2;
            let den = dx1 * dy2 - dx2 * dy1;
            if den.abs() < 1e-12 {
                return None;
            }
            let g = (dx3 * dy2 - dx2 * dy3) / den;
            let h = (dx1 * dy3 - dx3 * dy1) / den;
            [
                x1 - x0 + g * x1,
                x3 - x0 + h * x3,
                x0,
                y1 - y0 + g * y1,
                y3 - y0 + h * y3,
                y0,
                g,
                h,
            ]
        };
        if a.iter().all(|v| v.is_finite()) {
            Some(Homography { a })
        } else {
            None
        }
    }

    /// Maps unit-square coordinates to image coordinates.
    #[inline]
    pub fn map(&self, u: f64, v: f64) -> (f64, f64) {
        let a = &self.a;
        let den = a[6] * u + a[7] * v + 1.0;
        let den = if den.abs() < 1e-12 { 1e-12 } else { den };
        ((a[0] * u + a[1] * v + a[2]) / den, (a[3] * u + a[4] * v + a[5]) / den)
    }
}
