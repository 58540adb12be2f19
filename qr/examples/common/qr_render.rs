//! QR symbols for payment codes, the way EMVCo MPM 4.12 asks for them: byte mode only, no
//! structured append, and the ECI 000026 (UTF-8) designator before the data when the payload
//! has a character outside printable ASCII.
//!
//! The `qrcode` crate writes the symbol, but not through its usual `QrCode::new`: that encoder
//! splits the payload into numeric and alphanumeric segments wherever it saves bits (an EMV
//! payload is mostly digits and capitals) and never writes an ECI. So the bit stream is built
//! here with `qrcode::bits::Bits` (`push_eci_designator(26)`, then one `push_byte_data`
//! segment), and `QrCode::with_bits` adds error correction, placement and masking.
//!
//! Shared by the render and merge examples and by tests/qr_images.rs; each uses a part.
#![allow(dead_code)]

use image::{GrayImage, Luma};
use qrcode::bits::Bits;
use qrcode::render::svg;
use qrcode::types::{Color, EcLevel, QrError, Version};
use qrcode::QrCode;

/// The ECI assignment number of UTF-8.
pub const ECI_UTF8: u32 = 26;

/// Light modules around the symbol, the width ISO/IEC 18004 requires for QR codes.
pub const QUIET_ZONE: usize = 4;

/// Pixels per module of a PNG unless `--scale` says otherwise: 8 px at 300 dpi is 0.68 mm, in
/// the range phone cameras read from a counter sticker.
pub const DEFAULT_SCALE: u32 = 8;

/// Whether the symbol must declare UTF-8: anything but printable ASCII (the EMV "ans" set) does.
pub fn needs_utf8_eci(payload: &str) -> bool {
    !payload.bytes().all(|b| (0x20..=0x7e).contains(&b))
}

/// The data bit stream of `payload` in a symbol of `version` at `ec`: the optional ECI
/// designator, one byte-mode segment, terminator and padding.
///
/// `Err(QrError::DataTooLong)` when it does not fit that version.
pub fn data_bits(payload: &str, version: Version, ec: EcLevel) -> Result<Bits, QrError> {
    let mut bits = Bits::new(version);
    if needs_utf8_eci(payload) {
        bits.push_eci_designator(ECI_UTF8)?;
    }
    bits.push_byte_data(payload.as_bytes())?;
    bits.push_terminator(ec)?;
    Ok(bits)
}

/// `L`, `M`, `Q` or `H` (any case).
pub fn parse_ec(s: &str) -> Result<EcLevel, String> {
    match s.to_ascii_uppercase().as_str() {
        "L" => Ok(EcLevel::L),
        "M" => Ok(EcLevel::M),
        "Q" => Ok(EcLevel::Q),
        "H" => Ok(EcLevel::H),
        _ => Err(format!("error correction level {s:?}: use L, M, Q or H")),
    }
}

/// The letter of an error correction level.
pub fn ec_name(ec: EcLevel) -> &'static str {
    match ec {
        EcLevel::L => "L",
        EcLevel::M => "M",
        EcLevel::Q => "Q",
        EcLevel::H => "H",
    }
}

/// A QR symbol ready to draw.
pub struct Symbol {
    code: QrCode,
    version: i16,
    eci: bool,
}

impl Symbol {
    /// The smallest symbol holding `payload` at `ec`.
    pub fn new(payload: &str, ec: EcLevel) -> Result<Symbol, String> {
        for v in 1..=40 {
            let version = Version::Normal(v);
            match data_bits(payload, version, ec) {
                Ok(bits) => {
                    let code = QrCode::with_bits(bits, ec).map_err(|e| format!("QR symbol: {e}"))?;
                    return Ok(Symbol { code, version: v, eci: needs_utf8_eci(payload) });
                }
                Err(QrError::DataTooLong) => continue,
                Err(e) => return Err(format!("QR symbol: {e}")),
            }
        }
        Err(format!(
            "{} bytes do not fit a QR symbol at error correction level {} (try --ec L)",
            payload.len(),
            ec_name(ec)
        ))
    }

    /// The QR version, 1 to 40.
    pub fn version(&self) -> i16 {
        self.version
    }

    /// The error correction level.
    pub fn ec(&self) -> EcLevel {
        self.code.error_correction_level()
    }

    /// Whether the symbol carries the ECI 000026 designator.
    pub fn has_eci(&self) -> bool {
        self.eci
    }

    /// Modules per side, without the quiet zone.
    pub fn width(&self) -> usize {
        self.code.width()
    }

    /// Whether the module at column `x`, row `y` is dark; coordinates count from the outer
    /// corner of the quiet zone, so anything outside the symbol proper is light.
    pub fn dark_with_quiet_zone(&self, x: usize, y: usize) -> bool {
        let (Some(x), Some(y)) = (x.checked_sub(QUIET_ZONE), y.checked_sub(QUIET_ZONE)) else { return false };
        x < self.width() && y < self.width() && self.code[(x, y)] == Color::Dark
    }

    /// Modules per side, quiet zone included.
    pub fn outer_width(&self) -> usize {
        self.width() + 2 * QUIET_ZONE
    }

    /// One-line description for messages.
    pub fn describe(&self) -> String {
        format!(
            "QR version {}-{}, {}×{} modules, byte mode{}",
            self.version,
            ec_name(self.ec()),
            self.width(),
            self.width(),
            if self.eci { ", ECI 000026 (UTF-8)" } else { "" }
        )
    }

    /// SVG with the quiet zone, `scale` user units per module.
    pub fn svg(&self, scale: u32) -> String {
        self.code
            .render::<svg::Color<'_>>()
            .quiet_zone(true)
            .module_dimensions(scale, scale)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build()
    }

    /// Black on white, `scale` pixels per module, quiet zone included.
    pub fn image(&self, scale: u32) -> GrayImage {
        let scale = scale.max(1);
        let side = self.outer_width() as u32 * scale;
        GrayImage::from_fn(side, side, |px, py| {
            let dark = self.dark_with_quiet_zone((px / scale) as usize, (py / scale) as usize);
            Luma([if dark { 0 } else { 255 }])
        })
    }

    /// PNG file bytes of [`Symbol::image`].
    pub fn png(&self, scale: u32) -> Result<Vec<u8>, String> {
        let mut out = std::io::Cursor::new(Vec::new());
        self.image(scale).write_to(&mut out, image::ImageFormat::Png).map_err(|e| format!("PNG: {e}"))?;
        Ok(out.into_inner())
    }

    /// Text for a terminal, two module rows per line with half blocks, quiet zone included.
    ///
    /// Light modules are drawn as glyphs and dark ones left as background, which suits the
    /// usual light-on-dark terminal; `invert` suits a dark-on-light one.
    pub fn terminal(&self, invert: bool) -> String {
        let n = self.outer_width();
        let lit = |x: usize, y: usize| y < n && self.dark_with_quiet_zone(x, y) == invert;
        let mut s = String::new();
        for y in (0..n).step_by(2) {
            for x in 0..n {
                s.push(match (lit(x, y), lit(x, y + 1)) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            s.push('\n');
        }
        s
    }
}
