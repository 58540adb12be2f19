//! The report of one scanned payload, shared by the inspect and scan examples so that a payload
//! typed in and the same payload read from a photo give the same report.

use std::io::Write;

use hutong::emv::mpm::{field_name, DataObject, Mode};
use hutong::interop::{Date, Table};
use hutong::{Code, Recognised};
use serde_json::{json, Value};

pub struct Options {
    pub mode: Mode,
    pub json: bool,
}

/// The options inspect and scan share: how codes are read and how the report is written.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// Accept what real generators emit (lenient mode)
    #[arg(long, overrides_with = "strict")]
    lenient: bool,
    /// Apply every EMVCo rule (the default; the last of --strict and --lenient counts)
    #[arg(long, overrides_with = "lenient")]
    strict: bool,
    /// Write each report as one JSON object on a line
    #[arg(long)]
    json: bool,
}

impl ReportArgs {
    pub fn options(&self) -> Options {
        Options { mode: if self.lenient { Mode::Lenient } else { Mode::Strict }, json: self.json }
    }
}

fn error_json(e: &hutong::Error) -> Value {
    json!({
        "kind": e.kind().id(),
        "offset": e.offset(),
        "path": e.path().map(|p| p.to_string()),
        "message": e.message().to_string(),
    })
}

/// The interop table, read from its TSV once: a batch of a million codes would otherwise
/// spend most of its time building it again for each.
pub fn table() -> &'static Table<'static> {
    static TABLE: std::sync::OnceLock<Table<'static>> = std::sync::OnceLock::new();
    TABLE.get_or_init(Table::new)
}

/// Today (UTC), the date the interop table is read on unless told otherwise.
pub fn today() -> Date {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Date::from_unix_days((secs / 86_400) as i64).unwrap_or_else(|| Date::new(1970, 1, 1).expect("a real day"))
}

/// The JSON report of one payload: the contract other tools read.
// scan reads the interop table on today's date; inspect takes `--date` and calls `report_on`.
#[allow(dead_code)]
pub fn report(input: &str, mode: Mode) -> Value {
    report_on(input, mode, today())
}

/// The fields of every report, as a report that failed.
fn blank(input: Value) -> Value {
    json!({
        "input": input,
        "ok": false,
        "kind": Value::Null,
        "roundtrip": false,
        "findings": [],
        "providers": [],
        "unified": Value::Null,
        "carried": Value::Null,
        "ecny": Value::Null,
        "payers": Value::Null,
    })
}

/// The report of input with no payload to inspect (the scan example: no QR symbol in the
/// image, a damaged symbol, content that is not UTF-8): a failed report's fields, `input`
/// null, and `error` = {`kind`, `offset` (into the symbol's content, when it points there),
/// `path` (null), `message`}.
// Only scan has such input.
#[allow(dead_code)]
pub fn unreadable(kind: &str, message: &str, offset: Option<usize>) -> Value {
    let mut out = blank(Value::Null);
    out["error"] = json!({"kind": kind, "offset": offset, "path": Value::Null, "message": message});
    out
}

/// [`report`], with the interop table read on `on`.
pub fn report_on(input: &str, mode: Mode, on: Date) -> Value {
    let mut out = blank(json!(input));
    let code = match hutong::recognise_with(input, mode) {
        Ok(c) => c,
        Err(e) => {
            out["error"] = error_json(&e);
            out["kind"] = hutong::guess_kind(input).map_or(Value::Null, |k| json!(k.id()));
            return out;
        }
    };
    fill(&mut out, input, &code);
    out["payers"] = payers_json(&code, on);
    out
}

/// Which wallets can pay the code on `on`, by the interop table: `{date, wallets: [{wallet,
/// verdict, confidence, scope, since, own, opens, sources}]}`; for a payment code or a
/// consumer-presented code, `{date, presented_by_payer: true}` (its acceptance depends on the
/// merchant's acquirer).
fn payers_json(code: &Recognised<'_>, on: Date) -> Value {
    let answers = table().who_can_pay(code, on);
    if answers.is_empty() {
        return json!({"date": on.to_string(), "presented_by_payer": true});
    }
    let wallets: Vec<Value> = answers
        .iter()
        .map(|a| {
            let fact = a.answer.fact();
            json!({
                "wallet": a.answer.wallet.id(),
                "verdict": a.answer.verdict.id(),
                "confidence": a.answer.confidence.id(),
                "scope": a.answer.scope().map(|s| s.id()),
                "since": fact.and_then(|f| f.since).map(|d| d.to_string()),
                "own": a.answer.own,
                "opens": a.opens.as_ref().map(|c| json!({
                    "provider": c.provider.map(|p| p.id()),
                    "form": c.form,
                    "path": c.path.to_string(),
                })),
                "sources": fact.map(|f| f.source_ids().collect::<Vec<_>>()).unwrap_or_default(),
            })
        })
        .collect();
    // Built as a map, not with json!, which would copy the list by serializing it again.
    let mut out = serde_json::Map::new();
    out.insert("date".into(), Value::String(on.to_string()));
    out.insert("wallets".into(), Value::Array(wallets));
    Value::Object(out)
}

fn fill(out: &mut Value, input: &str, code: &Recognised<'_>) {
    out["ok"] = json!(true);
    out["kind"] = json!(code.kind().id());
    out["roundtrip"] = json!(code.encode().as_deref() == Ok(input));
    out["findings"] = Value::Array(
        code.findings()
            .iter()
            .map(|f| json!({"rule": f.rule.id(), "path": f.path.to_string(), "offset": f.offset, "message": f.message().to_string()}))
            .collect(),
    );
    out["providers"] = json!(code.providers().iter().map(|p| p.id()).collect::<Vec<_>>());
    if let Some(t) = code.ecny() {
        out["ecny"] = json!({"qt": t.qt.as_str(), "qet": t.qet.map(|q| q.as_str())});
    }
    match code.unified() {
        Some(Ok(u)) => out["unified"] = json!(u),
        Some(Err(e)) => out["unified_error"] = error_json(&e),
        None => {}
    }
    if let Some(carried) = code.carried() {
        out["carried"] = Value::Array(
            carried
                .iter()
                .map(|c| {
                    json!({
                        "provider": c.provider.map(|p| p.id()),
                        "form": c.form,
                        "code": c.code,
                        "path": c.path.to_string(),
                    })
                })
                .collect(),
        );
    }
}

fn print_tree<'a>(
    w: &mut impl Write,
    objects: impl Iterator<Item = DataObject<'a>>,
    depth: usize,
) -> std::io::Result<()> {
    for o in objects {
        let ids: Vec<u8> = o.path().ids().iter().map(|&i| i as u8).collect();
        let indent = "  ".repeat(depth + 1);
        match o.children() {
            Some(children) => {
                writeln!(w, "{indent}{:02} {} ({})", o.id(), field_name(&ids), o.char_len())?;
                print_tree(w, children, depth + 1)?;
            }
            None => {
                writeln!(w, "{indent}{:02} {} ({}) \"{}\"", o.id(), field_name(&ids), o.char_len(), shown(o.value()))?
            }
        }
    }
    Ok(())
}

/// Text for a person: every invisible or whitespace character other than a space is written
/// as `\u{…}`, so that a bidi override or a newline cannot make a code read as another
/// (JSON output stays exact).
pub fn shown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if hutong::text::is_invisible(c) || (c.is_whitespace() && c != ' ') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

// As for `report`: inspect calls `print_human_on` with its `--date`.
#[allow(dead_code)]
pub fn print_human(w: &mut impl Write, input: &str, opts: &Options) -> std::io::Result<bool> {
    print_human_on(w, input, opts, today())
}

/// [`print_human`], with the interop table read on `on`.
pub fn print_human_on(w: &mut impl Write, input: &str, opts: &Options, on: Date) -> std::io::Result<bool> {
    let r = report_on(input, opts.mode, on);
    if r["ok"] != json!(true) {
        writeln!(w, "error: {}", shown(r["error"]["message"].as_str().unwrap_or("?")))?;
        writeln!(
            w,
            "  kind {}, at byte {}{}",
            r["error"]["kind"].as_str().unwrap_or("?"),
            r["error"]["offset"],
            r["error"]["path"].as_str().map(|p| format!(", in {p}")).unwrap_or_default()
        )?;
        return Ok(false);
    }
    writeln!(
        w,
        "{} ({} mode)",
        r["kind"].as_str().unwrap_or("?"),
        if opts.mode == Mode::Strict { "strict" } else { "lenient" }
    )?;
    if let Ok(Code::EmvMpm(mpm)) = hutong::recognise_with(input, opts.mode).map(|c| c.into_code()) {
        print_tree(w, mpm.objects(), 0)?;
        writeln!(w, "CRC {}: verified", mpm.crc())?;
    } else if let Ok(code) = hutong::recognise_with(input, opts.mode) {
        writeln!(w, "{}", code.describe())?;
    }
    let providers: Vec<&str> = r["providers"].as_array().into_iter().flatten().filter_map(|p| p.as_str()).collect();
    if !providers.is_empty() {
        writeln!(w, "providers: {}", providers.join(", "))?;
    }
    if let Some(e) = r["ecny"].as_object() {
        writeln!(w, "e-CNY typing: {} {}", e["qt"].as_str().unwrap_or("-"), e["qet"].as_str().unwrap_or(""))?;
    }
    if let Some(c) = r["carried"].as_array() {
        for c in c {
            writeln!(
                w,
                "carries {} {}: {}",
                c["provider"].as_str().unwrap_or("-"),
                c["form"].as_str().unwrap_or(""),
                shown(c["code"].as_str().unwrap_or(""))
            )?;
        }
    }
    if let Some(u) = r["unified"].as_str() {
        writeln!(w, "unified: {}", shown(u))?;
    }
    let findings = r["findings"].as_array().cloned().unwrap_or_default();
    if findings.is_empty() {
        writeln!(w, "findings: none")?;
    }
    for f in findings {
        writeln!(
            w,
            "finding {} at {} (byte {}): {}",
            f["rule"].as_str().unwrap_or("?"),
            f["path"].as_str().unwrap_or("-"),
            f["offset"],
            shown(f["message"].as_str().unwrap_or(""))
        )?;
    }
    writeln!(w, "round trip: {}", if r["roundtrip"] == json!(true) { "exact" } else { "NOT exact" })?;
    print_payers(w, &r["payers"])?;
    Ok(true)
}

/// The payers block: one line a wallet, verdict, confidence, scope and what it opens.
fn print_payers(w: &mut impl Write, payers: &Value) -> std::io::Result<()> {
    let date = payers["date"].as_str().unwrap_or("?");
    if payers["presented_by_payer"] == json!(true) {
        return writeln!(
            w,
            "who can pay it: the payer shows this code; whether a merchant takes it depends on its acquirer's contracts"
        );
    }
    writeln!(w, "who can pay it on {date} (interop table: verdict, confidence, scope, since, carried code opened):")?;
    for p in payers["wallets"].as_array().into_iter().flatten() {
        let text = |k: &str| p[k].as_str().unwrap_or("").to_string();
        let since = p["since"].as_str().map(|d| format!("since {d}")).unwrap_or_default();
        let mut line = format!(
            "  {:<20} {:<9} {:<10} {:<15} {:<16}",
            text("wallet"),
            text("verdict"),
            text("confidence"),
            text("scope"),
            since
        );
        if let Some(form) = p["opens"]["form"].as_str() {
            line += &format!(" opens {form}");
        }
        if p["own"] == json!(true) && p["verdict"] == json!("pays") {
            line += " (own code)";
        }
        writeln!(w, "{}", line.trim_end())?;
    }
    Ok(())
}
