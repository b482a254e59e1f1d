//! Owns the still-image decoding cascade: which scales, crops and binarisations are tried, in
//! which order (cheapest and most likely first), under a time budget, with scratch buffers that
//! are reused from one call to the next.

use super::binarize::{self, Integral};
use super::error::QrError;
use super::finder::Finder;
use super::frame::{Gray, Plane};
use super::locate;
use super::plan::{MAX_WORK_PIXELS, PLAN};
use super::sampler::Sampler;
use super::QrSymbol;
use std::time::Duration;

use crate::monotonic::Instant;

mod accept;
mod attempt;
mod steps;
#[cfg(test)]
mod tests;

use accept::Pending;
pub(crate) use accept::{into_symbols, Found};

/// Options for one decode call.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Soft time budget for the call. No cascade step starts once it is spent, nor one
    /// predicted to overrun it; a step already running finishes. The first step always runs.
    pub budget: Duration,
    /// Keep searching after a code was decoded, to find every code in the image. When false,
    /// the cascade stops at the first attempt in which every located code decoded.
    pub exhaustive: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            budget: Duration::from_secs(1),
            exhaustive: false,
        }
    }
}

/// What happened during a call, for hints and diagnostics.
#[derive(Debug, Clone, Default)]
pub struct DecodeStats {
    /// Number of cascade steps run (each binarises one working image and runs its locators).
    pub attempts: u32,
    /// Whether any attempt located a grid (three finder patterns forming a code).
    pub located: bool,
    /// Smallest module size, in source pixels, of a located grid that did not decode
    /// (0 when none).
    pub undecoded_module_px: f32,
    /// Most finder patterns seen forming one plausible code (0..=3).
    pub finders: usize,
    /// Module size in source pixels of the best finder group seen (0 when none).
    pub finder_module_px: f32,
    /// Whether rqrr panicked (contained) during the call.
    pub panicked: bool,
    /// Index in the cascade of the first attempt that decoded something (diagnostics).
    pub decoded_at: Option<u32>,
    /// Whether the budget ran out before the cascade finished.
    pub out_of_time: bool,
    /// Whether the cascade stopped early for lack of evidence of a code (no two finder
    /// candidates and no located grid after the full-resolution locator steps).
    pub gave_up: bool,
    /// Highest Reed–Solomon correction load (share of a block's capacity used, 0..=1) among
    /// the payloads returned.
    pub correction_load: f32,
    /// Decodes set aside because they were not proven by themselves (Reed–Solomon corrections
    /// a wrong grid could plausibly produce) and no independent read confirmed them yet (see
    /// `docs/qr.md`, "Never a wrong payload").
    pub unconfirmed: u32,
    /// Milliseconds spent per cascade step run, in order: (step index, ms).
    pub step_ms: Vec<(u32, f32)>,
    /// Milliseconds spent in binarisation, our locator + sampler (including its rqrr
    /// decodes), and rqrr's own detector, over the whole call.
    pub phase_ms: [f32; 3],
}

/// Reusable decoder state: scratch buffers kept across calls to avoid allocation storms.
#[derive(Debug, Default)]
pub struct Decoder {
    work: Gray,
    sharp: Gray,
    /// Running estimate of step cost in ns per working-image pixel, per `Engines` kind.
    ns_per_px: [f64; 3],
    integral: Integral,
    midrange: binarize::Midrange,
    integral_for: Option<(usize, usize, u64)>,
    bits: Vec<u8>,
    sampler: Sampler,
    finders: Vec<Finder>,
    located: Vec<locate::Located>,
    /// Decodes not proven by themselves, awaiting an independent confirmation.
    pending: Vec<Pending>,
    /// Stats of the last still-image call, also when it found nothing.
    last_stats: DecodeStats,
}

/// Live mode starts a step only if this multiple of its estimated cost fits the budget.
const LIVE_COST_MARGIN: f64 = 2.0;

/// Limits for one [`Decoder::run_steps`] call.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepLimits {
    /// No step starts after this, nor one predicted to overrun it.
    pub deadline: Instant,
    /// The first step runs even if it is predicted to overrun (still images). When false
    /// (live mode) such a step is passed over, counted as consumed, so a round robin moves on.
    pub first_always_runs: bool,
    /// Keep going after a step decoded everything it located.
    pub exhaustive: bool,
    /// Skip steps whose working image would have more pixels than this.
    pub max_pixels: usize,
    /// Stop after [`GIVE_UP_AFTER`] when nothing looked like a code (still images).
    pub give_up_early: bool,
}

impl Decoder {
    /// A decoder with empty scratch buffers (they grow on first use and are then reused).
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the cascade on `src`. Returns the decoded symbols (deduplicated by text) and stats.
    pub(crate) fn run(
        &mut self,
        src: &Plane<'_>,
        opts: &DecodeOptions,
    ) -> (Vec<QrSymbol>, DecodeStats) {
        let deadline = Instant::now() + opts.budget;
        let mut stats = DecodeStats::default();
        let mut found: Vec<Found> = Vec::new();
        self.pending.clear();
        let limits = StepLimits {
            deadline,
            first_always_runs: true,
            exhaustive: opts.exhaustive,
            max_pixels: MAX_WORK_PIXELS,
            give_up_early: true,
        };
        self.run_steps(src, 0..PLAN.len(), &limits, &mut found, &mut stats);
        (into_symbols(found), stats)
    }

    /// What happened during the last still-image decode call, also when it returned an error
    /// (profiling misses).
    pub fn last_stats(&self) -> &DecodeStats {
        &self.last_stats
    }

    /// Forgets heavily corrected decodes awaiting confirmation (a new live session).
    pub(crate) fn forget_pending(&mut self) {
        self.pending.clear();
    }

    /// Number of steps in the cascade (checked against the live scanner's order).
    #[cfg(test)]
    pub(crate) fn plan_len() -> usize {
        PLAN.len()
    }
}

/// Entry point shared by the public functions: runs the cascade, maps "nothing" to errors.
pub(crate) fn decode_gray(
    dec: &mut Decoder,
    src: &Plane<'_>,
    opts: &DecodeOptions,
) -> Result<(Vec<QrSymbol>, DecodeStats), QrError> {
    let (symbols, stats) = dec.run(src, opts);
    dec.last_stats = stats.clone();
    if symbols.is_empty() {
        if stats.panicked && !stats.located {
            return Err(QrError::DecoderFault);
        }
        return Err(QrError::NoQrCode);
    }
    Ok((symbols, stats))
}
