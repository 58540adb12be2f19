//! Read payment codes from a photo or a screenshot of their QR symbols, and report on each as
//! the inspect example does.
//!
//! ```text
//! cargo run -p hutong-qr --example scan -- photo.jpg               # per symbol: symbol line, then inspect's tree and verdict
//! cargo run -p hutong-qr --example scan -- --json code.png         # per symbol: inspect's JSON object plus "symbol", one a line
//! cargo run -p hutong-qr --example scan -- --lenient photo.jpg     # accept what real generators emit
//! cat code.png | cargo run -p hutong-qr --example scan             # image from standard input (or `-`)
//! ```
//!
//! PNG and JPEG are read with the `image` crate; examples/common/qr_scan.rs finds and decodes
//! every QR symbol in the photo: rxing (the Rust port of ZXing) first, over the photo as it is
//! and, until a symbol reads, smoothed, contrast-stretched, sharpened and enlarged copies, each
//! binarised two ways and also inverted (light-on-dark codes); then rqrr. A photo of several
//! codes gets a report for each, in the order found. The content is UTF-8, as the ECI 000026
//! designator EMVCo asks for declares.
//!
//! Each symbol is checked against EMVCo MPM 4.12 (qr_scan.rs reads its segments from the
//! corrected data codewords): a segment other than byte mode, structured append, or a payload
//! outside printable ASCII without the ECI 000026 designator each give a warning on standard
//! error. The JSON object is inspect's with one more field, `symbol`: {`version`, `ec`,
//! `mask`, `segments` (list of strings, `null` when damage hides them), `eci` (designators
//! found), `warnings`, `decoder` (`rxing` or `rqrr`), `centre` ([x, y] in pixels)}.
//!
//! Errors say what went wrong, in the shape of inspect's (`ok` false, `error` = {`kind`,
//! `message`, `offset`, `path`}): `no-symbol` (no QR symbol in the image), `damaged-symbol` (a
//! symbol is there but holds more errors than its level corrects), `not-utf8` (the content is
//! not UTF-8; the message says whether the symbol declares a character set, and `offset` is
//! the first invalid byte; the object has `symbol` too), `unreadable-image` (not a PNG or
//! JPEG), `unreadable_file`. With `--json` they are written as that object on standard output;
//! without, as a message on standard error (`not-utf8` as inspect writes an error, after the
//! symbol line).
//!
//! Exit status: 0 when every symbol holds a valid code, 1 when one holds an invalid code or
//! content that is not UTF-8, 2 when no payload could be read from the image.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::Parser;
use serde_json::{json, Value};

#[path = "common/qr_render.rs"]
mod qr_render;
#[path = "common/qr_scan.rs"]
mod qr_scan;
#[path = "../../examples/common/inspect_report.rs"]
mod report;

use report::{print_human, report, shown, unreadable, Json, Options, ReportArgs};

/// Read the payment codes in a photo or screenshot of QR symbols and report on each as inspect does.
#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
    #[command(flatten)]
    report: ReportArgs,
    /// A PNG or JPEG image (none or -: read standard input)
    image: Option<String>,
}

/// Why nothing could be read: the error's kind and message.
struct Failure {
    kind: &'static str,
    message: String,
}

fn read_input(path: Option<&str>) -> Result<Vec<u8>, Failure> {
    let failure = |message: String| Failure { kind: "unreadable_file", message };
    match path {
        None | Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).map_err(|e| failure(format!("standard input: {e}")))?;
            Ok(bytes)
        }
        Some(p) => std::fs::read(p).map_err(|e| failure(format!("{p}: {e}"))),
    }
}

/// The `symbol` field of the JSON object.
fn symbol_json(scanned: &qr_scan::Scanned) -> Value {
    json!({
        "version": scanned.version,
        "ec": qr_render::ec_name(scanned.ec),
        "mask": scanned.mask,
        "segments": scanned.segments.as_ref().map(|s| s.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        "eci": scanned.ecis(),
        "warnings": scanned.breaches(),
        "decoder": scanned.decoder.name(),
        "centre": [scanned.centre.0.round(), scanned.centre.1.round()],
    })
}

/// Reports one symbol; `Some(valid)` when it held text, `None` when it did not.
fn report_symbol(w: &mut impl Write, scanned: &qr_scan::Scanned, opts: &Options) -> std::io::Result<Option<bool>> {
    let payload = scanned.text();
    if opts.json {
        let symbol = serde_json::to_vec(&symbol_json(scanned))?;
        let mut j = Json::new();
        let (ok, text) = match payload {
            Ok(p) => {
                let r = report(p, opts.mode);
                r.write_json(&mut j, Some(("symbol", &symbol)));
                (r.ok, true)
            }
            Err((message, at)) => {
                unreadable("not-utf8", &message, Some(at)).write_json(&mut j, Some(("symbol", &symbol)));
                (false, false)
            }
        };
        j.raw(b"\n");
        w.write_all(j.as_bytes())?;
        return Ok(text.then_some(ok));
    }
    for warning in scanned.breaches() {
        eprintln!("scan: warning: {warning}");
    }
    let segments = scanned.segments.as_ref().map(|s| s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    writeln!(
        w,
        "QR symbol: version {}-{}, mask {}, segments {} (read by {})",
        scanned.version,
        qr_render::ec_name(scanned.ec),
        scanned.mask,
        segments.map_or_else(|| "unread".to_string(), |s| s.join(" + ")),
        scanned.decoder.name()
    )?;
    match payload {
        Ok(p) => print_human(w, p, opts).map(Some),
        Err((message, at)) => {
            writeln!(w, "error: {}", shown(&message))?;
            writeln!(w, "  kind not-utf8, at byte {at}")?;
            Ok(None)
        }
    }
}

/// Scans the image and reports; the exit status.
fn run(opts: &Options, path: Option<&str>) -> Result<u8, Failure> {
    let bytes = read_input(path)?;
    let symbols = qr_scan::read_image(&bytes).map_err(|e| Failure { kind: e.kind(), message: e.to_string() })?;
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let io = |e: std::io::Error| Failure { kind: "unreadable_file", message: format!("standard output: {e}") };
    let mut verdicts = Vec::new();
    for (i, scanned) in symbols.iter().enumerate() {
        if symbols.len() > 1 && !opts.json {
            let (x, y) = scanned.centre;
            let gap = if i > 0 { "\n" } else { "" };
            writeln!(w, "{gap}symbol {} of {}, centred at ({x:.0}, {y:.0}):", i + 1, symbols.len()).map_err(io)?;
        }
        verdicts.push(report_symbol(&mut w, scanned, opts).map_err(io)?);
    }
    Ok(if verdicts.iter().all(|v| *v == Some(true)) {
        0
    } else if verdicts.iter().any(|v| v.is_some()) {
        1
    } else {
        2
    })
}

fn main() -> ExitCode {
    let args = Args::parse();
    let opts = args.report.options();
    match run(&opts, args.image.as_deref()) {
        Ok(status) => ExitCode::from(status),
        Err(f) if opts.json => {
            let mut j = Json::new();
            unreadable(f.kind, &f.message, None).write_json(&mut j, None);
            println!("{}", String::from_utf8_lossy(j.as_bytes()));
            ExitCode::from(2)
        }
        Err(f) => {
            eprintln!("scan: {}", f.message);
            ExitCode::from(2)
        }
    }
}
