//! One printable code for a merchant who has several: merge its WeChat Pay, Alipay, UnionPay…
//! codes into a unified code, prove each comes back out byte for byte, and draw the counter sign.
//!
//! ```text
//! cargo run -p hutong-qr --example merge -- --name "LAO WANG NOODLES" --city SHENZHEN --mcc 5812 \
//!     --name-zh 老王面馆 --png counter.png \
//!     'weixin://wxpay/bizpayurl?pr=p4lpSuKzz' \
//!     https://qr.alipay.com/bavh4wjlxf12tper3a \
//!     https://qr.95516.com/00010000/62027533387488456892269917213370
//! cargo run -p hutong-qr --example merge -- --name SHOP --city BEIJING --png c.png < codes.txt   # one code per line
//! ```
//!
//! Options: `--name` (59, at most 25 printable ASCII characters) and `--city` (60, at most 15),
//! `--mcc` (52, default 0000), `--amount` (54, in yuan: makes the code dynamic), `--name-zh` and
//! `--city-zh` (64, Chinese name and city), `--ec L|M|Q|H` (default M); `--png FILE` and
//! `--svg FILE` for the counter sign, `--font PATH` (or `PATH:N`, face N of a collection) and
//! `--date YYYY-MM-DD` (the day the interop table is read on, default today).
//!
//! The CODEs go as they are to `hutong::unified::merge`: each is a provider's legacy merchant
//! code (a URL), or an EMVCo code that carries such codes, UnionPay's account in 15 included
//! (the first becomes the unified code's 15). The first line printed is the unified code; then
//! one line per carried code as `hutong::unified::read` reads it back, each matched to the
//! input it came from.
//!
//! The counter sign (examples/common/counter_sign.rs) is an A6 page at 300 dpi to print and
//! stand on a counter: the Chinese and Latin names above the symbol, the symbol as large as the
//! page allows with its quiet zone, and below it the wallets that pay the code by
//! `hutong::interop::Table` on the day (those only reported, not confirmed, in grey). Its text
//! needs a font with Chinese glyphs, found at run time (`--font`, else well-known system paths:
//! Debian's fonts-wqy-microhei or fonts-noto-cjk…). The symbol follows EMVCo MPM 4.12 (byte
//! mode, ECI 000026 when the Chinese name is present), as examples/common/qr_render.rs draws it;
//! for the bare symbol, give the unified code to the render example.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::Parser;
use hutong::unified;

#[path = "../../examples/common/args.rs"]
mod args;
#[path = "common/counter_sign.rs"]
mod counter_sign;
#[path = "common/qr_render.rs"]
mod qr_render;

use args::{hutong_value, MerchantArgs};
use clap::builder::NonEmptyStringValueParser;
use counter_sign::{Content, SignFont};
use hutong::interop::Date;
use qr_render::{parse_ec, Symbol};
use qrcode::types::EcLevel;

/// Merge a merchant's codes into one unified code, split it back, and draw the counter sign.
#[derive(Parser)]
// Printed codes are for people paying in the street: a name and a city are what their app
// shows before they confirm, so the defaults ("NA") are not good enough here.
#[command(args_override_self = true, mut_args(name_and_city_required))]
struct Args {
    #[command(flatten)]
    merchant: MerchantArgs,
    /// Error correction level of the sign's symbol: L, M, Q or H
    #[arg(long, value_name = "LEVEL", default_value = "M", value_parser = parse_ec)]
    ec: EcLevel,
    /// Draw the counter sign as PNG (A6, 300 dpi) to FILE
    #[arg(long, value_name = "FILE")]
    png: Option<String>,
    /// Draw the counter sign as SVG to FILE
    #[arg(long, value_name = "FILE")]
    svg: Option<String>,
    /// Font with Chinese glyphs for the sign (PATH, or PATH:N for face N of a collection) [default: found on the system]
    #[arg(long, value_name = "PATH")]
    font: Option<String>,
    /// The day the interop table is read on, for the wallets on the sign [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = hutong_value::<Date>)]
    date: Option<Date>,
    /// Legacy merchant codes, or EMVCo codes carrying them (none: one a line on standard input)
    #[arg(value_name = "CODE")]
    codes: Vec<String>,
}

/// Where each code the unified code should carry comes from, in input order: an input, or a
/// code an EMV input carries (UnionPay's account in its 15 included), with its path there.
fn sources(codes: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        let n = i + 1;
        match hutong::recognise(code).ok().and_then(|r| r.carried()) {
            Some(carried) => out.extend(carried.into_iter().map(|c| (c.code, format!("{} of input {n}", c.path)))),
            None => out.push((code.clone(), format!("input {n}"))),
        }
    }
    out
}

/// `--name` and `--city` must be given, and not empty.
fn name_and_city_required(arg: clap::Arg) -> clap::Arg {
    match arg.get_id().as_str() {
        "name" | "city" => arg.required(true).value_parser(NonEmptyStringValueParser::new()),
        _ => arg,
    }
}

fn run() -> Result<(), String> {
    let Args { merchant, ec, png, svg, font, date, mut codes } = Args::parse();
    let merchant = merchant.merchant();
    if codes.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.map_err(|e| format!("standard input: {e}"))?;
            let line = line.trim();
            if !line.is_empty() {
                codes.push(line.to_string());
            }
        }
    }
    if codes.is_empty() {
        return Err("no codes to merge".into());
    }

    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let code = unified::merge(&refs, &merchant).map_err(|e| format!("cannot merge: {}", e.message()))?;

    // Each code read back from the unified code, matched to the input it came from; an input's
    // code that did not come back (a second, different UnionPay account) fails the merge.
    let carried = unified::read(&code)
        .map(|u| u.carried)
        .map_err(|e| format!("the merged code does not split: {}", e.message()))?;
    let mut expected = sources(&codes);
    let mut split = Vec::with_capacity(carried.len());
    for c in &carried {
        let Some(i) = expected.iter().position(|(e, _)| *e == c.code) else {
            return Err(format!("{} came back as {:?}, which is not an input", c.path, c.code));
        };
        let (_, origin) = expected.remove(i);
        split.push(format!(
            "  {} {} at {}: {}  (= {origin})",
            c.provider.map_or("unknown", |p| p.name()),
            c.form,
            c.path,
            c.code
        ));
    }
    // The same code given twice (one UnionPay account in two EMV inputs) is carried once.
    let lost: Vec<String> = expected
        .iter()
        .filter(|(e, _)| !carried.iter().any(|c| c.code == *e))
        .map(|(e, origin)| format!("{e} ({origin})"))
        .collect();
    if !lost.is_empty() {
        return Err(format!("not carried by the merged code: {}", lost.join(", ")));
    }

    // The counter sign is laid out before anything is printed, so that a missing font fails first.
    let drawing = png.is_some() || svg.is_some();
    let on = date.unwrap_or_else(today);
    let payers = if drawing { counter_sign::payers(&code, on)? } else { Vec::new() };
    let content = Content::new(&merchant, &payers, on);
    let font = if drawing { Some(SignFont::find(font.as_deref(), &content.text())?) } else { None };
    let symbol = if drawing { Some(Symbol::new(&code, ec)?) } else { None };
    let sign = match (&symbol, &font) {
        (Some(symbol), Some(font)) => Some(counter_sign::lay_out(symbol, &content, font)?),
        _ => None,
    };

    let stdout = std::io::stdout();
    let mut w = stdout.lock();
    let out = |e: std::io::Error| e.to_string();
    writeln!(w, "{code}").map_err(out)?;
    writeln!(w, "{} characters; split back into, each byte for byte equal to its source:", code.chars().count())
        .map_err(out)?;
    for line in &split {
        writeln!(w, "{line}").map_err(out)?;
    }

    if let (Some(sign), Some(symbol), Some(font)) = (&sign, &symbol, &font) {
        let b = sign.symbol_box;
        let what = format!(
            "counter sign, A6 at {} dpi ({}×{} px): {}, {} px ({:.2} mm) per module; font {}",
            counter_sign::DPI,
            counter_sign::PAGE_WIDTH,
            counter_sign::PAGE_HEIGHT,
            symbol.describe(),
            b.module,
            b.module as f64 * 25.4 / counter_sign::DPI as f64,
            font.source
        );
        if let Some(path) = png {
            std::fs::write(&path, sign.png()?).map_err(|e| format!("{path}: {e}"))?;
            writeln!(w, "wrote {path}: {what}").map_err(out)?;
        }
        if let Some(path) = svg {
            std::fs::write(&path, sign.svg()).map_err(|e| format!("{path}: {e}"))?;
            writeln!(w, "wrote {path}: {what}").map_err(out)?;
        }
        let names: Vec<String> = payers
            .iter()
            .map(|p| format!("{}{}", p.wallet.id(), if p.confirmed { "" } else { " (reported)" }))
            .collect();
        writeln!(w, "wallets that pay it on {on}: {}", names.join(", ")).map_err(out)?;
    }
    Ok(())
}

/// Today (UTC).
fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_unix_days((secs / 86_400) as i64).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a real day"))
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("merge: {e}");
            ExitCode::from(2)
        }
    }
}
