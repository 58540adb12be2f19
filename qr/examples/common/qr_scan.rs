//! Reading QR symbols from a photo: the payload, and how each symbol was encoded.
//!
//! Two decoders, in turn. `rxing` (the Rust port of ZXing) goes first: the finder pattern
//! search and sampling of its port of zxing-cpp's QR detector find every symbol in the image,
//! turned, tilted or several at once, and give each symbol's module grid; the format and
//! version information, the codewords and their Reed-Solomon correction come from its port of
//! ZXing's decoder (`BitMatrixParser`, `DataBlock`, `ReedSolomonDecoder`), and the corrected
//! data codewords are parsed here ([`parse_segments`]), so the segments (modes, ECI
//! designators) are known for every symbol rxing reads, damaged or not. rxing looks at the
//! photo as it is first and, until a symbol reads, at smoothed, contrast-stretched, sharpened
//! and enlarged copies ([`View`]); each look binarises two ways (local threshold and global
//! histogram) and tries the inverse too, for light-on-dark codes. When rxing reads nothing,
//! `rqrr` gets the photo (and a 1200-pixel copy of a larger one), as the scan example did
//! before; rqrr skips ECI designators and does not say which modes were used, so its segments
//! are read from the sampled grid without correction, and trusted only when their bytes equal
//! rqrr's corrected content.
//!
//! EMVCo MPM 4.12 rules on what the segments show: byte mode only, ECI 000026 when the payload
//! is not printable ASCII, no structured append ([`Scanned::breaches`]).
//!
//! Shared by the scan example, tests/qr_images.rs, tests/scan_photos.rs and benches/scan.rs.
#![allow(dead_code)]

use std::panic::{catch_unwind, AssertUnwindSafe};

use image::GrayImage;
use qrcode::canvas::{Canvas, Module};
use qrcode::types::{EcLevel, Version};
use rqrr::BitGrid;
use rxing::common::reedsolomon::{PredefinedGenericGF, ReedSolomonDecoder};
use rxing::common::{BitMatrix, DetectorRXingResult, GlobalHistogramBinarizer, HybridBinarizer};
use rxing::qrcode::common::{ErrorCorrectionLevel, FormatInformation};
use rxing::qrcode::cpp_port::detector::{FindFinderPatterns, GenerateFinderPatternSets, SampleQR};
use rxing::qrcode::decoder::{BitMatrixParser, DataBlock};
use rxing::{Binarizer, Luma8LuminanceSource};

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

/// Which decoder read a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decoder {
    Rxing,
    Rqrr,
}

impl Decoder {
    pub fn name(self) -> &'static str {
        match self {
            Decoder::Rxing => "rxing",
            Decoder::Rqrr => "rqrr",
        }
    }
}

/// One symbol read from an image.
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
    /// The segments in order; `None` when rqrr read the symbol and its segments could not be
    /// read without error correction (a damaged symbol).
    pub segments: Option<Vec<Segment>>,
    /// The decoder that read it.
    pub decoder: Decoder,
    /// Where the symbol is: the centre of its corners, in pixels of the image.
    pub centre: (f32, f32),
}

impl Scanned {
    /// The ECI designators in the stream (`Some(vec![])`: none; `None`: unknown).
    pub fn ecis(&self) -> Option<Vec<u32>> {
        self.segments
            .as_ref()
            .map(|s| s.iter().filter_map(|s| if let Segment::Eci(n) = s { Some(*n) } else { None }).collect())
    }

    /// The content as text: EMVCo payloads are UTF-8. When it is not, why (saying whether the
    /// symbol declares a character set) and the offset of the first byte that is not UTF-8.
    pub fn text(&self) -> Result<&str, (String, usize)> {
        std::str::from_utf8(&self.content).map_err(|e| {
            let declared = match self.ecis().as_deref() {
                Some(list) if list.contains(&26) => "the symbol declares UTF-8 (ECI 000026) all the same".into(),
                Some([first, ..]) => {
                    format!(
                        "the symbol declares ECI {first:06}, another character set, which this reader does not convert"
                    )
                }
                Some([]) => {
                    "the symbol declares no character set (no ECI designator), so its bytes are not text".into()
                }
                None => "the symbol's ECI could not be read".into(),
            };
            let at = e.valid_up_to();
            (format!("the QR content is not UTF-8 (invalid byte at {at}): {declared}"), at)
        })
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

/// Why nothing could be read from an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// The bytes are not a PNG or JPEG image that decodes.
    Image(String),
    /// No QR symbol in the image: no three finder patterns that frame a symbol.
    NoSymbol,
    /// A symbol is there (its format information reads the same in both copies) but its
    /// codewords hold more errors than its level corrects, or its data stream is malformed.
    Damaged { symbols: usize, detail: String },
}

impl ScanError {
    /// The error's kind, as the JSON output names it.
    pub fn kind(&self) -> &'static str {
        match self {
            ScanError::Image(_) => "unreadable-image",
            ScanError::NoSymbol => "no-symbol",
            ScanError::Damaged { .. } => "damaged-symbol",
        }
    }
}

impl std::fmt::Display for ScanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScanError::Image(e) => write!(f, "not a readable PNG or JPEG image: {e}"),
            ScanError::NoSymbol => write!(f, "no QR code found in the image"),
            ScanError::Damaged { symbols, detail } => write!(
                f,
                "found {symbols} QR symbol(s) but none could be read: {detail} (damaged, dirty or blurred beyond what its error correction level recovers)"
            ),
        }
    }
}

/// Phone photos run to 4000 pixels and more; rqrr finds finder patterns more reliably once
/// sensor noise is averaged away, so a photo it cannot read is tried again at this size.
const RQRR_RETRY_SIDE: u32 = 1200;

/// Reads every QR symbol in PNG or JPEG bytes, as the scan example does.
pub fn read_image(bytes: &[u8]) -> Result<Vec<Scanned>, ScanError> {
    let img = image::load_from_memory(bytes).map_err(|e| ScanError::Image(e.to_string()))?;
    read(&img.to_luma8())
}

/// Reads every QR symbol in a grey image: rxing first, rqrr when rxing reads nothing.
pub fn read(img: &GrayImage) -> Result<Vec<Scanned>, ScanError> {
    let rx = read_rxing(img);
    if !rx.symbols.is_empty() {
        return Ok(rx.symbols);
    }
    match read_rqrr(img) {
        Ok(found) => Ok(found),
        Err(e) => Err(match (rx.damaged, e) {
            (Some(detail), ScanError::NoSymbol) => ScanError::Damaged { symbols: rx.damaged_count, detail },
            (Some(detail), ScanError::Damaged { symbols, .. }) => {
                ScanError::Damaged { symbols: symbols.max(rx.damaged_count), detail }
            }
            (_, e) => e,
        }),
    }
}

/// What the rxing passes found.
#[derive(Default)]
pub struct RxingRead {
    /// Symbols read, in the order found, one per place in the image.
    pub symbols: Vec<Scanned>,
    /// Why the last symbol that is there could not be read, if one could not.
    pub damaged: Option<String>,
    /// How many places held a symbol that could not be read (the most in one pass).
    pub damaged_count: usize,
}

/// Ways of looking at a photo, in the order rxing is given them; the first that yields a
/// symbol ends the search, so a photo that reads as it is costs one look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// The photo as it is.
    AsIs,
    /// Smoothed a little (Gaussian, σ 1 px), then grey levels stretched so that the darkest
    /// and lightest 1% become black and white: a code printed pale or in dim light, whose
    /// contrast is under the binariser's threshold (skipped when the photo spans 160 levels).
    Stretched,
    /// Smoothed (Gaussian, σ 1.5 px): sensor noise averaged away.
    Smoothed,
    /// Sharpened (unsharp mask, σ 2 px): edges of a blurred code.
    Sharpened,
    /// Enlarged twice: a code of 2 pixels a module or less, whose finder patterns are too
    /// small for the finder search (photos up to 1000 pixels a side).
    Enlarged,
    /// Sharpened, then enlarged twice: a code both blurred and small.
    SharpenedEnlarged,
}

impl View {
    pub const ALL: [View; 6] =
        [View::AsIs, View::Stretched, View::Smoothed, View::Sharpened, View::Enlarged, View::SharpenedEnlarged];

    /// The image seen this way, or `None` when this view cannot add anything.
    fn apply(self, img: &GrayImage) -> Option<std::borrow::Cow<'_, GrayImage>> {
        use std::borrow::Cow;
        match self {
            View::AsIs => Some(Cow::Borrowed(img)),
            View::Stretched => {
                let img = image::imageops::blur(img, 1.0);
                let mut histogram = [0usize; 256];
                img.pixels().for_each(|p| histogram[usize::from(p[0])] += 1);
                let cut = img.pixels().len() / 100;
                let level = |order: &[usize]| {
                    let mut seen = 0;
                    order.iter().copied().find(|&v| {
                        seen += histogram[v];
                        seen > cut
                    })
                };
                let up: Vec<usize> = (0..256).collect();
                let down: Vec<usize> = (0..256).rev().collect();
                let (lo, hi) = (level(&up)?, level(&down)?);
                if hi <= lo || hi - lo > 160 {
                    return None;
                }
                let table: Vec<u8> =
                    (0..256).map(|v: usize| ((v.clamp(lo, hi) - lo) * 255 / (hi - lo)) as u8).collect();
                let mut out = img;
                out.pixels_mut().for_each(|p| p[0] = table[usize::from(p[0])]);
                Some(Cow::Owned(out))
            }
            View::Smoothed => Some(Cow::Owned(image::imageops::blur(img, 1.5))),
            View::Sharpened => Some(Cow::Owned(image::imageops::unsharpen(img, 2.0, 0))),
            View::Enlarged => enlarged(img).map(Cow::Owned),
            View::SharpenedEnlarged => enlarged(&image::imageops::unsharpen(img, 2.0, 0)).map(Cow::Owned),
        }
    }
}

/// `img` twice as large, unless it is over 1000 pixels a side.
fn enlarged(img: &GrayImage) -> Option<GrayImage> {
    (img.width().max(img.height()) <= 1000)
        .then(|| image::imageops::resize(img, img.width() * 2, img.height() * 2, image::imageops::FilterType::Triangle))
}

/// Reads every QR symbol rxing finds: each view of the image in turn, until one yields a
/// symbol, each binarised two ways (local threshold, global histogram), plain and inverted.
pub fn read_rxing(img: &GrayImage) -> RxingRead {
    read_rxing_views(img, &View::ALL).0
}

/// [`read_rxing`] over the given views; also says which view read the symbols.
pub fn read_rxing_views(img: &GrayImage, views: &[View]) -> (RxingRead, Option<View>) {
    let mut out = RxingRead::default();
    for &view in views {
        let Some(seen) = view.apply(img) else { continue };
        let (w, h) = seen.dimensions();
        if w == 0 || h == 0 {
            continue;
        }
        let shrink = if matches!(view, View::Enlarged | View::SharpenedEnlarged) { 2.0 } else { 1.0 };
        let hybrid = || {
            let source = Luma8LuminanceSource::new(seen.as_raw().clone(), w, h).ok()?;
            HybridBinarizer::new(source).get_black_matrix().ok().cloned()
        };
        let global = || {
            let source = Luma8LuminanceSource::new(seen.as_raw().clone(), w, h).ok()?;
            GlobalHistogramBinarizer::new(source).get_black_matrix().ok().cloned()
        };
        let binarisers: [&dyn Fn() -> Option<BitMatrix>; 2] = [&hybrid, &global];
        for binarise in binarisers {
            let Some(mut matrix) = binarise() else { continue };
            for _inverted in [false, true] {
                let pass = symbols_in(&matrix);
                out.damaged_count = out.damaged_count.max(pass.damaged_count);
                if pass.damaged.is_some() {
                    out.damaged = pass.damaged;
                }
                for mut s in pass.symbols {
                    s.centre = (s.centre.0 / shrink, s.centre.1 / shrink);
                    if !out.symbols.iter().any(|t| same_place(t, &s)) {
                        out.symbols.push(s);
                    }
                }
                matrix.flip_self();
            }
        }
        if !out.symbols.is_empty() {
            return (out, Some(view));
        }
    }
    (out, None)
}

/// Whether two reads are the same symbol: the same content, centres within a few pixels.
fn same_place(a: &Scanned, b: &Scanned) -> bool {
    a.content == b.content && (a.centre.0 - b.centre.0).hypot(a.centre.1 - b.centre.1) < 8.0
}

/// One pass of rxing's QR reader over a binarised image: every set of three finder patterns,
/// most plausible first, sampled and decoded; a finder pattern that took part in a symbol read
/// is not used again.
fn symbols_in(matrix: &BitMatrix) -> RxingRead {
    let mut out = RxingRead::default();
    // rxing documents that its finder pattern search can panic; a photo must not stop the scan.
    let Ok(mut patterns) = catch_unwind(AssertUnwindSafe(|| FindFinderPatterns(matrix, true, 0))) else { return out };
    let Ok(sets) = catch_unwind(AssertUnwindSafe(|| GenerateFinderPatternSets(&mut patterns))) else { return out };
    let mut used = Vec::new();
    for set in sets {
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        let Ok(Ok(sampled)) = catch_unwind(AssertUnwindSafe(|| SampleQR(matrix, &set))) else { continue };
        let points = sampled.getPoints();
        let n = points.len().max(1) as f32;
        let centre = (points.iter().map(|p| p.x).sum::<f32>() / n, points.iter().map(|p| p.y).sum::<f32>() / n);
        match catch_unwind(AssertUnwindSafe(|| decode_modules(sampled.getBits()))) {
            Ok(Ok(mut s)) => {
                s.centre = centre;
                used.extend([set.bl, set.tl, set.tr]);
                out.symbols.push(s);
            }
            Ok(Err(Some(detail))) => {
                out.damaged_count += 1;
                out.damaged = Some(detail);
            }
            Ok(Err(None)) | Err(_) => {}
        }
    }
    out
}

/// The format information's two copies, as `(ec, mask)` each when it reads (3 bit errors at
/// most, as ISO/IEC 18004 allows).
fn format_copies(bits: &BitMatrix) -> [Option<(ErrorCorrectionLevel, u8)>; 2] {
    let dim = bits.getHeight();
    let read = |cells: &mut dyn Iterator<Item = (u32, u32)>| {
        cells.fold(0u32, |acc, (x, y)| (acc << 1) | bits.get(x, y) as u32)
    };
    let first = read(&mut (0..6).map(|i| (i, 8)).chain([(7, 8), (8, 8), (8, 7)]).chain((0..=5).rev().map(|j| (8, j))));
    let second = read(&mut ((dim - 7)..dim).rev().map(|j| (8, j)).chain(((dim - 8)..dim).map(|i| (i, 8))));
    [first, second].map(|b| {
        FormatInformation::decodeFormatInformation(b, b).map(|f| (f.getErrorCorrectionLevel(), f.getDataMask()))
    })
}

/// Decodes a sampled module grid (dark = set), as printed or mirrored.
///
/// `Err(Some(why))` when a symbol is there but cannot be read: its format information reads
/// the same in both copies (a grid sampled from noise rarely manages that), and then its
/// codewords cannot be corrected or its data stream does not parse. `Err(None)`: no symbol.
fn decode_modules(bits: &BitMatrix) -> Result<Scanned, Option<String>> {
    let mut mirrored = bits.clone();
    for x in 0..mirrored.getWidth() {
        for y in (x + 1)..mirrored.getHeight() {
            if mirrored.get(x, y) != mirrored.get(y, x) {
                mirrored.flip_coords(x, y);
                mirrored.flip_coords(y, x);
            }
        }
    }
    let mut why = None;
    for grid in [bits, &mirrored] {
        match decode_grid(grid) {
            Ok(s) => return Ok(s),
            Err(e) => why = why.or(e),
        }
    }
    Err(why)
}

fn decode_grid(bits: &BitMatrix) -> Result<Scanned, Option<String>> {
    let copies = format_copies(bits);
    let present = copies[0].is_some() && copies[0] == copies[1];
    let damaged = |why: String| if present { Some(why) } else { None };
    let mut parser = BitMatrixParser::new(bits.clone()).map_err(|_| None)?;
    let version = parser.readVersion().map_err(|_| damaged("its version information does not read".into()))?;
    let (rx_ec, mask) = {
        let format = parser.readFormatInformation().map_err(|_| None)?;
        (format.getErrorCorrectionLevel(), format.getDataMask())
    };
    let codewords = parser.readCodewords().map_err(|_| damaged("its codewords do not read".into()))?;
    let blocks = DataBlock::getDataBlocks(&codewords, version, rx_ec).map_err(|_| None)?;
    let rs = ReedSolomonDecoder::new(PredefinedGenericGF::QrCodeField256.into());
    let mut data = Vec::with_capacity(codewords.len());
    for (i, block) in blocks.iter().enumerate() {
        let mut words = block.getCodewords().to_vec();
        let n = block.getNumDataCodewords() as usize;
        let ec_words = (words.len() - n) as i32;
        rs.decode(&mut words, ec_words).map_err(|_| {
            damaged(format!(
                "block {} of {} of its version {} symbol has more errors than level {} corrects",
                i + 1,
                blocks.len(),
                version.getVersionNumber(),
                ec_letter(rx_ec)
            ))
        })?;
        data.extend_from_slice(&words[..n]);
    }
    let v = version.getVersionNumber() as usize;
    let (segments, content) = parse_segments(&data, v)
        .ok_or_else(|| damaged(format!("its corrected data stream does not parse (version {v})")))?;
    let ec = match rx_ec {
        ErrorCorrectionLevel::L => EcLevel::L,
        ErrorCorrectionLevel::M => EcLevel::M,
        ErrorCorrectionLevel::Q => EcLevel::Q,
        _ => EcLevel::H,
    };
    Ok(Scanned {
        content,
        version: v,
        ec,
        mask: u16::from(mask),
        segments: Some(segments),
        decoder: Decoder::Rxing,
        centre: (0.0, 0.0),
    })
}

fn ec_letter(ec: ErrorCorrectionLevel) -> &'static str {
    match ec {
        ErrorCorrectionLevel::L => "L",
        ErrorCorrectionLevel::M => "M",
        ErrorCorrectionLevel::Q => "Q",
        _ => "H",
    }
}

/// Reads the QR symbols rqrr finds (the first that decodes), trying a 1200-pixel copy of a
/// larger photo when the photo itself does not read: what the scan example did before rxing.
pub fn read_rqrr(img: &GrayImage) -> Result<Vec<Scanned>, ScanError> {
    match scan_rqrr(img.clone()) {
        Err(e) if img.width().max(img.height()) > RQRR_RETRY_SIDE => {
            let smaller = image::imageops::resize(
                img,
                RQRR_RETRY_SIDE.min(img.width() * RQRR_RETRY_SIDE / img.height().max(1)).max(1),
                RQRR_RETRY_SIDE.min(img.height() * RQRR_RETRY_SIDE / img.width().max(1)).max(1),
                image::imageops::FilterType::Triangle,
            );
            scan_rqrr(smaller).map(|s| vec![s]).map_err(|_| e)
        }
        other => other.map(|s| vec![s]),
    }
}

/// Reads the first QR symbol that rqrr decodes in `img`.
pub fn scan_rqrr(img: GrayImage) -> Result<Scanned, ScanError> {
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    if grids.is_empty() {
        return Err(ScanError::NoSymbol);
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
                    (bytes == content).then_some(segments)
                });
                let b = grid.bounds;
                let centre =
                    (b.iter().map(|p| p.x as f32).sum::<f32>() / 4.0, b.iter().map(|p| p.y as f32).sum::<f32>() / 4.0);
                return Ok(Scanned { content, version, ec, mask: meta.mask, segments, decoder: Decoder::Rqrr, centre });
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(ScanError::Damaged {
        symbols: grids.len(),
        detail: last_error.map_or_else(|| "unknown error".to_string(), |e| format!("rqrr: {e}")),
    })
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

/// The segments of a data stream, and the content bytes they spell (a kanji segment's
/// characters as Shift JIS, the bytes its 13-bit values stand for).
fn parse_segments(data: &[u8], version: usize) -> Option<(Vec<Segment>, Vec<u8>)> {
    const ALNUM: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    let class = match version {
        1..=9 => 0,
        10..=26 => 1,
        _ => 2,
    };
    let mut r = BitReader { data, pos: 0 };
    let mut segments = Vec::new();
    let mut bytes = Vec::new();
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
                    bytes.extend(format!("{v:0digits$}").bytes());
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
                    bytes.extend(chars);
                }
                segments.push(Segment::Alphanumeric(count));
            }
            4 => {
                let count = r.take([8, 16, 16][class])? as usize;
                for _ in 0..count {
                    bytes.push(r.take(8)? as u8);
                }
                segments.push(Segment::Byte(count));
            }
            8 => {
                let count = r.take([8, 10, 12][class])? as usize;
                for _ in 0..count {
                    // ISO/IEC 18004 8.4.5, backwards: 13 bits to a Shift JIS double byte.
                    let v = r.take(13)?;
                    let packed = ((v / 0xc0) << 8) | (v % 0xc0);
                    let sjis = packed + if packed < 0x1f00 { 0x8140 } else { 0xc140 };
                    bytes.extend([(sjis >> 8) as u8, sjis as u8]);
                }
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
