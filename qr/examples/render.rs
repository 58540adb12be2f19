//! Render a payment code as a QR symbol: SVG, PNG, or text for the terminal.
//!
//! ```text
//! cargo run --example render -- PAYLOAD                          # half-block symbol in the terminal
//! cargo run --example render -- --png code.png --scale 10 PAYLOAD
//! cargo run --example render -- --svg code.svg --ec Q PAYLOAD
//! echo PAYLOAD | cargo run --example render -- --png code.png    # payload from standard input
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

use hutong::emv::mpm::Mode;

#[path = "common/qr_render.rs"]
mod qr_render;

use qr_render::{parse_ec, Symbol, DEFAULT_SCALE};

const USAGE: &str =
    "usage: render [--svg FILE] [--png FILE] [--ec L|M|Q|H] [--scale N] [--invert] PAYLOAD   (no PAYLOAD: read standard input)";

fn run() -> Result<(), String> {
    let mut svg: Option<String> = None;
    let mut png: Option<String> = None;
    let mut ec = qrcode::types::EcLevel::M;
    let mut scale = DEFAULT_SCALE;
    let mut invert = false;
    let mut payload: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value\n{USAGE}"));
        match a.as_str() {
            "--svg" => svg = Some(value("--svg")?),
            "--png" => png = Some(value("--png")?),
            "--ec" => ec = parse_ec(&value("--ec")?)?,
            "--scale" => {
                let v = value("--scale")?;
                scale =
                    v.parse().ok().filter(|&s| (1..=100).contains(&s)).ok_or(format!("--scale {v}: use 1 to 100"))?;
            }
            "--invert" => invert = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            "--" => {
                payload = args.next();
                break;
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{USAGE}")),
            _ if payload.is_some() => return Err(format!("one payload at a time\n{USAGE}")),
            _ => payload = Some(a),
        }
    }
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
