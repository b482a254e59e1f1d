//! Deterministic generator of synthetic enrolment-page photos and screenshots for the QR
//! regression corpus. Shared by `tests/qr_regression.rs` and `examples/qr_gen_corpus.rs`
//! (included with `#[path]`), so it is dev-only code with no extra dependency: a seeded
//! xorshift PRNG, a procedural "Ügyfélkapu+-like" page, a projective camera, and one knob per
//! real-world effect (glare, monitor pixel grid / moiré, tilt, dark theme, small codes, blur,
//! JPEG noise, camera-sized frames).
#![allow(dead_code)]

pub mod hard;
pub mod nocode;

use std::io::Cursor;

/// Small, fast, deterministic PRNG (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn f(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Approximately normal (sum of uniforms), mean 0, sd 1.
    pub fn gauss(&mut self) -> f64 {
        (0..4).map(|_| self.f()).sum::<f64>() * 3f64.sqrt() - 2.0 * 3f64.sqrt()
    }
}

/// One effect per regression bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Plain screenshot of the page (no camera).
    Screenshot,
    /// Photo with a bright specular highlight over part of the code.
    Glare,
    /// Photo of a monitor: visible pixel grid, aliasing into moiré.
    Moire,
    /// Strong perspective tilt.
    Tilt,
    /// Dark-theme page: light code on dark background.
    DarkTheme,
    /// Code below 3 camera pixels per module.
    Small,
    /// Out-of-focus blur.
    Blur,
    /// Heavy sensor noise and low-quality JPEG.
    Jpeg,
    /// Typical 1280x720 camera frame.
    Cam720,
    /// Typical 1920x1080 camera frame.
    Cam1080,
}

pub const ALL_EFFECTS: [Effect; 10] = [
    Effect::Screenshot,
    Effect::Glare,
    Effect::Moire,
    Effect::Tilt,
    Effect::DarkTheme,
    Effect::Small,
    Effect::Blur,
    Effect::Jpeg,
    Effect::Cam720,
    Effect::Cam1080,
];

impl Effect {
    pub fn name(self) -> &'static str {
        match self {
            Effect::Screenshot => "screenshot",
            Effect::Glare => "glare",
            Effect::Moire => "moire",
            Effect::Tilt => "tilt",
            Effect::DarkTheme => "dark",
            Effect::Small => "small",
            Effect::Blur => "blur",
            Effect::Jpeg => "jpeg",
            Effect::Cam720 => "cam720",
            Effect::Cam1080 => "cam1080",
        }
    }
}

/// A generated image with its expected payload.
pub struct Sample {
    pub name: String,
    pub effect: Effect,
    pub width: u32,
    pub height: u32,
    pub luma: Vec<u8>,
    pub text: String,
}

const USERS: [&str; 6] = [
    "janos.kovacs",
    "eva.szabo",
    "peter.nagy",
    "zsofia.toth",
    "gabor.horvath",
    "anna.kiss",
];

fn payload(rng: &mut Rng) -> String {
    const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let secret: String = (0..16).map(|_| B32[rng.below(32)] as char).collect();
    let user = USERS[rng.below(USERS.len())];
    format!(
        "otpauth://totp/%C3%9Cgyf%C3%A9lkapu%2B:{user}@ugyfelkapu.gov.hu?secret={secret}&issuer=%C3%9Cgyf%C3%A9lkapu%2B&algorithm=SHA1&digits=6&period=30"
    )
}

/// 3x3 projective map (row-major), used camera -> page.
#[derive(Clone, Copy)]
struct H([f64; 9]);

impl H {
    fn square_to_quad(q: [(f64, f64); 4]) -> H {
        let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
        let dx3 = x0 - x1 + x2 - x3;
        let dy3 = y0 - y1 + y2 - y3;
        let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
        let den = dx1 * dy2 - dx2 * dy1;
        let g = (dx3 * dy2 - dx2 * dy3) / den;
        let h = (dx1 * dy3 - dx3 * dy1) / den;
        H([
            x1 - x0 + g * x1,
            x3 - x0 + h * x3,
            x0,
            y1 - y0 + g * y1,
            y3 - y0 + h * y3,
            y0,
            g,
            h,
            1.0,
        ])
    }
    fn inverse(&self) -> H {
        let m = &self.0;
        let c00 = m[4] * m[8] - m[5] * m[7];
        let c01 = m[5] * m[6] - m[3] * m[8];
        let c02 = m[3] * m[7] - m[4] * m[6];
        let det = m[0] * c00 + m[1] * c01 + m[2] * c02;
        H([
            c00 / det,
            (m[2] * m[7] - m[1] * m[8]) / det,
            (m[1] * m[5] - m[2] * m[4]) / det,
            c01 / det,
            (m[0] * m[8] - m[2] * m[6]) / det,
            (m[2] * m[3] - m[0] * m[5]) / det,
            c02 / det,
            (m[1] * m[6] - m[0] * m[7]) / det,
            (m[0] * m[4] - m[1] * m[3]) / det,
        ])
    }
    fn then(&self, o: &H) -> H {
        // o ∘ self
        let (a, b) = (&o.0, &self.0);
        let mut m = [0.0; 9];
        for r in 0..3 {
            for c in 0..3 {
                m[r * 3 + c] = (0..3).map(|k| a[r * 3 + k] * b[k * 3 + c]).sum();
            }
        }
        H(m)
    }
    fn map(&self, x: f64, y: f64) -> (f64, f64) {
        let m = &self.0;
        let d = m[6] * x + m[7] * y + m[8];
        (
            (m[0] * x + m[1] * y + m[2]) / d,
            (m[3] * x + m[4] * y + m[5]) / d,
        )
    }
}

/// The procedural enrolment page, in page pixels.
struct Page {
    w: f64,
    h: f64,
    dark: bool,
    /// QR module bitmap (true = dark module), side `n`, at `(qx, qy)` with `mp` page px/module.
    modules: Vec<bool>,
    n: usize,
    qx: f64,
    qy: f64,
    mp: f64,
    /// Text-line rectangles (x0, y0, x1, y1).
    lines: Vec<(f64, f64, f64, f64)>,
}

impl Page {
    fn new(rng: &mut Rng, text: &str, mp: f64, dark: bool) -> Page {
        let code = qrcode::QrCode::new(text.as_bytes()).expect("payload fits a QR code");
        let n = code.width();
        let modules: Vec<bool> = code
            .to_colors()
            .iter()
            .map(|c| *c == qrcode::Color::Dark)
            .collect();
        let side = (n + 8) as f64 * mp;
        let w = (side * 2.2).max(480.0);
        let h = (side * 1.6).max(360.0);
        let qx = w * 0.55 - side / 2.0 + 4.0 * mp;
        let qy = h * 0.52 - side / 2.0 + 4.0 * mp;
        let mut lines = Vec::new();
        // Header bar and text lines left of the code, like an account-security page.
        lines.push((0.0, 0.0, w, h * 0.07));
        let mut y = h * 0.12;
        while y < h * 0.95 {
            let x0 = w * 0.04;
            let x1 = x0 + rng.range(0.1, 0.4) * w;
            if x1 < qx - 4.0 * mp - 10.0 || y > qy + side || y + 8.0 < qy - 4.0 * mp {
                lines.push((x0, y, x1.min(w * 0.96), y + rng.range(6.0, 12.0)));
            }
            y += rng.range(18.0, 34.0);
        }
        Page {
            w,
            h,
            dark,
            modules,
            n,
            qx,
            qy,
            mp,
            lines,
        }
    }

    /// Page luminance in [0, 1] at page coordinates.
    fn luma(&self, u: f64, v: f64) -> f64 {
        if u < 0.0 || v < 0.0 || u >= self.w || v >= self.h {
            return -1.0; // off-page
        }
        let (bg, fg, text, bar) = if self.dark {
            (0.10, 0.92, 0.75, 0.2)
        } else {
            (0.97, 0.03, 0.25, 0.18)
        };
        let mx = ((u - self.qx) / self.mp).floor();
        let my = ((v - self.qy) / self.mp).floor();
        if mx >= 0.0 && my >= 0.0 && (mx as usize) < self.n && (my as usize) < self.n {
            return if self.modules[my as usize * self.n + mx as usize] {
                fg
            } else {
                bg
            };
        }
        for (i, &(x0, y0, x1, y1)) in self.lines.iter().enumerate() {
            if u >= x0 && u < x1 && v >= y0 && v < y1 {
                return if i == 0 { bar } else { text };
            }
        }
        bg
    }
}

/// Camera/scene parameters derived from the effect.
struct Scene {
    out_w: usize,
    out_h: usize,
    /// Page quad corners in the output image.
    quad: [(f64, f64); 4],
    ss: usize,
    glare: Option<(f64, f64, f64, f64)>,
    pixel_grid: bool,
    blur: f64,
    noise: f64,
    jpeg: Option<u8>,
    gradient: f64,
    desk: f64,
    /// Motion blur: (length in px, angle in radians).
    motion: Option<(f64, f64)>,
    /// Exposure gain (1.0 = normal; > 1 clips the whites, < 1 darkens).
    gain: f64,
}

fn quad_for(
    rng: &mut Rng,
    page: &Page,
    out_w: usize,
    out_h: usize,
    code_frac: f64,
    tilt: f64,
) -> [(f64, f64); 4] {
    // Scale so the code (with quiet zone) spans `code_frac` of the shorter output side.
    let side = (page.n + 8) as f64 * page.mp;
    let s = code_frac * out_w.min(out_h) as f64 / side;
    let (pw, ph) = (page.w * s, page.h * s);
    // Centre the code, with some jitter.
    let ccx = (page.qx + page.n as f64 * page.mp / 2.0) * s;
    let ccy = (page.qy + page.n as f64 * page.mp / 2.0) * s;
    let ox = out_w as f64 / 2.0 - ccx + rng.range(-0.08, 0.08) * out_w as f64;
    let oy = out_h as f64 / 2.0 - ccy + rng.range(-0.08, 0.08) * out_h as f64;
    let rot = rng.range(-0.12, 0.12);
    let (c, sn) = (rot.cos(), rot.sin());
    let (cx, cy) = (out_w as f64 / 2.0, out_h as f64 / 2.0);
    let corners = [(ox, oy), (ox + pw, oy), (ox + pw, oy + ph), (ox, oy + ph)];
    let mut q = corners.map(|(x, y)| {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * c - dy * sn, cy + dx * sn + dy * c)
    });
    // Perspective: pull one side's corners towards each other.
    if tilt > 0.0 {
        let k = rng.range(0.5, 1.0) * tilt;
        let side = rng.below(4);
        let (a, b) = (side, (side + 1) % 4);
        let (mx, my) = ((q[a].0 + q[b].0) / 2.0, (q[a].1 + q[b].1) / 2.0);
        q[a] = (q[a].0 + (mx - q[a].0) * k, q[a].1 + (my - q[a].1) * k);
        q[b] = (q[b].0 + (mx - q[b].0) * k, q[b].1 + (my - q[b].1) * k);
    }
    q
}

/// Generates sample `index` of `effect` deterministically.
pub fn generate(effect: Effect, index: u64) -> Sample {
    let mut rng = Rng::new(0x6B75_6C63_7300_0000 ^ (effect as u64) << 32 ^ index);
    let text = payload(&mut rng);
    let dark = effect == Effect::DarkTheme;
    let mp = if effect == Effect::Moire {
        rng.range(3.0, 4.0).round()
    } else {
        4.0
    };
    let page = Page::new(&mut rng, &text, mp, dark);
    let (out_w, out_h) = match effect {
        Effect::Cam720 => (1280, 720),
        Effect::Cam1080 => (1920, 1080),
        Effect::Screenshot => (page.w.ceil() as usize, page.h.ceil() as usize),
        Effect::Small => (480, 360),
        _ => (640, 480),
    };
    let n = page.n as f64;
    let frac = rng.range(0.0, 1.0);
    let quad = match effect {
        Effect::Screenshot => [(0.0, 0.0), (page.w, 0.0), (page.w, page.h), (0.0, page.h)],
        Effect::Tilt => quad_for(&mut rng, &page, out_w, out_h, 0.6 + 0.2 * frac, 0.45),
        Effect::Small => {
            // 2.0 .. 2.9 output px per module.
            let px_per_module = rng.range(2.0, 2.9);
            let frac = px_per_module * (n + 8.0) / out_w.min(out_h) as f64;
            quad_for(&mut rng, &page, out_w, out_h, frac, 0.05)
        }
        Effect::Moire => {
            // A screen pixel lands on 1.1 .. 1.6 camera pixels: the grid aliases.
            let cam_per_screen = rng.range(1.1, 1.6);
            let frac = cam_per_screen * (n + 8.0) * page.mp / out_w.min(out_h) as f64;
            quad_for(&mut rng, &page, out_w, out_h, frac, 0.1)
        }
        Effect::Cam720 | Effect::Cam1080 => {
            quad_for(&mut rng, &page, out_w, out_h, 0.3 + 0.2 * frac, 0.15)
        }
        _ => quad_for(&mut rng, &page, out_w, out_h, 0.55 + 0.2 * frac, 0.12),
    };
    let scene = Scene {
        out_w,
        out_h,
        quad,
        ss: if effect == Effect::Screenshot || effect == Effect::Moire {
            1
        } else {
            2
        },
        glare: (effect == Effect::Glare).then(|| {
            let (cx, cy) = ((quad[0].0 + quad[2].0) / 2.0, (quad[0].1 + quad[2].1) / 2.0);
            let r = out_w.min(out_h) as f64 * rng.range(0.12, 0.2);
            (
                cx + rng.range(-0.15, 0.15) * out_w as f64,
                cy + rng.range(-0.15, 0.15) * out_h as f64,
                r,
                rng.range(0.6, 0.9),
            )
        }),
        pixel_grid: effect == Effect::Moire,
        blur: match effect {
            Effect::Blur => rng.range(1.2, 1.8),
            Effect::Screenshot | Effect::Small => 0.0,
            _ => 0.5,
        },
        noise: match effect {
            Effect::Jpeg => 0.06,
            Effect::Screenshot => 0.0,
            _ => 0.015,
        },
        jpeg: match effect {
            Effect::Jpeg => Some(rng.range(25.0, 45.0) as u8),
            Effect::Cam720 | Effect::Cam1080 => Some(80),
            _ => None,
        },
        gradient: if effect == Effect::Screenshot {
            0.0
        } else {
            rng.range(0.1, 0.35)
        },
        desk: rng.range(0.15, 0.45),
        motion: None,
        gain: 1.0,
    };
    let luma = render(&page, &scene, &mut rng);
    Sample {
        name: format!("{}-{index:03}", effect.name()),
        effect,
        width: out_w as u32,
        height: out_h as u32,
        luma,
        text,
    }
}

fn render(page: &Page, sc: &Scene, rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (sc.out_w, sc.out_h);
    let page_to_cam = H::square_to_quad(sc.quad);
    let unit_to_page =
        H::square_to_quad([(0.0, 0.0), (page.w, 0.0), (page.w, page.h), (0.0, page.h)]);
    // camera -> unit -> page
    let cam_to_page = page_to_cam.inverse().then(&unit_to_page);
    let mut img = vec![0f64; w * h];
    let ss = sc.ss.max(1);
    let gdir = rng.range(0.0, std::f64::consts::TAU);
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for sy in 0..ss {
                for sx in 0..ss {
                    let cx = x as f64 + (sx as f64 + 0.5) / ss as f64;
                    let cy = y as f64 + (sy as f64 + 0.5) / ss as f64;
                    let (u, v) = cam_to_page.map(cx, cy);
                    let mut l = page.luma(u, v);
                    if l < 0.0 {
                        // Desk / bezel with a little texture.
                        l = sc.desk + 0.03 * (((cx * 0.37).sin() + (cy * 0.23).cos()) * 0.5);
                    } else if sc.pixel_grid {
                        // Monitor black matrix: dark gaps between screen pixels and subpixels.
                        let (fu, fv) = (u.fract(), v.fract());
                        let sub = (fu * 3.0).fract();
                        let mask = if fv > 0.78 {
                            0.45
                        } else if sub > 0.8 {
                            0.7
                        } else {
                            1.0
                        };
                        l = 0.08 + l * mask * 0.9;
                    }
                    acc += l;
                }
            }
            let mut l = acc / (ss * ss) as f64;
            // Lighting gradient and vignetting.
            let (nx, ny) = (x as f64 / w as f64 - 0.5, y as f64 / h as f64 - 0.5);
            let grad = 1.0 - sc.gradient * (0.5 + nx * gdir.cos() + ny * gdir.sin());
            let vig = 1.0 - 0.25 * (nx * nx + ny * ny);
            l = l * grad * vig;
            if let Some((gx, gy, r, strength)) = sc.glare {
                let d2 = ((x as f64 - gx).powi(2) + (y as f64 - gy).powi(2)) / (r * r);
                l += strength * (-d2).exp();
            }
            img[y * w + x] = l;
        }
    }
    if sc.blur > 0.0 {
        blur(&mut img, w, h, sc.blur);
    }
    if let Some((len, angle)) = sc.motion {
        motion_blur(&mut img, w, h, len, angle);
    }
    if sc.gain != 1.0 {
        for l in img.iter_mut() {
            *l *= sc.gain;
        }
    }
    let mut out: Vec<u8> = img
        .iter()
        .map(|&l| {
            let n = if sc.noise > 0.0 {
                rng.gauss() * sc.noise
            } else {
                0.0
            };
            ((l + n) * 255.0).round().clamp(0.0, 255.0) as u8
        })
        .collect();
    if let Some(q) = sc.jpeg {
        out = jpeg_round_trip(&out, w, h, q);
    }
    out
}

/// Approximate Gaussian blur of the given sigma: three box passes per axis.
fn blur(img: &mut [f64], w: usize, h: usize, sigma: f64) {
    let r = ((sigma * sigma * 4.0 + 1.0).sqrt() / 2.0).round().max(1.0) as usize;
    let mut tmp = vec![0f64; img.len()];
    for _ in 0..3 {
        for y in 0..h {
            for x in 0..w {
                let (x0, x1) = (x.saturating_sub(r), (x + r + 1).min(w));
                tmp[y * w + x] = img[y * w + x0..y * w + x1].iter().sum::<f64>() / (x1 - x0) as f64;
            }
        }
        for y in 0..h {
            let (y0, y1) = (y.saturating_sub(r), (y + r + 1).min(h));
            for x in 0..w {
                img[y * w + x] = (y0..y1).map(|yy| tmp[yy * w + x]).sum::<f64>() / (y1 - y0) as f64;
            }
        }
    }
}

/// Linear motion blur: the mean of the image shifted along a `len`-px segment at `angle`.
fn motion_blur(img: &mut [f64], w: usize, h: usize, len: f64, angle: f64) {
    let taps = len.round().max(1.0) as usize;
    if taps < 2 {
        return;
    }
    let (dx, dy) = (angle.cos(), angle.sin());
    let offsets: Vec<(isize, isize)> = (0..taps)
        .map(|k| {
            let t = k as f64 - (taps - 1) as f64 / 2.0;
            ((t * dx).round() as isize, (t * dy).round() as isize)
        })
        .collect();
    let src = img.to_vec();
    for y in 0..h {
        for x in 0..w {
            let mut acc = 0.0;
            for &(ox, oy) in &offsets {
                let xx = (x as isize + ox).clamp(0, w as isize - 1) as usize;
                let yy = (y as isize + oy).clamp(0, h as isize - 1) as usize;
                acc += src[yy * w + xx];
            }
            img[y * w + x] = acc / taps as f64;
        }
    }
}

fn jpeg_round_trip(luma: &[u8], w: usize, h: usize, quality: u8) -> Vec<u8> {
    let mut buf = Cursor::new(Vec::new());
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut buf, quality);
    image::ImageEncoder::write_image(enc, luma, w as u32, h as u32, image::ExtendedColorType::L8)
        .expect("jpeg encode");
    let img = image::load_from_memory(buf.get_ref())
        .expect("jpeg decode")
        .into_luma8();
    img.into_raw()
}
