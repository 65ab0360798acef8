//! Sharing a run: links, files, URL parameters and the QR code, without the browser.
//!
//! A [`SharedRun`] names where a run started (the lively or blank cluster
//! and its seed, or a lesson at a step) and every console line typed since,
//! each with the simulated moment it was typed (time and event count), then
//! where the run ended and the trace hash there. Opening it replays the lines
//! at those moments ([`session::Session::from_shared`]) and checks the hash,
//! so a link either reproduces the run exactly or says why it cannot.
//!
//! **Link format** (the URL fragment, never sent to a server):
//! `#run=1.<payload>` where `1` is the link version ([`LINK_VERSION`]) and
//! `payload` is base64url (no padding) of the [`lz77::compress`]ed bytes of
//! `json ‖ fnv1a64(json)` (8 bytes, little endian). The JSON is the
//! [`SharedRun`] itself; the exported file is the same JSON, pretty-printed.
//! (Why LZ77 and not deflate: [`codec`].)
//!
//! - [`codec`]: base64url, FNV-1a; [`lz77`]: the compressor;
//! - [`session`]: the engine the runner drives (player + lesson + journal);
//! - [`params`]: the page's URL parameters;
//! - [`qr`]: the share link as an SVG QR code; [`address`]: the address it carries;
//! - [`text`]: the strings of the lesson, embed and share panels (ko/en).

pub mod address;
pub mod codec;
pub mod lz77;
pub mod params;
pub mod qr;
pub mod session;

use serde::{Deserialize, Serialize};

use crate::sim::hash::fnv1a64;

/// The run format version (the JSON's `version`) this build writes and reads.
pub const VERSION: u32 = 1;
/// The link version this build writes and reads (1 = LZ77).
pub const LINK_VERSION: u32 = 1;
/// The fragment prefix of a share link.
pub const FRAGMENT_PREFIX: &str = "run=";
/// Longest console line accepted in a shared run.
const MAX_LINE: usize = 2_000;
/// Most operations accepted in a shared run.
const MAX_OPS: usize = 5_000;

/// Where a run starts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Scenario {
    /// Three brokers, a topic and a producer ([`crate::player::Player::lively`]).
    Lively,
    /// The blank cluster of `kafkasim console --seed N`.
    Blank,
    /// W1's busy shape on five brokers ([`crate::player::Player::busy`]).
    Busy,
    /// A built-in lesson, started and advanced to `step`.
    Lesson { id: String, step: usize },
}

/// What happened at one moment of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Op {
    /// A console line; `failed` is whether it failed when typed (checked on replay).
    Line { line: String, failed: bool },
    /// Ctrl+C in the console.
    Interrupt,
    /// The lesson went on to its next step.
    Next,
}

/// An operation at a simulated moment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    /// Simulated time in microseconds.
    pub t: u64,
    /// Events processed before it.
    pub e: u64,
    pub op: Op,
}

/// A whole run, as a link or a file carries it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedRun {
    /// Always `"kafkasim-run"` (so a stray JSON file is recognised as not one).
    pub format: String,
    pub version: u32,
    pub scenario: Scenario,
    pub seed: u64,
    pub ops: Vec<Moment>,
    /// Where the run ended: simulated time (µs) and events processed.
    pub end_t: u64,
    pub end_e: u64,
    /// The trace hash at the end (checked after replay).
    pub hash: u64,
    /// The speed factor the presenter used.
    #[serde(default = "one")]
    pub speed: f64,
}

fn one() -> f64 {
    1.0
}

/// Why a link or file could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// Not base64url, not a valid compressed stream, or cut short.
    Malformed(String),
    /// The checksum does not match: the link was changed or cut.
    Checksum,
    /// A version this build does not read.
    Version(String),
    /// The JSON is not a run (missing or unknown fields, wrong types).
    Invalid(String),
    /// The run names no built-in lesson or step.
    Lesson(String),
    /// Replaying did not reproduce the run (a line behaved differently, or the hash differs).
    Replay(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::Malformed(m) => write!(f, "malformed: {m}"),
            ShareError::Checksum => write!(f, "checksum mismatch: the link was changed or cut short"),
            ShareError::Version(v) => write!(f, "unknown version {v}"),
            ShareError::Invalid(m) => write!(f, "not a KafkaSim run: {m}"),
            ShareError::Lesson(m) => write!(f, "lesson: {m}"),
            ShareError::Replay(m) => write!(f, "does not reproduce: {m}"),
        }
    }
}

impl SharedRun {
    /// Checks everything that can be checked without replaying.
    /// The built-in lesson the run starts from, if any.
    pub fn lesson_id(&self) -> Option<&str> {
        match &self.scenario {
            Scenario::Lesson { id, .. } => Some(id),
            _ => None,
        }
    }

    pub fn validate(&self) -> Result<(), ShareError> {
        if self.format != "kafkasim-run" {
            return Err(ShareError::Invalid(format!("format {:?}", self.format)));
        }
        if self.version != VERSION {
            return Err(ShareError::Version(self.version.to_string()));
        }
        if !self.speed.is_finite() || self.speed <= 0.0 {
            return Err(ShareError::Invalid(format!("speed {}", self.speed)));
        }
        if self.ops.len() > MAX_OPS {
            return Err(ShareError::Invalid(format!("{} operations", self.ops.len())));
        }
        if let Scenario::Lesson { id, step } = &self.scenario {
            let lesson =
                crate::lessons::entry(id).ok_or_else(|| ShareError::Lesson(format!("no lesson named {id:?}")))?;
            if *step > lesson.steps {
                return Err(ShareError::Lesson(format!("{id} has {} steps, not {step}", lesson.steps)));
            }
        }
        let mut last = (0, 0);
        for (i, m) in self.ops.iter().enumerate() {
            if m.t < last.0 || m.e < last.1 {
                return Err(ShareError::Invalid(format!("operation {} goes back in time", i + 1)));
            }
            last = (m.t, m.e);
            match &m.op {
                Op::Line { line, .. } if line.len() > MAX_LINE || line.chars().any(|c| c.is_control()) => {
                    return Err(ShareError::Invalid(format!("operation {}: invalid console line", i + 1)));
                }
                Op::Next if !matches!(self.scenario, Scenario::Lesson { .. }) => {
                    return Err(ShareError::Invalid(format!("operation {}: next step outside a lesson", i + 1)));
                }
                _ => {}
            }
        }
        if self.end_e < last.1 || self.end_t < last.0 {
            return Err(ShareError::Invalid("the run ends before its last operation".into()));
        }
        Ok(())
    }

    /// The run as a pretty JSON file.
    pub fn to_file(&self) -> String {
        serde_json::to_string_pretty(self).expect("a run serialises")
    }

    /// Reads and validates an exported file.
    pub fn from_file(text: &str) -> Result<SharedRun, ShareError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ShareError::Malformed(format!("not JSON ({e})")))?;
        check_header(&value)?;
        let run: SharedRun = serde_json::from_value(value).map_err(|e| ShareError::Invalid(e.to_string()))?;
        run.validate()?;
        Ok(run)
    }

    /// The fragment (without `#`): `run=1.<payload>`.
    pub fn to_fragment(&self) -> String {
        format!("{FRAGMENT_PREFIX}{LINK_VERSION}.{}", codec::b64_encode(&lz77::compress(&self.checked_json())))
    }

    /// `json ‖ fnv1a64(json)`, the bytes a link packs.
    fn checked_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec(self).expect("a run serialises");
        let sum = fnv1a64(&bytes);
        bytes.extend_from_slice(&sum.to_le_bytes());
        bytes
    }

    /// Reads a fragment (with or without `#`). `Ok(None)` if it is not a share link at all.
    pub fn from_fragment(fragment: &str) -> Result<Option<SharedRun>, ShareError> {
        let f = fragment.trim_start_matches('#');
        let Some(rest) = f.strip_prefix(FRAGMENT_PREFIX) else { return Ok(None) };
        let (version, payload) =
            rest.split_once('.').ok_or_else(|| ShareError::Malformed("no version before the payload".into()))?;
        if version != LINK_VERSION.to_string() {
            return Err(ShareError::Version(version.chars().take(12).collect()));
        }
        let packed = codec::b64_decode(payload).ok_or_else(|| ShareError::Malformed("not base64url".into()))?;
        let bytes = lz77::decompress(&packed).ok_or_else(|| ShareError::Malformed("cut short or corrupted".into()))?;
        if bytes.len() < 8 {
            return Err(ShareError::Malformed("too short".into()));
        }
        let (json, sum) = bytes.split_at(bytes.len() - 8);
        if fnv1a64(json).to_le_bytes() != sum {
            return Err(ShareError::Checksum);
        }
        // Text first, then the same reader as a file: serde_json's byte-slice
        // reader would be a second copy of its parser in the wasm (~3 KB gz).
        let text = std::str::from_utf8(json).map_err(|e| ShareError::Malformed(format!("not JSON ({e})")))?;
        SharedRun::from_file(text).map(Some)
    }
}

/// The format and version first, so an unknown version is reported as such
/// rather than as a field mismatch.
fn check_header(value: &serde_json::Value) -> Result<(), ShareError> {
    if value.get("format").and_then(|f| f.as_str()) != Some("kafkasim-run") {
        return Err(ShareError::Invalid("no \"format\": \"kafkasim-run\"".into()));
    }
    match value.get("version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(VERSION) => Ok(()),
        Some(v) => Err(ShareError::Version(v.to_string())),
        None => Err(ShareError::Invalid("no version".into())),
    }
}

#[cfg(test)]
mod tests;
