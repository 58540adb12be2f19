//! Read a payment code from a photo or a screenshot of its QR symbol, and report on it as the
//! inspect example does.
//!
//! ```text
//! cargo run --example scan -- photo.jpg               # symbol line, then inspect's tree and verdict
//! cargo run --example scan -- --json code.png         # inspect's JSON object, plus "symbol"
//! cargo run --example scan -- --lenient photo.jpg     # accept what real generators emit
//! cat code.png | cargo run --example scan             # image from standard input (or `-`)
//! ```
//!
//! PNG and JPEG are read with the `image` crate and the symbol is found and decoded with
//! `rqrr`. The content is UTF-8, as the ECI 000026 designator EMVCo asks for declares; content
//! that is not valid UTF-8 is an error, as is an image with no readable QR symbol.
//!
//! The symbol itself is checked against EMVCo MPM 4.12 (examples/common/qr_scan.rs reads its
//! segments): a segment other than byte mode, structured append, or a payload outside
//! printable ASCII without the ECI 000026 designator each give a warning on standard error.
//! The JSON object is inspect's with one more field, `symbol`: {`version`, `ec`, `mask`,
//! `segments` (list of strings, `null` when damage hides them), `eci` (designators found),
//! `warnings`}.
//!
//! Exit status: 0 when the payload is a valid code, 1 when it is not, 2 when no payload could
//! be read from the image.

use std::io::{Read, Write};
use std::process::ExitCode;

use hutong::emv::mpm::Mode;
use serde_json::json;

#[path = "common/qr_render.rs"]
mod qr_render;
#[path = "common/qr_scan.rs"]
mod qr_scan;
#[path = "common/inspect_report.rs"]
mod report;

use report::{print_human, report, Options};

const USAGE: &str = "usage: scan [--json] [--lenient] [IMAGE|-]   (PNG or JPEG; no IMAGE or -: read standard input)";

/// Phone photos run to 4000 pixels and more; rqrr finds finder patterns more reliably once
/// sensor noise is averaged away, so a photo it cannot read is tried again at this size.
const RETRY_SIDE: u32 = 1200;

fn read_input(path: Option<&str>) -> Result<Vec<u8>, String> {
    match path {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| format!("standard input: {e}"))?;
            Ok(bytes)
        }
        Some(p) => std::fs::read(p).map_err(|e| format!("{p}: {e}")),
    }
}

fn scan_image(bytes: &[u8]) -> Result<qr_scan::Scanned, String> {
    let img = image::load_from_memory(bytes).map_err(|e| format!("not a readable PNG or JPEG image: {e}"))?;
    match qr_scan::scan(img.to_luma8()) {
        Err(e) if img.width().max(img.height()) > RETRY_SIDE => {
            let smaller = img.resize(RETRY_SIDE, RETRY_SIDE, image::imageops::FilterType::Triangle);
            qr_scan::scan(smaller.to_luma8()).map_err(|_| e)
        }
        other => other,
    }
}

fn run() -> Result<bool, String> {
    let mut opts = Options { mode: Mode::Strict, json: false };
    let mut path: Option<String> = None;
    for a in std::env::args().skip(1) {
        match a.as_str() {
            "--json" => opts.json = true,
            "--lenient" => opts.mode = Mode::Lenient,
            "--strict" => opts.mode = Mode::Strict,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(true);
            }
            _ if a.starts_with("--") => return Err(format!("unknown option {a}\n{USAGE}")),
            _ if path.is_some() => return Err(format!("one image at a time\n{USAGE}")),
            _ => path = Some(a),
        }
    }
    let bytes = read_input(path.as_deref())?;
    let scanned = scan_image(&bytes)?;
    let ecis = scanned.ecis();
    let payload = String::from_utf8(scanned.content.clone()).map_err(|e| {
        let declared = match ecis.as_deref() {
            Some(list) if list.contains(&qr_render::ECI_UTF8) => {
                "the symbol declares UTF-8 (ECI 000026) all the same".into()
            }
            Some([first, ..]) => format!("the symbol declares ECI {first:06}, another character set"),
            Some([]) => "the symbol has no ECI designator".into(),
            None => "the symbol's ECI could not be read".into(),
        };
        format!("the QR content is not UTF-8 (invalid byte at {}): {declared}", e.utf8_error().valid_up_to())
    })?;
    let warnings = scanned.breaches();
    let segments: Option<Vec<String>> = scanned.segments.as_ref().map(|s| s.iter().map(|s| s.to_string()).collect());
    let ec = qr_render::ec_name(scanned.ec);
    if scanned.symbols_found > 1 {
        eprintln!("scan: note: {} QR symbols in the image; read the first that decodes", scanned.symbols_found);
    }

    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if opts.json {
        let mut r = report(&payload, opts.mode);
        r["symbol"] = json!({
            "version": scanned.version,
            "ec": ec,
            "mask": scanned.mask,
            "segments": segments,
            "eci": ecis,
            "warnings": warnings,
        });
        writeln!(w, "{r}").map_err(|e| e.to_string())?;
        return Ok(r["ok"] == json!(true));
    }
    for warning in &warnings {
        eprintln!("scan: warning: {warning}");
    }
    writeln!(
        w,
        "QR symbol: version {}-{ec}, mask {}, segments {}",
        scanned.version,
        scanned.mask,
        segments.map_or_else(|| "unread".to_string(), |s| s.join(" + "))
    )
    .map_err(|e| e.to_string())?;
    print_human(&mut w, &payload, &opts).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("scan: {e}");
            ExitCode::from(2)
        }
    }
}
