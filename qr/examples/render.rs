//! Render a payment code as a QR symbol: SVG, PNG, or text for the terminal.
//!
//! ```text
//! cargo run -p hutong-qr --example render -- PAYLOAD                          # half-block symbol in the terminal
//! cargo run -p hutong-qr --example render -- --png code.png --scale 10 PAYLOAD
//! cargo run -p hutong-qr --example render -- --svg code.svg --ec Q PAYLOAD
//! echo PAYLOAD | cargo run -p hutong-qr --example render -- --png code.png    # payload from standard input
//! ```
//!
//! The symbol follows EMVCo MPM 4.12: byte mode only (never numeric, alphanumeric or kanji
//! segments, even for a payload of digits), no structured append, and the ECI 000026 (UTF-8)
//! designator when the payload has a character outside printable ASCII, such as a Chinese
//! merchant name in 64. The `qrcode` crate writes the ECI: the bit stream is assembled with
//! `qrcode::bits::Bits::push_eci_designator(26)` followed by a single `push_byte_data` segment,
//! then `QrCode::with_bits` adds error correction and masking (examples/common/qr_render.rs).
//! The version is the smallest that fits at error correction level M, or at `--ec`.
//!
//! The PNG is drawn from the module matrix with the `image` crate, black on white with a
//! 4-module quiet zone, `--scale` pixels per module (default 8). The terminal rendering draws
//! light modules as glyphs for light-on-dark terminals; `--invert` for dark-on-light ones.
//!
//! The payload is checked with `hutong::recognise_with` in lenient mode first; one that is not
//! a recognised payment code gets a warning on standard error and is rendered anyway.

use std::io::Read;
use std::process::ExitCode;

use clap::Parser;
use hutong::emv::mpm::Mode;
use qrcode::types::EcLevel;

#[path = "common/qr_render.rs"]
mod qr_render;

use qr_render::{parse_ec, Symbol, DEFAULT_SCALE};

/// Draw a payment code as a QR symbol the way EMVCo asks: SVG, PNG, or half blocks in the terminal.
#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
    /// Write the symbol as SVG to FILE
    #[arg(long, value_name = "FILE")]
    svg: Option<String>,
    /// Write the symbol as PNG to FILE
    #[arg(long, value_name = "FILE")]
    png: Option<String>,
    /// Error correction level: L, M, Q or H
    #[arg(long, value_name = "LEVEL", default_value = "M", value_parser = parse_ec)]
    ec: EcLevel,
    /// Pixels per module in the PNG and SVG, 1 to 100
    #[arg(long, value_name = "N", default_value_t = DEFAULT_SCALE, value_parser = clap::value_parser!(u32).range(1..=100))]
    scale: u32,
    /// In the terminal, dark modules as glyphs (for dark-on-light terminals)
    #[arg(long)]
    invert: bool,
    /// The payload (none: read standard input)
    payload: Option<String>,
}

fn run() -> Result<(), String> {
    let Args { svg, png, ec, scale, invert, payload } = Args::parse();
    let payload = match payload {
        Some(p) => p,
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).map_err(|e| format!("standard input: {e}"))?;
            // The shell's newline is not part of the code; anything else is, and gets rendered.
            s.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&s).to_string()
        }
    };
    if payload.is_empty() {
        return Err("empty payload".into());
    }
    if let Err(e) = hutong::recognise_with(&payload, Mode::Lenient) {
        eprintln!("render: warning: not a recognised payment code ({}); rendering it anyway", e.message());
    }

    let symbol = Symbol::new(&payload, ec)?;
    if svg.is_none() && png.is_none() {
        print!("{}", symbol.terminal(invert));
        eprintln!("render: {}", symbol.describe());
        return Ok(());
    }
    if let Some(path) = svg {
        std::fs::write(&path, symbol.svg(scale)).map_err(|e| format!("{path}: {e}"))?;
        eprintln!("render: wrote {path}: {}", symbol.describe());
    }
    if let Some(path) = png {
        std::fs::write(&path, symbol.png(scale)?).map_err(|e| format!("{path}: {e}"))?;
        let side = symbol.outer_width() as u32 * scale;
        eprintln!("render: wrote {path}: {}, {side}×{side} px", symbol.describe());
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("render: {e}");
            ExitCode::from(2)
        }
    }
}
