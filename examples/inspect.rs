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

use std::borrow::Cow;
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use hutong::emv::mpm::Mode;
use hutong::interop::{Basis, CodeAnswer, Date, Fact, Table, Wallet};

#[path = "common/args.rs"]
mod args;
#[path = "common/inspect_report.rs"]
mod report;

use args::hutong_value;
use report::{print_human_on, report_on, table, today, Json, ReportArgs};

/// The interop table's answer for one wallet (`pick`): what it opens, the verdict and its
/// provenance.
struct Pick<'t> {
    table: &'t Table<'t>,
    wallet: Wallet,
    on: Date,
    answer: CodeAnswer<'t>,
}

/// The `pick` of `wallet`; `None` for a code the payer presents (or one that does not read).
fn pick<'t>(table: &'t Table<'t>, input: &str, mode: Mode, wallet: Wallet, on: Date) -> Option<Pick<'t>> {
    let answer = hutong::recognise_with(input, mode).ok().and_then(|c| table.can_pay(&c, wallet, on))?;
    Some(Pick { table, wallet, on, answer })
}

impl<'t> Pick<'t> {
    /// What the answer rests on, and the fact it cites (the one in force, or the one not yet).
    fn basis(&self) -> (&'static str, Option<&'t Fact<'t>>) {
        match self.answer.answer.basis {
            Basis::Fact(f) => ("fact", Some(f)),
            Basis::NotYet(f) => ("not-yet", Some(f)),
            Basis::NoFact => ("no-fact", None),
            _ => ("no-kind", None),
        }
    }
}

/// The `pick` field: null, or {`basis`, `confidence`, `date`, `kind`, `note`, `opens`: {`code`,
/// `form`, `path`, `provider`}, `own`, `scope`, `since`, `sources`: [{`confidence`, `date`,
/// `id`, `name`, `url`}], `verdict`, `wallet`}.
fn write_pick(j: &mut Json, pick: Option<&Pick<'_>>) {
    let Some(pick) = pick else { return j.null() };
    let answer = &pick.answer.answer;
    let (basis, fact) = pick.basis();
    let mut o = j.object();
    o.key("basis").str(basis);
    o.key("confidence").str(answer.confidence.id());
    o.key("date").display(pick.on);
    o.key("kind").opt_str(answer.kind.map(|k| k.id()));
    o.key("note").opt_str(fact.map(|f| f.note));
    let opens = o.key("opens");
    match &pick.answer.opens {
        Some(c) => {
            let mut opens = opens.object();
            opens.key("code").str(&c.code);
            opens.key("form").str(c.form);
            opens.key("path").display(c.path);
            opens.key("provider").opt_str(c.provider.map(|p| p.id()));
            opens.end();
        }
        None => opens.null(),
    }
    o.key("own").bool(answer.own);
    o.key("scope").opt_str(answer.scope().map(|s| s.id()));
    o.key("since").opt_display(fact.and_then(|f| f.since));
    o.key("sources").array(fact.into_iter().flat_map(|f| pick.table.sources_of(f)), |j, s| {
        let mut o = j.object();
        o.key("confidence").str(s.confidence.id());
        o.key("date").opt_str(s.date);
        o.key("id").str(s.id);
        o.key("name").str(s.name);
        o.key("url").opt_str(s.url);
        o.end();
    });
    o.key("verdict").str(answer.verdict.id());
    o.key("wallet").str(pick.wallet.id());
    o.end();
}

/// The `--wallet` block of the text output.
fn print_pick(w: &mut impl Write, pick: Option<&Pick<'_>>, wallet: Wallet) -> std::io::Result<()> {
    let Some(pick) = pick else {
        return writeln!(w, "wallet {wallet}: the payer shows this code, so there is nothing for a wallet to open");
    };
    let answer = &pick.answer.answer;
    let (basis, fact) = pick.basis();
    let mut head = format!(
        "wallet {wallet} ({}) on {}: {}, {}",
        wallet.name(),
        pick.on,
        answer.verdict.id(),
        answer.confidence.id()
    );
    if let Some(scope) = answer.scope() {
        head += &format!(", {}", scope.id());
    }
    match (basis, fact.and_then(|f| f.since)) {
        ("not-yet", Some(since)) => head += &format!(": documented only from {since}"),
        ("fact", Some(since)) => head += &format!(" since {since}"),
        ("no-fact", _) => head += ": the table has no fact for this wallet and this kind of code",
        ("no-kind", _) => head += ": the table covers no code of this kind",
        _ => {}
    }
    if answer.own {
        head += " (its own code)";
    }
    writeln!(w, "{head}")?;
    match &pick.answer.opens {
        Some(o) => writeln!(
            w,
            "  opens: {} {} at {}: {}",
            o.provider.map_or("-", |p| p.id()),
            o.form,
            o.path,
            report::shown(&o.code)
        )?,
        None if answer.verdict.id() == "pays" => {}
        None => writeln!(w, "  opens: nothing")?,
    }
    if let Some(f) = fact {
        writeln!(w, "  why: {}", f.note)?;
    }
    for s in fact.into_iter().flat_map(|f| pick.table.sources_of(f)) {
        let mut line = format!("  source [{}] {}", s.id, s.name);
        for v in [s.date, s.url].into_iter().flatten() {
            line += &format!(", {v}");
        }
        writeln!(w, "{line} ({})", s.confidence.id())?;
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

/// Writes the report of `input` as a line of JSON into `j`, with `pick` when `--wallet` is
/// given (its text written in `pick_text` first); whether the code is valid.
fn write_report(j: &mut Json, pick_text: &mut Json, input: &str, mode: Mode, wallet: Option<Wallet>, on: Date) -> bool {
    let r = report_on(input, mode, on);
    let extra = wallet.map(|wallet| {
        pick_text.clear();
        write_pick(pick_text, pick(table(), input, mode, wallet, on).as_ref());
        ("pick", pick_text.as_bytes())
    });
    r.write_json(j, extra);
    j.raw(b"\n");
    r.ok
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
        let (mut j, mut pick_text) = (Json::new(), Json::new());
        for line in reader.split(b'\n') {
            let line = line.map_err(|e| e.to_string())?;
            let line = line.strip_suffix(b"\r").unwrap_or(&line);
            // Valid UTF-8 is checked faster than the lossy reading goes through it.
            let text = std::str::from_utf8(line).map_or_else(|_| String::from_utf8_lossy(line), Cow::Borrowed);
            j.clear();
            write_report(&mut j, &mut pick_text, &text, opts.mode, wallet, on);
            w.write_all(j.as_bytes()).map_err(|e| e.to_string())?;
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
            let mut j = Json::new();
            all_ok &= write_report(&mut j, &mut Json::new(), &p, opts.mode, wallet, on);
            w.write_all(j.as_bytes()).map_err(|e| e.to_string())?;
        } else {
            let ok = print_human_on(&mut w, &p, &opts, on).map_err(|e| e.to_string())?;
            if let (true, Some(wallet)) = (ok, wallet) {
                print_pick(&mut w, pick(table, &p, opts.mode, wallet, on).as_ref(), wallet)
                    .map_err(|e| e.to_string())?;
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
