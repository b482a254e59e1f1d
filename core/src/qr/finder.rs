//! Owns the finder-pattern and alignment-pattern search on a binarised image: run-length scans
//! for the 1:1:3:1:1 finder signature with vertical and horizontal cross-checks, and a local
//! 1:1:1 search for the alignment pattern. This is the candidate search used when rqrr's own
//! grouping of finder patterns fails (strong perspective, missed alignment patterns), and the
//! cheap low-resolution locator of the live scanner.

/// One finder-pattern candidate, in continuous pixel coordinates (pixel `i` spans `[i, i+1)`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Finder {
    pub x: f32,
    pub y: f32,
    /// Estimated module size in pixels.
    pub module: f32,
    /// How many scan lines confirmed it.
    pub count: u32,
}

/// A binarised image view: non-zero bytes are dark (the code's foreground colour).
#[derive(Clone, Copy)]
pub(crate) struct Bits<'a> {
    pub data: &'a [u8],
    pub w: usize,
    pub h: usize,
}

impl Bits<'_> {
    #[inline]
    fn dark(&self, x: usize, y: usize) -> bool {
        x < self.w && self.data.get(y * self.w + x).is_some_and(|&b| b != 0)
    }
}

fn finder_ratio_ok(c: &[usize; 5], tolerance: f32) -> bool {
    let total: usize = c.iter().sum();
    if total < 7 || c.contains(&0) {
        return false;
    }
    let m = total as f32 / 7.0;
    let var = (m * tolerance).max(0.75);
    (c[0] as f32 - m).abs() < var
        && (c[1] as f32 - m).abs() < var
        && (c[2] as f32 - 3.0 * m).abs() < 3.0 * var
        && (c[3] as f32 - m).abs() < var
        && (c[4] as f32 - m).abs() < var
}

/// Counts the five runs of a finder pattern along a line through `(cx, cy)` stepping by
/// `(dx, dy)`; returns the runs and the centre offset (in steps) of the middle run.
fn cross_runs(
    b: &Bits<'_>,
    cx: usize,
    cy: usize,
    dx: isize,
    dy: isize,
    max: usize,
) -> Option<([usize; 5], f32)> {
    if !b.dark(cx, cy) {
        return None;
    }
    let at = |i: isize| -> Option<bool> {
        let x = cx as isize + i * dx;
        let y = cy as isize + i * dy;
        if x < 0 || y < 0 || x as usize >= b.w || y as usize >= b.h {
            None
        } else {
            Some(b.dark(x as usize, y as usize))
        }
    };
    let mut c = [0usize; 5];
    // Backwards: centre dark, then light, then dark.
    let mut i: isize = 0;
    while at(i) == Some(true) {
        c[2] += 1;
        i -= 1;
        if c[2] > max {
            return None;
        }
    }
    while at(i) == Some(false) {
        c[1] += 1;
        i -= 1;
        if c[1] > max {
            return None;
        }
    }
    while at(i) == Some(true) {
        c[0] += 1;
        i -= 1;
        if c[0] > max {
            return None;
        }
    }
    // Forwards.
    let mut j: isize = 1;
    while at(j) == Some(true) {
        c[2] += 1;
        j += 1;
        if c[2] > max {
            return None;
        }
    }
    let centre_end = j; // first index after the centre run
    while at(j) == Some(false) {
        c[3] += 1;
        j += 1;
        if c[3] > max {
            return None;
        }
    }
    while at(j) == Some(true) {
        c[4] += 1;
        j += 1;
        if c[4] > max {
            return None;
        }
    }
    // Centre of the middle run, in steps from (cx, cy), continuous coordinates.
    let centre = centre_end as f32 - c[2] as f32 / 2.0;
    Some((c, centre))
}

/// Finds finder-pattern candidates, scanning every `row_step`-th row.
pub(crate) fn find_finders(b: &Bits<'_>, row_step: usize, out: &mut Vec<Finder>) {
    out.clear();
    let step = row_step.max(1);
    let mut runs: Vec<(usize, usize)> = Vec::with_capacity(256); // (start, len) alternating
    let mut y = step / 2;
    while y < b.h {
        runs.clear();
        let row = &b.data[y * b.w..(y + 1) * b.w];
        // Run lengths; bitmaps hold 0/1 bytes, so uniform stretches are skipped 8 at a time.
        let mut start = 0;
        let mut x = 1;
        while x < b.w {
            let prev = row[x - 1];
            let same8 = u64::from_ne_bytes([prev; 8]);
            while x + 8 <= b.w
                && <[u8; 8]>::try_from(&row[x..x + 8]).is_ok_and(|w| u64::from_ne_bytes(w) == same8)
            {
                x += 8;
            }
            while x < b.w && row[x] == prev {
                x += 1;
            }
            if x < b.w {
                runs.push((start, x - start));
                start = x;
                x += 1;
            }
        }
        if b.w > 0 {
            runs.push((start, b.w - start));
        }
        let first_dark = row.first().is_some_and(|&v| v != 0);
        let mut i = if first_dark { 0 } else { 1 };
        while i + 5 <= runs.len() {
            let c = [
                runs[i].1,
                runs[i + 1].1,
                runs[i + 2].1,
                runs[i + 3].1,
                runs[i + 4].1,
            ];
            if finder_ratio_ok(&c, 0.5) {
                let total: usize = c.iter().sum();
                let cx = runs[i + 2].0 + runs[i + 2].1 / 2;
                consider(b, cx, y, total, out);
            }
            i += 2;
        }
        y += step;
    }
}

fn consider(b: &Bits<'_>, cx: usize, y: usize, htotal: usize, out: &mut Vec<Finder>) {
    let max = htotal * 2;
    let Some((vc, vcentre)) = cross_runs(b, cx, y, 0, 1, max) else {
        return;
    };
    if !finder_ratio_ok(&vc, 0.6) {
        return;
    }
    let vtotal: usize = vc.iter().sum();
    if vtotal * 2 < htotal || vtotal > htotal * 2 {
        return;
    }
    let fy = y as f32 + vcentre;
    let iy = fy.floor().max(0.0) as usize;
    let Some((hc, hcentre)) = cross_runs(b, cx, iy.min(b.h - 1), 1, 0, max) else {
        return;
    };
    if !finder_ratio_ok(&hc, 0.6) {
        return;
    }
    let fx = cx as f32 + hcentre;
    let htotal2: usize = hc.iter().sum();
    let module = (vtotal + htotal2) as f32 / 14.0;
    for f in out.iter_mut() {
        if (f.x - fx).abs() <= f.module.max(module) * 1.5
            && (f.y - fy).abs() <= f.module.max(module) * 1.5
            && (f.module / module).max(module / f.module) < 1.6
        {
            let n = f.count as f32;
            f.x = (f.x * n + fx) / (n + 1.0);
            f.y = (f.y * n + fy) / (n + 1.0);
            f.module = (f.module * n + module) / (n + 1.0);
            f.count += 1;
            return;
        }
    }
    if out.len() < 512 {
        out.push(Finder {
            x: fx,
            y: fy,
            module,
            count: 1,
        });
    }
}

/// Looks for an alignment pattern (dark module in a light ring in a dark ring) of module size
/// `module` within `radius` pixels of `(ex, ey)`. Returns the centre closest to the estimate.
pub(crate) fn find_alignment(
    b: &Bits<'_>,
    ex: f32,
    ey: f32,
    module: f32,
    radius: f32,
) -> Option<(f32, f32)> {
    let x0 = (ex - radius).floor().max(0.0) as usize;
    let x1 = ((ex + radius).ceil().max(0.0) as usize).min(b.w);
    let y0 = (ey - radius).floor().max(0.0) as usize;
    let y1 = ((ey + radius).ceil().max(0.0) as usize).min(b.h);
    if x0 >= x1 || y0 >= y1 {
        return None;
    }
    let ok = |len: usize| {
        let l = len as f32;
        l >= module * 0.4 && l <= module * 1.8 + 1.0
    };
    let mut best: Option<(f32, f32, f32)> = None;
    let max = (module * 3.0).ceil() as usize + 2;
    for y in y0..y1 {
        // Light - dark - light runs inside the window.
        let mut x = x0;
        while x < x1 {
            if b.dark(x, y) {
                x += 1;
                continue;
            }
            let ls = x;
            while x < x1 && !b.dark(x, y) {
                x += 1;
            }
            let light1 = x - ls;
            let ds = x;
            while x < x1 && b.dark(x, y) {
                x += 1;
            }
            let dark = x - ds;
            let ls2 = x;
            let mut k = x;
            while k < x1 && !b.dark(k, y) {
                k += 1;
            }
            let light2 = k - ls2;
            if dark > 0 && ok(dark) && ok(light1.min(light2 + 1)) && light2 > 0 {
                let cx = ds + dark / 2;
                // Vertical check: dark centre run bounded by light runs of about one module.
                if let Some((vc, vcent)) = cross_runs_small(b, cx, y, max) {
                    if ok(vc.1) && ok(vc.0) && ok(vc.2) {
                        let fx = ds as f32 + dark as f32 / 2.0;
                        let fy = y as f32 + vcent;
                        let d = (fx - ex).powi(2) + (fy - ey).powi(2);
                        if best.is_none_or(|(_, _, bd)| d < bd) {
                            best = Some((fx, fy, d));
                        }
                    }
                }
            }
            // Continue scanning from the start of the next light run.
            x = ls2.max(ls + 1);
        }
    }
    best.map(|(x, y, _)| (x, y))
}

/// Vertical light/dark/light runs around a dark pixel: (light above, dark, light below), centre.
fn cross_runs_small(
    b: &Bits<'_>,
    cx: usize,
    cy: usize,
    max: usize,
) -> Option<((usize, usize, usize), f32)> {
    if !b.dark(cx, cy) {
        return None;
    }
    let mut up = 0usize;
    let mut y = cy as isize;
    while y >= 0 && b.dark(cx, y as usize) {
        up += 1;
        y -= 1;
        if up > max {
            return None;
        }
    }
    let mut lu = 0usize;
    while y >= 0 && !b.dark(cx, y as usize) {
        lu += 1;
        y -= 1;
        if lu > max {
            break;
        }
    }
    let mut down = 0usize;
    let mut y = cy + 1;
    while y < b.h && b.dark(cx, y) {
        down += 1;
        y += 1;
        if down > max {
            return None;
        }
    }
    let end = y;
    let mut ld = 0usize;
    while y < b.h && !b.dark(cx, y) {
        ld += 1;
        y += 1;
        if ld > max {
            break;
        }
    }
    let dark = up + down;
    let centre = end as f32 - dark as f32 / 2.0 - cy as f32;
    Some(((lu, dark, ld), centre))
}
