//! Convert between providers' legacy codes and the unified, e-CNY-compatible code.
//!
//! ```text
//! cargo run --example convert -- CODE…                    # one unified code carrying them all, in order
//! cargo run --example convert -- --name "TEST SHOP" --city SHENZHEN --mcc 5812 --amount 12.50 CODE…
//! cargo run --example convert -- --split UNIFIED          # each carried legacy code on its own line
//! printf '%s\n' CODE… | cargo run --example convert       # codes from standard input, one per line
//! ```
//!
//! Merchant options: `--name`, `--city` (printable ASCII), `--mcc`, `--amount`, `--name-zh`,
//! `--city-zh`, `--bill`, `--reference`, `--unionpay-account` (31 digits for EMV tag 15).
//! A single EMVCo code that carries Chinese providers (UnionPay's 15, WeChat Pay's template)
//! is converted with its own merchant data. Exit status 1 when a code is refused.

use std::io::Read;
use std::process::ExitCode;

use hutong::emv::mpm::{Mode, Mpm};
use hutong::unified::{self, Merchant};

fn run() -> Result<(), String> {
    let mut merchant = Merchant::default();
    let mut split = false;
    let mut codes: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--split" => split = true,
            "--name" => merchant.name = value(&a)?,
            "--city" => merchant.city = value(&a)?,
            "--mcc" => merchant.mcc = value(&a)?,
            "--amount" => merchant.amount = value(&a)?,
            "--name-zh" => merchant.name_zh = value(&a)?,
            "--city-zh" => merchant.city_zh = value(&a)?,
            "--bill" => merchant.bill_number = value(&a)?,
            "--reference" => merchant.reference_label = value(&a)?,
            "--unionpay-account" => merchant.unionpay_account = value(&a)?,
            "-h" | "--help" => {
                println!("usage: convert [merchant options] CODE… | convert --split UNIFIED   (no CODE: one per line on stdin)");
                return Ok(());
            }
            "--" => codes.extend(args.by_ref()),
            _ => codes.push(a),
        }
    }
    if codes.is_empty() {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s).map_err(|e| e.to_string())?;
        codes.extend(s.lines().map(|l| l.trim_end_matches('\r').to_string()).filter(|l| !l.is_empty()));
    }
    if split {
        for code in &codes {
            for c in unified::read(code).map(|u| u.carried).map_err(|e| format!("{code}: {e}"))? {
                println!("{}", c.code);
            }
        }
        return Ok(());
    }
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let unified = match refs.as_slice() {
        [one] if one.starts_with("0002") => {
            let mpm = Mpm::parse_with(one, Mode::Lenient).map_err(|e| format!("{one}: {e}"))?;
            unified::from_emv(&mpm)
        }
        _ => unified::merge(&refs, &merchant),
    }
    .map_err(|e| e.to_string())?;
    println!("{unified}");
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("convert: {e}");
            ExitCode::from(1)
        }
    }
}
