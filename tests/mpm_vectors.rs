//! Every row of tests/data/mpm.tsv against the outcome table of its README, in both
//! modes, and the byte-exact round trip of every row that parses.

mod common;

use hutong::emv::mpm::{MerchantPayload, Mode, Mpm};

/// (strict parses, lenient parses) for a verdict, per tests/data/README.md.
fn expected(verdict: &str) -> (bool, bool) {
    match verdict {
        "valid" => (true, true),
        "valid-crc-lowercase" | "valid+zero-length" | "valid+template-not-tlv" => (false, true),
        v if v.starts_with("bad-") || v.starts_with("crc-missing") || v == "crc-malformed" => (false, false),
        other => panic!("verdict {other:?} is not in the outcome table"),
    }
}

#[test]
fn every_mpm_vector_gets_its_outcome_in_both_modes() {
    let rows = common::tsv("mpm.tsv");
    assert!(rows.len() > 150, "expected the full vector file, got {} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let (payload, note) = (&row[0], &row[3]);
        let verdict = common::verdict(note);
        let (want_strict, want_lenient) = expected(verdict);
        for (mode, want) in [(Mode::Strict, want_strict), (Mode::Lenient, want_lenient)] {
            let got = Mpm::parse_with(payload, mode);
            if got.is_ok() != want {
                failures.push(format!("{mode:?} {verdict}: {:?}\n    {payload}", got.err()));
                continue;
            }
            if let Ok(mpm) = got {
                let owned = MerchantPayload::from(&mpm);
                match owned.encode() {
                    Ok(s) if &s == payload => {}
                    other => failures.push(format!("{mode:?} round trip: {other:?}\n    {payload}")),
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn strict_success_implies_lenient_success_and_same_objects() {
    for row in common::tsv("mpm.tsv") {
        if let Ok(strict) = Mpm::parse(&row[0]) {
            let lenient = Mpm::parse_with(&row[0], Mode::Lenient).expect("lenient must accept what strict accepts");
            assert_eq!(MerchantPayload::from(&strict), MerchantPayload::from(&lenient));
        }
    }
}

#[test]
fn bench_payloads_parse_strictly_without_findings() {
    for (name, payload) in common::bench_payloads() {
        let mpm = Mpm::parse(&payload).unwrap_or_else(|e| panic!("{name}: {e}"));
        let findings: Vec<_> = mpm.findings().iter().map(|f| format!("{} {}", f.rule, f.path)).collect();
        assert!(findings.is_empty(), "{name}: {findings:?}");
    }
}
