//! The report of one scanned payload, shared by the inspect and scan examples so that a payload
//! typed in and the same payload read from a photo give the same report.

use std::io::Write;

use hutong::emv::mpm::{field_name, DataObject, Mode};
use hutong::{Code, Recognised};
use serde_json::{json, Value};

pub struct Options {
    pub mode: Mode,
    pub json: bool,
}

fn error_json(e: &hutong::Error) -> Value {
    json!({
        "kind": e.kind().as_str(),
        "offset": e.offset(),
        "path": e.path().map(|p| p.to_string()),
        "message": e.message().to_string(),
    })
}

/// The JSON report of one payload: the contract other tools read.
pub fn report(input: &str, mode: Mode) -> Value {
    let mut out = json!({
        "input": input,
        "ok": false,
        "kind": Value::Null,
        "roundtrip": false,
        "findings": [],
        "providers": [],
        "unified": Value::Null,
        "carried": Value::Null,
        "ecny": Value::Null,
    });
    let code = match hutong::recognise_with(input, mode) {
        Ok(c) => c,
        Err(e) => {
            out["error"] = error_json(&e);
            out["kind"] = hutong::guess_kind(input).map_or(Value::Null, |k| json!(k.as_str()));
            return out;
        }
    };
    fill(&mut out, input, &code);
    out
}

fn fill(out: &mut Value, input: &str, code: &Recognised<'_>) {
    out["ok"] = json!(true);
    out["kind"] = json!(code.kind().as_str());
    out["roundtrip"] = json!(code.encode().as_deref() == Some(input));
    out["findings"] = Value::Array(
        code.findings()
            .iter()
            .map(|f| json!({"rule": f.rule, "path": f.path.map(|p| p.to_string()), "offset": f.offset, "message": f.message}))
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
            None => writeln!(w, "{indent}{:02} {} ({}) {:?}", o.id(), field_name(&ids), o.char_len(), o.value())?,
        }
    }
    Ok(())
}

pub fn print_human(w: &mut impl Write, input: &str, opts: &Options) -> std::io::Result<bool> {
    let r = report(input, opts.mode);
    if r["ok"] != json!(true) {
        writeln!(w, "error: {}", r["error"]["message"].as_str().unwrap_or("?"))?;
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
                c["code"].as_str().unwrap_or("")
            )?;
        }
    }
    if let Some(u) = r["unified"].as_str() {
        writeln!(w, "unified: {u}")?;
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
            f["message"].as_str().unwrap_or("")
        )?;
    }
    writeln!(w, "round trip: {}", if r["roundtrip"] == json!(true) { "exact" } else { "NOT exact" })?;
    Ok(true)
}
