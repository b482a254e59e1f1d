//! Harder generated sets: 1080p photos of an enrolment page on a PC screen, one weak effect each
//! (motion blur, small code, defocus, 180° rotation, noise, combinations), and simulated camera
//! sequences (a hand bringing the phone to the screen) for the live frames-to-read figures.

use super::{payload, quad_for, render, Effect, Page, Rng, Sample, Scene};

/// One weak effect of the 1080p screen-photo set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hard {
    /// A clean screen photo (reference for the timing figures).
    Plain,
    /// Motion blur of 1–2 modules.
    Motion,
    /// Code at 2.8–3.6 camera px per module (2.2–3.0 was read by neither decoder).
    Small,
    /// Defocus, sigma 2.0–3.0 px.
    Defocus,
    /// Phone held upside down (180° ± 7°).
    Rot180,
    /// Sensor noise and a low-quality JPEG.
    Noise,
    /// Mild motion + defocus + noise + tilt + exposure, any orientation.
    Combo,
}

/// Every effect of the hard set.
pub const ALL_HARD: [Hard; 7] = [
    Hard::Plain,
    Hard::Motion,
    Hard::Small,
    Hard::Defocus,
    Hard::Rot180,
    Hard::Noise,
    Hard::Combo,
];

impl Hard {
    /// Short name for files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Hard::Plain => "plain",
            Hard::Motion => "motion",
            Hard::Small => "small",
            Hard::Defocus => "defocus",
            Hard::Rot180 => "rot180",
            Hard::Noise => "noise",
            Hard::Combo => "combo",
        }
    }

    /// Parses [`Hard::name`].
    pub fn from_name(s: &str) -> Option<Hard> {
        ALL_HARD.into_iter().find(|h| h.name() == s)
    }
}

/// Camera parameters of one shot.
#[derive(Debug, Clone, Copy)]
struct Shot {
    out_w: usize,
    out_h: usize,
    /// Code (with quiet zone) as a fraction of the shorter side.
    code_frac: f64,
    tilt: f64,
    rot180: bool,
    defocus: f64,
    motion: Option<(f64, f64)>,
    noise: f64,
    jpeg: Option<u8>,
    gain: f64,
    pixel_grid: bool,
    /// Scale of the page quad about the frame centre, and a shift (camera sequences).
    zoom: f64,
    shift: (f64, f64),
    ss: usize,
}

fn render_shot(page: &Page, shot: &Shot, rng: &mut Rng) -> Vec<u8> {
    let mut quad = quad_for(rng, page, shot.out_w, shot.out_h, shot.code_frac, shot.tilt);
    let (cx, cy) = (shot.out_w as f64 / 2.0, shot.out_h as f64 / 2.0);
    for q in &mut quad {
        let (mut x, mut y) = (cx + (q.0 - cx) * shot.zoom, cy + (q.1 - cy) * shot.zoom);
        if shot.rot180 {
            (x, y) = (2.0 * cx - x, 2.0 * cy - y);
        }
        *q = (x + shot.shift.0, y + shot.shift.1);
    }
    let scene = Scene {
        out_w: shot.out_w,
        out_h: shot.out_h,
        quad,
        ss: shot.ss,
        glare: None,
        pixel_grid: shot.pixel_grid,
        blur: shot.defocus,
        noise: shot.noise,
        jpeg: shot.jpeg,
        gradient: rng.range(0.1, 0.3),
        desk: rng.range(0.1, 0.3),
        motion: shot.motion,
        gain: shot.gain,
    };
    render(page, &scene, rng)
}

/// Sample `index` of the hard 1080p screen-photo set for `kind` (deterministic).
pub fn generate_hard(kind: Hard, index: u64) -> Sample {
    let mut rng = Rng::new(0x4841_5244_0000_0000 ^ (kind as u64) << 40 ^ index);
    let text = payload(&mut rng);
    let page = Page::new(&mut rng, &text, 4.0, false);
    let n = page.n as f64;
    let (out_w, out_h) = (1920usize, 1080usize);
    let mut shot = Shot {
        out_w,
        out_h,
        code_frac: rng.range(0.25, 0.45),
        tilt: 0.12,
        rot180: false,
        defocus: 0.7,
        motion: None,
        noise: 0.015,
        jpeg: Some(85),
        gain: 1.0,
        // Half of the photos show the monitor's pixel grid (moiré).
        pixel_grid: index % 2 == 1,
        zoom: 1.0,
        shift: (0.0, 0.0),
        ss: 1,
    };
    let angle = rng.range(0.0, std::f64::consts::PI);
    let module_px = shot.code_frac * out_h as f64 / (n + 8.0);
    match kind {
        Hard::Plain => {}
        Hard::Motion => shot.motion = Some((module_px * rng.range(1.0, 2.0), angle)),
        Hard::Small => {
            shot.code_frac = rng.range(2.8, 3.6) * (n + 8.0) / out_h as f64;
            shot.pixel_grid = false;
        }
        Hard::Defocus => shot.defocus = rng.range(2.0, 3.0),
        Hard::Rot180 => shot.rot180 = true,
        Hard::Noise => {
            shot.noise = rng.range(0.06, 0.09);
            shot.jpeg = Some(rng.range(40.0, 60.0) as u8);
        }
        Hard::Combo => {
            shot.motion = Some((module_px * rng.range(0.5, 1.0), angle));
            shot.defocus = rng.range(1.2, 1.8);
            shot.noise = 0.04;
            shot.tilt = 0.3;
            shot.gain = rng.range(0.75, 1.3);
            shot.rot180 = rng.below(2) == 1;
        }
    }
    let luma = render_shot(&page, &shot, &mut rng);
    Sample {
        name: format!("hard-{}-{index:03}", kind.name()),
        effect: Effect::Cam1080,
        width: out_w as u32,
        height: out_h as u32,
        luma,
        text,
    }
}

/// A kind of simulated camera sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeqKind {
    /// The phone approaches the screen: the code grows, defocus clears, motion fades.
    Approach,
    /// Hand shake: motion blur of random length and direction on every frame.
    Shake,
    /// Auto-exposure settling from over- or under-exposed to normal.
    Exposure,
}

/// Every sequence kind.
pub const ALL_SEQ: [SeqKind; 3] = [SeqKind::Approach, SeqKind::Shake, SeqKind::Exposure];

impl SeqKind {
    /// Short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            SeqKind::Approach => "approach",
            SeqKind::Shake => "shake",
            SeqKind::Exposure => "exposure",
        }
    }
}

/// Frames per simulated sequence.
pub const SEQ_FRAMES: usize = 12;

/// A simulated camera sequence: 1280×720 luma frames, in order.
pub struct Sequence {
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub frames: Vec<Vec<u8>>,
    pub text: String,
}

/// Sequence `index` of `kind` (deterministic). Frames are rendered lazily by the caller
/// through [`sequence_frame`] when memory matters; this renders them all.
pub fn generate_sequence(kind: SeqKind, index: u64) -> Sequence {
    let mut frames = Vec::with_capacity(SEQ_FRAMES);
    let mut text = String::new();
    for f in 0..SEQ_FRAMES {
        let (t, luma) = sequence_frame(kind, index, f);
        text = t;
        frames.push(luma);
    }
    Sequence {
        name: format!("seq-{}-{index:03}", kind.name()),
        width: 1280,
        height: 720,
        frames,
        text,
    }
}

/// Frame `f` of sequence `index` of `kind`: (expected text, 1280×720 luma).
pub fn sequence_frame(kind: SeqKind, index: u64, f: usize) -> (String, Vec<u8>) {
    let mut rng = Rng::new(0x5345_5100_0000_0000 ^ (kind as u64) << 40 ^ index);
    let text = payload(&mut rng);
    let page = Page::new(&mut rng, &text, 4.0, false);
    let final_frac = rng.range(0.3, 0.45);
    let pixel_grid = rng.below(2) == 1;
    let over = rng.below(2) == 1;
    // Per-frame randomness (shake direction, noise) from its own stream.
    let mut frng = Rng::new(0x4652_0000 ^ index << 8 ^ f as u64);
    let t = f as f64 / (SEQ_FRAMES - 1) as f64;
    let n = page.n as f64;
    let module_px = final_frac * 720.0 / (n + 8.0);
    let mut shot = Shot {
        out_w: 1280,
        out_h: 720,
        code_frac: final_frac,
        tilt: 0.12,
        rot180: false,
        defocus: 0.7,
        motion: None,
        noise: 0.02,
        jpeg: None,
        gain: 1.0,
        pixel_grid,
        zoom: 1.0,
        shift: (0.0, 0.0),
        ss: 1,
    };
    match kind {
        SeqKind::Approach => {
            // Zoom from 55 % to 100 % of the final size; focus and motion settle by ~40 %.
            let settle = (1.0 - t / 0.45).max(0.0);
            shot.zoom = 0.55 + 0.45 * t.min(1.0);
            shot.defocus = 0.7 + 3.0 * settle;
            let len = module_px * shot.zoom * (0.3 + 1.5 * settle);
            shot.motion = Some((len, frng.range(0.0, std::f64::consts::PI)));
            shot.shift = (80.0 * (1.0 - t), -40.0 * (1.0 - t));
        }
        SeqKind::Shake => {
            let len = module_px * frng.range(0.3, 2.0);
            shot.motion = Some((len, frng.range(0.0, std::f64::consts::PI)));
        }
        SeqKind::Exposure => {
            // Exposure error decays by half per frame.
            let k = 0.5f64.powi(f as i32);
            shot.gain = if over { 1.0 + 1.6 * k } else { 1.0 - 0.7 * k };
        }
    }
    // `rng` restarts from the sequence's seed on every frame, so the page quad (and the
    // noise pattern) stay put while the per-frame stream `frng` varies the shake.
    let luma = render_shot(&page, &shot, &mut rng);
    (text, luma)
}
