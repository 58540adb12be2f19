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

use clap::Parser;
use hutong::emv::mpm::{Mode, Mpm};
use hutong::unified;

#[path = "common/args.rs"]
mod args;

use args::MerchantArgs;

/// Convert providers' legacy codes to the unified, e-CNY-compatible code, and back.
#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
    /// Print each legacy code the unified code(s) carry, one a line, byte for byte
    #[arg(long)]
    split: bool,
    #[command(flatten)]
    merchant: MerchantArgs,
    /// Bill number (62.01)
    #[arg(long)]
    bill: Option<String>,
    /// Reference label (62.05)
    #[arg(long)]
    reference: Option<String>,
    /// UnionPay International account (15), 31 characters
    #[arg(long, value_name = "ACCOUNT")]
    unionpay_account: Option<String>,
    /// Legacy codes to carry, in order, or one EMVCo code; with --split, unified codes (none: one a line on standard input)
    #[arg(value_name = "CODE")]
    codes: Vec<String>,
}

fn run(args: Args) -> Result<(), String> {
    let Args { split, merchant, bill, reference, unionpay_account, mut codes } = args;
    let mut merchant = merchant.merchant();
    merchant.bill_number = bill.unwrap_or_default();
    merchant.reference_label = reference.unwrap_or_default();
    merchant.unionpay_account = unionpay_account.unwrap_or_default();
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
    // Every refusal exits with 1, a wrong argument as much as a code that does not convert.
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("convert: {e}");
            ExitCode::from(1)
        }
    }
}
