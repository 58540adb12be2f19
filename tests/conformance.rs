//! The conformance suite: every case of `tests/conformance/*.json` (SPEC.md section 12) run
//! against the crate. The JSON files are language-neutral; this file is the crate's runner.
//!
//! A case names an entry point (`call`), its input and mode, and the outcome SPEC prescribes
//! (`expect`). Only the keys present in `expect` are compared. A failure prints the case id,
//! its note, what SPEC expects and what the crate answered.

use std::collections::BTreeSet;
use std::path::PathBuf;

use hutong::emv::cpm::{self, ConsumerPayload};
use hutong::emv::mpm::{self, MerchantPayload, Mode, Mpm};
use hutong::providers::{MerchantCode, Pattern, Registry};
use hutong::unified::{self, Merchant};
use hutong::{paycode, recognise_with, Code, Error, ErrorKind, Provider};
use serde_json::{json, Map, Value};

/// The SPEC version the suite belongs to; every file must name it.
const SPEC_VERSION: &str = "1.0";

/// The files of the suite, one per SPEC section or area.
const FILES: &[&str] = &[
    "mpm-wire.json",
    "mpm-findings.json",
    "errors.json",
    "unified.json",
    "legacy-forms.json",
    "cpm.json",
    "routing.json",
    "recognise.json",
];

/// Cases on which the crate is known to answer otherwise than SPEC's text. Each is reported to
/// the maintainers; the test fails when one of them starts to pass, so that the list shrinks.
const KNOWN_DIVERGENCES: &[&str] = &[];

/// The least number of cases the suite holds.
const MIN_CASES: usize = 1000;

struct Case {
    file: &'static str,
    value: Value,
}

impl Case {
    fn id(&self) -> &str {
        self.value["id"].as_str().unwrap_or("?")
    }

    fn str(&self, key: &str) -> &str {
        self.value[key].as_str().unwrap_or_else(|| panic!("{}: no string {key}", self.id()))
    }

    fn mode(&self) -> Mode {
        match self.value.get("mode").and_then(Value::as_str) {
            None | Some("strict") => Mode::Strict,
            Some("lenient") => Mode::Lenient,
            Some(m) => panic!("{}: unknown mode {m}", self.id()),
        }
    }
}

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn load() -> Vec<Case> {
    let mut out = Vec::new();
    for &file in FILES {
        let path = suite_dir().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(doc["spec_version"], SPEC_VERSION, "{file}: spec_version");
        assert!(doc["section"].is_string(), "{file}: section");
        let cases = doc["cases"].as_array().unwrap_or_else(|| panic!("{file}: no cases"));
        out.extend(cases.iter().map(|c| Case { file, value: c.clone() }));
    }
    out
}

fn error_json(e: &Error) -> Value {
    json!({
        "kind": e.kind().id(),
        "offset": e.offset(),
        "path": e.path().map(|p| p.to_string()),
    })
}

/// What both the built-in forms and a registry report of a merchant code.
fn merchant_code_json(c: &MerchantCode<'_>) -> Value {
    json!({
        "ok": true,
        "provider": c.provider().map(|p| p.id()),
        "form": c.form().id(),
        "ecny": c.ecny().to_string(),
        "roundtrip": c.encode() == c.as_str(),
    })
}

fn failed(e: &Error) -> Value {
    json!({ "ok": false, "error": error_json(e) })
}

fn mpm_findings(mpm: &Mpm<'_>) -> Value {
    Value::Array(
        mpm.findings()
            .iter()
            .map(|f| json!({ "rule": f.rule.id(), "path": f.path.to_string(), "offset": f.offset }))
            .collect(),
    )
}

fn ids(providers: impl IntoIterator<Item = Provider>) -> Value {
    Value::Array(providers.into_iter().map(|p| Value::from(p.id())).collect())
}

fn carried_json(carried: &[unified::CarriedCode]) -> Value {
    // `CarriedCode` serialises as the suite writes a carried code: provider id, form, code, path.
    serde_json::to_value(carried).unwrap_or_else(|e| panic!("carried codes as JSON: {e}"))
}

/// What the crate answers for a case, as JSON with the keys `expect` may use.
fn run(case: &Case) -> Value {
    let input = &case.value["input"];
    match case.str("call") {
        "mpm" => match Mpm::parse_with(case.str("input"), case.mode()) {
            Err(e) => failed(&e),
            Ok(m) => {
                let reencoded = MerchantPayload::from(&m).encode().ok();
                json!({
                    "ok": true,
                    "findings": mpm_findings(&m),
                    "roundtrip": reencoded.as_deref() == Some(m.as_str()),
                    "reencoded": reencoded,
                })
            }
        },
        "mpm-check" => match Mpm::parse_with(case.str("input"), Mode::Lenient)
            .map(|m| MerchantPayload::from(&m))
            .and_then(|p| p.check())
        {
            Err(e) => failed(&e),
            Ok(()) => json!({ "ok": true }),
        },
        "merchant-code" => match MerchantCode::parse(case.str("input")) {
            Err(e) => failed(&e),
            Ok(c) => {
                let mut out = merchant_code_json(&c);
                out["inner_form"] = json!(c.inner().map(|i| i.form().id()));
                out["reencoded"] = json!(c.encode());
                out
            }
        },
        "registry" => {
            let mut registry = Registry::new();
            for p in case.value["patterns"].as_array().into_iter().flatten() {
                let s = |k: &str| p[k].as_str().unwrap_or_else(|| panic!("{}: pattern {k}", case.id()));
                let provider: Provider = s("provider").parse().unwrap_or_else(|_| panic!("{}: provider", case.id()));
                match Pattern::new(provider, s("scheme"), s("host"), s("prefix")) {
                    Ok(pattern) => {
                        registry.register(pattern);
                    }
                    Err(e) => return failed(&e),
                }
            }
            match registry.parse(case.str("input")) {
                Err(e) => failed(&e),
                Ok(c) => merchant_code_json(&c),
            }
        }
        "payment-code" => match paycode::route(case.str("input")) {
            Err(e) => failed(&e),
            Ok(r) => json!({
                "ok": true,
                "provider": r.provider().id(),
                "route": r.network().id(),
                "variant": r.variant(),
                "candidates": ids(r.candidates()),
                "ecny": r.ecny().to_string(),
            }),
        },
        "cpm" => {
            let text = case.str("input");
            cpm_json(ConsumerPayload::parse(text), |c| c.encode() == text)
        }
        "cpm-bytes" => {
            let hex = case.str("input");
            let bytes: Vec<u8> = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or_else(|_| panic!("{}: hex", case.id())))
                .collect();
            cpm_json(ConsumerPayload::from_bytes(&bytes), |c| c.to_bytes() == bytes)
        }
        "unified-read" => match unified::read_with(case.str("input"), case.mode()) {
            Err(e) => failed(&e),
            Ok(u) => json!({ "ok": true, "carried": carried_json(&u.carried), "ecny": u.ecny.to_string() }),
        },
        "unified-merge" => {
            let codes: Vec<&str> = input
                .as_array()
                .unwrap_or_else(|| panic!("{}: merge input is a list", case.id()))
                .iter()
                .map(|c| c.as_str().unwrap_or_else(|| panic!("{}: code", case.id())))
                .collect();
            let merchant: Merchant = match case.value.get("merchant") {
                Some(m) => serde_json::from_value(m.clone()).unwrap_or_else(|e| panic!("{}: merchant: {e}", case.id())),
                None => Merchant::default(),
            };
            match unified::merge(&codes, &merchant) {
                Err(e) => failed(&e),
                Ok(u) => json!({ "ok": true, "unified": u }),
            }
        }
        "recognise" => recognise_json(case.str("input"), case.mode()),
        other => panic!("{}: unknown call {other}", case.id()),
    }
}

fn cpm_json(parsed: hutong::Result<ConsumerPayload>, same: impl Fn(&ConsumerPayload) -> bool) -> Value {
    match parsed {
        Err(e) => failed(&e),
        Ok(c) => {
            let findings: Vec<Value> = c
                .findings()
                .iter()
                .map(|f| json!({ "rule": f.rule.id(), "path": f.path.to_string(), "offset": f.offset }))
                .collect();
            json!({
                "ok": true,
                "findings": findings,
                "providers": ids(c.route()),
                "roundtrip": same(&c),
                "reencoded": c.encode(),
            })
        }
    }
}

fn recognise_json(input: &str, mode: Mode) -> Value {
    let r = match recognise_with(input, mode) {
        Err(e) => return failed(&e),
        Ok(r) => r,
    };
    let findings: Vec<Value> = r
        .findings()
        .iter()
        .map(|f| json!({ "rule": f.rule.id(), "path": f.path.to_string(), "offset": f.offset }))
        .collect();
    let unified = match r.unified() {
        None => Value::Null,
        Some(Ok(u)) => Value::from(u),
        Some(Err(e)) => json!({ "error": error_json(&e) }),
    };
    let mut out = Map::new();
    out.insert("ok".into(), true.into());
    out.insert("kind".into(), r.kind().id().into());
    out.insert("providers".into(), ids(r.providers()));
    out.insert("ecny".into(), r.ecny().map(|t| t.to_string()).into());
    out.insert("findings".into(), findings.into());
    out.insert("unified".into(), unified);
    out.insert("carried".into(), r.carried().map(|c| carried_json(&c)).unwrap_or(Value::Null));
    out.insert("roundtrip".into(), (r.encode().as_deref() == Ok(input)).into());
    out.insert("reencoded".into(), r.encode().ok().into());
    match r.code() {
        Code::PaymentCode(_, route) => {
            out.insert("route".into(), route.network().id().into());
            out.insert("variant".into(), route.variant().into());
            out.insert("candidates".into(), ids(route.candidates()));
        }
        Code::MerchantCode(m) => {
            out.insert("form".into(), m.form().id().into());
        }
        _ => {}
    }
    Value::Object(out)
}

/// The keys of `expect` on which `actual` differs.
fn differences(expect: &Value, actual: &Value) -> Vec<String> {
    let Some(expect) = expect.as_object() else { return vec!["expect is not an object".into()] };
    let mut out = Vec::new();
    for (k, want) in expect {
        let got = actual.get(k).unwrap_or(&Value::Null);
        let same = match (k.as_str(), want, got) {
            // An error object compares only the keys it gives (offset or path may be left out
            // where SPEC does not fix them).
            ("error", Value::Object(w), Value::Object(g)) => w.iter().all(|(wk, wv)| g.get(wk) == Some(wv)),
            _ => want == got,
        };
        if !same {
            out.push(format!("{k}: expected {want}, crate says {got}"));
        }
    }
    out
}

#[test]
fn conformance_suite() {
    let cases = load();
    let known: BTreeSet<&str> = KNOWN_DIVERGENCES.iter().copied().collect();
    let mut failures = Vec::new();
    let mut fixed = Vec::new();
    let mut seen = BTreeSet::new();
    for case in &cases {
        assert!(seen.insert(case.id().to_string()), "duplicate case id {}", case.id());
        assert!(case.value["note"].as_str().is_some_and(|n| !n.is_empty()), "{}: no note", case.id());
        let actual = run(case);
        let diffs = differences(&case.value["expect"], &actual);
        match (diffs.is_empty(), known.contains(case.id())) {
            (true, true) => fixed.push(case.id().to_string()),
            (false, false) => failures.push(format!(
                "{} ({}): {}\n  input: {}\n  {}",
                case.id(),
                case.file,
                case.value["note"].as_str().unwrap_or(""),
                case.value["input"],
                diffs.join("\n  ")
            )),
            _ => {}
        }
    }
    for id in &known {
        assert!(seen.contains(*id), "KNOWN_DIVERGENCES names {id}, which is no case");
    }
    assert!(
        failures.is_empty() && fixed.is_empty(),
        "{} of {} conformance cases fail:\n{}\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n"),
        if fixed.is_empty() {
            String::new()
        } else {
            format!("now agree with SPEC, remove from KNOWN_DIVERGENCES: {fixed:?}")
        }
    );
}

/// Every string value under `key` anywhere in `v`.
fn collect<'v>(v: &'v Value, key: &str, out: &mut BTreeSet<&'v str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == key {
                    if let Some(s) = x.as_str() {
                        out.insert(s);
                    }
                }
                collect(x, key, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, key, out)),
        _ => {}
    }
}

#[test]
fn conformance_suite_covers_every_error_kind_and_rule() {
    let cases = load();
    assert!(cases.len() >= MIN_CASES, "the suite has {} cases, fewer than {MIN_CASES}", cases.len());
    let mut kinds = BTreeSet::new();
    let mut mpm_rules = BTreeSet::new();
    let mut cpm_rules = BTreeSet::new();
    for case in &cases {
        let expect = &case.value["expect"];
        collect(expect, "kind", &mut kinds);
        let rules = if matches!(case.str("call"), "cpm" | "cpm-bytes") { &mut cpm_rules } else { &mut mpm_rules };
        collect(&expect["findings"], "rule", rules);
    }
    let missing: Vec<&str> = ErrorKind::ALL.iter().map(|k| k.id()).filter(|k| !kinds.contains(k)).collect();
    assert!(missing.is_empty(), "error kinds of SPEC section 4 with no case: {missing:?}");
    let missing: Vec<&str> = mpm::Rule::ALL.iter().map(|r| r.id()).filter(|r| !mpm_rules.contains(r)).collect();
    assert!(missing.is_empty(), "finding rules of SPEC section 3 with no case: {missing:?}");
    let missing: Vec<&str> = cpm::Rule::ALL.iter().map(|r| r.id()).filter(|r| !cpm_rules.contains(r)).collect();
    assert!(missing.is_empty(), "CPM finding rules of SPEC section 7.4 with no case: {missing:?}");
}
