//! Inspect a scanned payment code: what it is, its structure, and whether it is sound.
//!
//! ```text
//! cargo run --example inspect -- PAYLOAD              # readable tree, CRC verdict, findings
//! cargo run --example inspect -- --json PAYLOAD       # one JSON object
//! cargo run --example inspect -- --lenient PAYLOAD    # accept what real generators emit
//! cargo run --example inspect -- --batch FILE         # one payload per line, one JSON object per line
//! echo PAYLOAD | cargo run --example inspect          # payload from standard input
//! ```
//!
//! JSON fields: `input`, `ok`, `kind` (`emv-mpm`, `emv-cpm`, `merchant-code`,
//! `payment-code`), `roundtrip` (re-encoding the parsed value gives the input byte for byte),
//! `findings` (list of {`rule`, `path`, `offset`}), `providers` (provider ids), `unified` (the
//! unified code, for a merchant code or an EMV code carrying a known provider), `carried` (for
//! an EMV code: the legacy codes it carries), `ecny` ({`qt`, `qet`}), and when not ok `error` =
//! {`kind`, `offset`, `path`, `message`}.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use hutong::emv::mpm::Mode;
use serde_json::json;

#[path = "common/inspect_report.rs"]
mod report;

use report::{print_human, report, Options};

fn run() -> Result<bool, String> {
    let mut opts = Options { mode: Mode::Strict, json: false };
    let mut batch: Option<String> = None;
    let mut payloads: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--lenient" => opts.mode = Mode::Lenient,
            "--strict" => opts.mode = Mode::Strict,
            "--json" => opts.json = true,
            "--batch" => batch = Some(args.next().ok_or("--batch needs a file name, or - for standard input")?),
            "-h" | "--help" => {
                println!("usage: inspect [--lenient] [--json] (PAYLOAD… | --batch FILE|-)   (no PAYLOAD: read standard input)");
                return Ok(true);
            }
            "--" => payloads.extend(args.by_ref()),
            _ => payloads.push(a),
        }
    }
    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    if let Some(file) = batch {
        let reader: Box<dyn BufRead> = if file == "-" {
            Box::new(std::io::BufReader::new(std::io::stdin()))
        } else {
            Box::new(std::io::BufReader::new(std::fs::File::open(&file).map_err(|e| format!("{file}: {e}"))?))
        };
        for line in reader.split(b'\n') {
            let line = line.map_err(|e| e.to_string())?;
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            let text = String::from_utf8_lossy(line);
            writeln!(w, "{}", report(&text, opts.mode)).map_err(|e| e.to_string())?;
        }
        return Ok(true);
    }
    if payloads.is_empty() {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| e.to_string())?;
        payloads.push(s.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(&s).to_string());
    }
    let mut all_ok = true;
    for p in payloads {
        if opts.json {
            let r = report(&p, opts.mode);
            all_ok &= r["ok"] == json!(true);
            writeln!(w, "{r}").map_err(|e| e.to_string())?;
        } else {
            all_ok &= print_human(&mut w, &p, &opts).map_err(|e| e.to_string())?;
        }
    }
    Ok(all_ok)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("inspect: {e}");
            ExitCode::from(2)
        }
    }
}
