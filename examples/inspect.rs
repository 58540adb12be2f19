//! Inspect a scanned payment code: what it is, its structure, and whether it is sound.
//!
//! ```text
//! cargo run --example inspect -- PAYLOAD              # readable tree, CRC verdict, findings
//! cargo run --example inspect -- --json PAYLOAD       # one JSON object
//! cargo run --example inspect -- --lenient PAYLOAD    # accept what real generators emit
//! cargo run --example inspect -- --batch FILE         # one payload per line, one JSON object per line
//! echo PAYLOAD | cargo run --example inspect          # payload from standard input
//! cargo run --example inspect -- --wallet unionpay-app PAYLOAD   # which carried code that wallet opens, and why
//! cargo run --example inspect -- --date 2024-01-01 PAYLOAD       # who could pay it on that day (default: today)
//! ```
//!
//! JSON fields: `input`, `ok`, `kind` (`emv-mpm`, `emv-cpm`, `merchant-code`,
//! `payment-code`), `roundtrip` (re-encoding the parsed value gives the input byte for byte),
//! `findings` (list of {`rule`, `path`, `offset`}), `providers` (provider ids), `unified` (the
//! unified code, for a merchant code or an EMV code carrying a known provider), `carried` (for
//! an EMV code: the legacy codes it carries), `ecny` ({`qt`, `qet`}), `payers` (who can pay it,
//! by the interop table: {`date`, `wallets`: [{`wallet`, `verdict`, `confidence`, `scope`,
//! `since`, `own`, `opens`, `sources`}]}, or {`date`, `presented_by_payer`} for a payment code),
//! with `--wallet` `pick` (that wallet's answer: the same fields and `note`, `basis`, and `opens`
//! with the code), and when not ok `error` = {`kind`, `offset`, `path`, `message`}.

use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use hutong::emv::mpm::Mode;
use hutong::interop::{Basis, CodeAnswer, Date, Table, Wallet};
use serde_json::{json, Value};

#[path = "common/args.rs"]
mod args;
#[path = "common/inspect_report.rs"]
mod report;

use args::hutong_value;
use report::{print_human_on, report_on, table, today, ReportArgs};

/// The interop table's answer for one wallet: what it opens, the verdict and its provenance.
fn pick_json(table: &Table<'_>, input: &str, mode: Mode, wallet: Wallet, on: Date) -> Value {
    let Some(answer) = hutong::recognise_with(input, mode).ok().and_then(|c| table.can_pay(&c, wallet, on)) else {
        return Value::Null;
    };
    let CodeAnswer { answer, opens, .. } = answer;
    let (basis, fact) = match answer.basis {
        Basis::Fact(f) => ("fact", Some(f)),
        Basis::NotYet(f) => ("not-yet", Some(f)),
        Basis::NoFact => ("no-fact", None),
        _ => ("no-kind", None),
    };
    let sources: Vec<Value> = fact
        .map(|f| {
            table
                .sources_of(f)
                .map(|s| json!({"id": s.id, "name": s.name, "date": s.date, "url": s.url, "confidence": s.confidence.id()}))
                .collect()
        })
        .unwrap_or_default();
    json!({
        "wallet": wallet.id(),
        "date": on.to_string(),
        "verdict": answer.verdict.id(),
        "confidence": answer.confidence.id(),
        "scope": answer.scope().map(|s| s.id()),
        "since": fact.and_then(|f| f.since).map(|d| d.to_string()),
        "own": answer.own,
        "kind": answer.kind.map(|k| k.id()),
        "basis": basis,
        "note": fact.map(|f| f.note),
        "sources": sources,
        "opens": opens.map(|c| json!({
            "provider": c.provider.map(|p| p.id()),
            "form": c.form,
            "code": c.code,
            "path": c.path.to_string(),
        })),
    })
}

/// The `--wallet` block of the text output.
fn print_pick(w: &mut impl Write, pick: &Value, wallet: Wallet) -> std::io::Result<()> {
    if pick.is_null() {
        return writeln!(w, "wallet {wallet}: the payer shows this code, so there is nothing for a wallet to open");
    }
    let text = |k: &str| pick[k].as_str().unwrap_or("-").to_string();
    let mut head =
        format!("wallet {wallet} ({}) on {}: {}, {}", wallet.name(), text("date"), text("verdict"), text("confidence"));
    if let Some(scope) = pick["scope"].as_str() {
        head += &format!(", {scope}");
    }
    match (text("basis").as_str(), pick["since"].as_str()) {
        ("not-yet", Some(since)) => head += &format!(": documented only from {since}"),
        ("fact", Some(since)) => head += &format!(" since {since}"),
        ("no-fact", _) => head += ": the table has no fact for this wallet and this kind of code",
        ("no-kind", _) => head += ": the table covers no code of this kind",
        _ => {}
    }
    if pick["own"] == json!(true) {
        head += " (its own code)";
    }
    writeln!(w, "{head}")?;
    match pick["opens"].as_object() {
        Some(o) => writeln!(
            w,
            "  opens: {} {} at {}: {}",
            o["provider"].as_str().unwrap_or("-"),
            o["form"].as_str().unwrap_or("-"),
            o["path"].as_str().unwrap_or("-"),
            report::shown(o["code"].as_str().unwrap_or(""))
        )?,
        None if pick["verdict"] == json!("pays") => {}
        None => writeln!(w, "  opens: nothing")?,
    }
    if let Some(note) = pick["note"].as_str() {
        writeln!(w, "  why: {note}")?;
    }
    for s in pick["sources"].as_array().into_iter().flatten() {
        let mut line = format!("  source [{}] {}", s["id"].as_str().unwrap_or("?"), s["name"].as_str().unwrap_or(""));
        for k in ["date", "url"] {
            if let Some(v) = s[k].as_str() {
                line += &format!(", {v}");
            }
        }
        writeln!(w, "{line} ({})", s["confidence"].as_str().unwrap_or("?"))?;
    }
    Ok(())
}

/// Inspect scanned payment codes: what each is, its structure, and whether it is sound.
#[derive(Parser)]
#[command(args_override_self = true)]
struct Args {
    #[command(flatten)]
    report: ReportArgs,
    /// Read one payload per line from FILE (- for standard input), one JSON object per line
    #[arg(long, value_name = "FILE")]
    batch: Option<String>,
    /// Show which carried code this wallet opens, why, and the sources (wechat, alipay, unionpay-app, …)
    #[arg(long, value_name = "ID", value_parser = hutong_value::<Wallet>)]
    wallet: Option<Wallet>,
    /// The day the interop table is read on [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = hutong_value::<Date>)]
    date: Option<Date>,
    /// The payloads (none: one payload from standard input)
    #[arg(value_name = "PAYLOAD")]
    payloads: Vec<String>,
}

fn run() -> Result<bool, String> {
    let Args { report, batch, wallet, date, mut payloads } = Args::parse();
    let opts = report.options();
    let on = date.unwrap_or_else(today);
    let table = table();
    let stdout = std::io::stdout();
    // Buffered: a batch writes a line per code, and a flush per line costs a system call each.
    let mut w = std::io::BufWriter::new(stdout.lock());
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
            let mut r = report_on(&text, opts.mode, on);
            if let Some(wallet) = wallet {
                r["pick"] = pick_json(table, &text, opts.mode, wallet, on);
            }
            writeln!(w, "{r}").map_err(|e| e.to_string())?;
        }
        w.flush().map_err(|e| e.to_string())?;
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
            let mut r = report_on(&p, opts.mode, on);
            all_ok &= r["ok"] == json!(true);
            if let Some(wallet) = wallet {
                r["pick"] = pick_json(table, &p, opts.mode, wallet, on);
            }
            writeln!(w, "{r}").map_err(|e| e.to_string())?;
        } else {
            let ok = print_human_on(&mut w, &p, &opts, on).map_err(|e| e.to_string())?;
            if let (true, Some(wallet)) = (ok, wallet) {
                print_pick(&mut w, &pick_json(table, &p, opts.mode, wallet, on), wallet).map_err(|e| e.to_string())?;
            }
            all_ok &= ok;
        }
    }
    w.flush().map_err(|e| e.to_string())?;
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
