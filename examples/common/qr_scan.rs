//! Reading a QR symbol from an image: the payload, and how the symbol was encoded.
//!
//! `rqrr` finds the symbol, corrects errors and returns the content, but it skips ECI
//! designators and does not say which segment modes were used, and those are what EMVCo MPM
//! 4.12 rules on (byte mode only, ECI 000026 when the payload is not printable ASCII). So the
//! data codewords are also read here straight from the module grid rqrr sampled, with the
//! `qrcode` crate's own tables for where data modules are and how blocks interleave. That
//! read has no error correction: it is trusted only when its bytes equal rqrr's corrected
//! content, which holds for any symbol without damage in its data codewords.
//!
//! Shared by the scan example and tests/qr_images.rs.
#![allow(dead_code)]

use image::GrayImage;
use qrcode::canvas::{Canvas, Module};
use qrcode::types::{EcLevel, Version};
use rqrr::BitGrid;

/// One segment of a symbol's data stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// ECI designator (assignment number).
    Eci(u32),
    /// Numeric mode, this many digits.
    Numeric(usize),
    /// Alphanumeric mode, this many characters.
    Alphanumeric(usize),
    /// Byte mode, this many bytes.
    Byte(usize),
    /// Kanji mode, this many characters.
    Kanji(usize),
    /// Structured append header: position and total (1-based).
    StructuredAppend { position: u8, total: u8 },
    /// FNC1 mode indicator (GS1 or AIM application).
    Fnc1,
}

impl std::fmt::Display for Segment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Segment::Eci(n) => write!(f, "ECI {n:06}"),
            Segment::Numeric(n) => write!(f, "numeric({n})"),
            Segment::Alphanumeric(n) => write!(f, "alphanumeric({n})"),
            Segment::Byte(n) => write!(f, "byte({n})"),
            Segment::Kanji(n) => write!(f, "kanji({n})"),
            Segment::StructuredAppend { position, total } => write!(f, "structured-append({position}/{total})"),
            Segment::Fnc1 => write!(f, "FNC1"),
        }
    }
}

/// What was read from an image.
#[derive(Debug, Clone)]
pub struct Scanned {
    /// The content bytes after error correction, all segments joined, ECI designators dropped.
    pub content: Vec<u8>,
    /// QR version, 1 to 40.
    pub version: usize,
    /// Error correction level.
    pub ec: EcLevel,
    /// Mask pattern, 0 to 7.
    pub mask: u16,
    /// The segments in order, when they could be read without error correction; `None` for a
    /// damaged symbol, where only rqrr's corrected content is known.
    pub segments: Option<Vec<Segment>>,
    /// How many symbols were found in the image (the first that decodes is read).
    pub symbols_found: usize,
}

impl Scanned {
    /// The ECI designators in the stream (`Some(vec![])`: none; `None`: unknown).
    pub fn ecis(&self) -> Option<Vec<u32>> {
        self.segments
            .as_ref()
            .map(|s| s.iter().filter_map(|s| if let Segment::Eci(n) = s { Some(*n) } else { None }).collect())
    }

    /// Departures from EMVCo MPM 4.12 visible in the symbol, given the decoded payload.
    pub fn breaches(&self) -> Vec<String> {
        let mut out = Vec::new();
        let Some(segments) = &self.segments else {
            out.push("the symbol's segments could not be read without error correction (damaged or dirty?), so its modes and ECI are unchecked".into());
            return out;
        };
        let other_modes: Vec<String> = segments
            .iter()
            .filter(|s| matches!(s, Segment::Numeric(_) | Segment::Alphanumeric(_) | Segment::Kanji(_) | Segment::Fnc1))
            .map(|s| s.to_string())
            .collect();
        if !other_modes.is_empty() {
            out.push(format!("segments {} are not byte mode; EMVCo asks for byte mode only", other_modes.join(", ")));
        }
        if segments.iter().any(|s| matches!(s, Segment::StructuredAppend { .. })) {
            out.push("the symbol is part of a structured append; EMVCo forbids it".into());
        }
        let plain = self.content.iter().all(|b| (0x20..=0x7e).contains(b));
        let ecis = self.ecis().unwrap_or_default();
        if !plain && !ecis.contains(&26) {
            out.push("the payload has characters outside printable ASCII but the symbol has no ECI 000026 (UTF-8) designator".into());
        }
        if let Some(other) = ecis.iter().find(|&&n| n != 26) {
            out.push(format!("ECI {other:06} designator; EMVCo payloads are UTF-8 (ECI 000026)"));
        }
        out
    }
}

/// Reads the first QR symbol that decodes in `img`.
pub fn scan(img: GrayImage) -> Result<Scanned, String> {
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err("no QR code found in the image".into());
    }
    let mut last_error = None;
    for grid in &grids {
        let mut content = Vec::new();
        match grid.decode_to(&mut content) {
            Ok(meta) => {
                // rqrr's level is the format information's two bits: 00 M, 01 L, 10 H, 11 Q.
                let ec = match meta.ecc_level {
                    0 => EcLevel::M,
                    1 => EcLevel::L,
                    2 => EcLevel::H,
                    _ => EcLevel::Q,
                };
                let version = meta.version.0;
                let size = grid.grid.size();
                // rqrr also reads a mirrored symbol; whichever orientation reproduces the
                // corrected content is the one the segments come from.
                let segments = [false, true].into_iter().find_map(|transpose| {
                    let dark = |x: usize, y: usize| if transpose { grid.grid.bit(x, y) } else { grid.grid.bit(y, x) };
                    let data = data_codewords(&dark, size, version as i16, ec, meta.mask)?;
                    let (segments, bytes) = parse_segments(&data, version)?;
                    (bytes.as_deref() == Some(content.as_slice())).then_some(segments)
                });
                return Ok(Scanned { content, version, ec, mask: meta.mask, segments, symbols_found: grids.len() });
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(format!(
        "found {} QR symbol(s) but none could be read ({})",
        grids.len(),
        last_error.map_or_else(|| "unknown error".to_string(), |e| e.to_string())
    ))
}

/// Whether mask pattern `mask` inverts the module at row `i`, column `j` (ISO/IEC 18004 table 10).
fn mask_bit(mask: u16, i: usize, j: usize) -> bool {
    match mask {
        0 => (i + j) % 2 == 0,
        1 => i % 2 == 0,
        2 => j % 3 == 0,
        3 => (i + j) % 3 == 0,
        4 => (i / 2 + j / 3) % 2 == 0,
        5 => (i * j) % 2 + (i * j) % 3 == 0,
        6 => ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        _ => ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    }
}

/// The data codewords in stream order, read from the modules without error correction.
fn data_codewords(
    dark: &dyn Fn(usize, usize) -> bool,
    size: usize,
    version: i16,
    ec: EcLevel,
    mask: u16,
) -> Option<Vec<u8>> {
    let v = Version::Normal(version);
    if v.width() as usize != size {
        return None;
    }
    // Modules a blank canvas leaves empty after drawing the function patterns are exactly
    // the ones the encoder fills with codewords.
    let mut canvas = Canvas::new(v, ec);
    canvas.draw_all_functional_patterns();
    let is_data = |x: usize, y: usize| canvas.get(x as i16, y as i16) == Module::Empty;

    let mut bits = Vec::with_capacity(size * size);
    let mut right = size as isize - 1;
    let mut upward = true;
    while right >= 1 {
        // The vertical timing pattern takes column 6 out of the zigzag.
        if right == 6 {
            right = 5;
        }
        for k in 0..size {
            let y = if upward { size - 1 - k } else { k };
            for x in [right as usize, right as usize - 1] {
                if is_data(x, y) {
                    bits.push(dark(x, y) ^ mask_bit(mask, y, x));
                }
            }
        }
        upward = !upward;
        right -= 2;
    }
    let placed: Vec<u8> = bits.chunks_exact(8).map(|c| c.iter().fold(0u8, |acc, &b| (acc << 1) | b as u8)).collect();

    // Data codewords are interleaved across blocks. Interleaving a sequence of codeword
    // numbers the same way (low and high byte separately, as codewords are bytes) gives the
    // stream position of each placed codeword.
    let n = qrcode::bits::Bits::new(v).max_len(ec).ok()? / 8;
    let lo: Vec<u8> = (0..n).map(|i| (i % 256) as u8).collect();
    let hi: Vec<u8> = (0..n).map(|i| (i / 256) as u8).collect();
    let (lo, _) = qrcode::ec::construct_codewords(&lo, v, ec).ok()?;
    let (hi, _) = qrcode::ec::construct_codewords(&hi, v, ec).ok()?;
    let mut data = vec![0u8; n];
    for (p, (l, h)) in lo.iter().zip(&hi).enumerate() {
        *data.get_mut(*h as usize * 256 + *l as usize)? = *placed.get(p)?;
    }
    Some(data)
}

struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl BitReader<'_> {
    fn remaining(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    fn take(&mut self, n: usize) -> Option<u32> {
        if n > self.remaining() {
            return None;
        }
        let mut v = 0u32;
        for _ in 0..n {
            let bit = (self.data[self.pos / 8] >> (7 - self.pos % 8)) & 1;
            v = (v << 1) | u32::from(bit);
            self.pos += 1;
        }
        Some(v)
    }
}

/// The segments of a data stream, and the content bytes they spell (`None` when a kanji
/// segment makes them something rqrr converts to another encoding).
fn parse_segments(data: &[u8], version: usize) -> Option<(Vec<Segment>, Option<Vec<u8>>)> {
    const ALNUM: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let class = match version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let mut r = BitReader { data, pos: 0 };
    let mut segments = Vec::new();
    let mut bytes = Some(Vec::new());
    while r.remaining() >= 4 {
        match r.take(4)? {
            0 => break,
            1 => {
                let count = r.take([10, 12, 14][class])? as usize;
                let mut left = count;
                while left > 0 {
                    let (digits, width) = match left {
                        1 => (1, 4),
                        2 => (2, 7),
                        _ => (3, 10),
                    };
                    let v = r.take(width)?;
                    if let Some(b) = bytes.as_mut() {
                        b.extend(format!("{v:0digits$}").bytes());
                    }
                    left -= digits;
                }
                segments.push(Segment::Numeric(count));
            }
            2 => {
                let count = r.take([9, 11, 13][class])? as usize;
                let mut left = count;
                while left > 0 {
                    let chars: Vec<u8> = if left >= 2 {
                        let v = r.take(11)? as usize;
                        vec![*ALNUM.get(v / 45)?, *ALNUM.get(v % 45)?]
                    } else {
                        vec![*ALNUM.get(r.take(6)? as usize)?]
                    };
                    left -= chars.len();
                    if let Some(b) = bytes.as_mut() {
                        b.extend(chars);
                    }
                }
                segments.push(Segment::Alphanumeric(count));
            }
            4 => {
                let count = r.take([8, 16, 16][class])? as usize;
                for _ in 0..count {
                    let v = r.take(8)? as u8;
                    if let Some(b) = bytes.as_mut() {
                        b.push(v);
                    }
                }
                segments.push(Segment::Byte(count));
            }
            8 => {
                let count = r.take([8, 10, 12][class])? as usize;
                for _ in 0..count {
                    r.take(13)?;
                }
                bytes = None;
                segments.push(Segment::Kanji(count));
            }
            7 => {
                let first = r.take(8)?;
                let n = if first & 0x80 == 0 {
                    first
                } else if first & 0xc0 == 0x80 {
                    ((first & 0x3f) << 8) | r.take(8)?
                } else if first & 0xe0 == 0xc0 {
                    ((first & 0x1f) << 16) | r.take(16)?
                } else {
                    return None;
                };
                segments.push(Segment::Eci(n));
            }
            3 => {
                let position = r.take(4)? as u8 + 1;
                let total = r.take(4)? as u8 + 1;
                r.take(8)?;
                segments.push(Segment::StructuredAppend { position, total });
            }
            5 => segments.push(Segment::Fnc1),
            9 => {
                r.take(8)?;
                segments.push(Segment::Fnc1);
            }
            _ => return None,
        }
    }
    Some((segments, bytes))
}
