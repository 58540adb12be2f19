//! Every row of tests/data/mpm.tsv against the outcome table of its README, in both
//! modes, and the byte-exact round trip of every row that parses.

mod common;

use hutong::emv::mpm::{MerchantPayload, Mode, Mpm, Rule};
use hutong::TagPath;

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

#[test]
fn the_path_a_finding_or_an_error_reports_looks_its_object_up() {
    // 62.05 holds a control character: lenient mode reports it where it is.
    let mut payload = MerchantPayload::default();
    for (path, value) in [
        (&[0u8][..], "01"),
        (&[26, 0], "com.qq.weixin.pay"),
        (&[26, 5], "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"),
        (&[52], "5812"),
        (&[53], "156"),
        (&[58], "CN"),
        (&[59], "SHOP"),
        (&[60], "SHENZHEN"),
        (&[62, 5], "REF\u{7}9"),
    ] {
        assert!(payload.set_path(path, value));
    }
    let text = payload.encode().unwrap();
    let lenient = Mpm::parse_with(&text, Mode::Lenient).unwrap();
    let finding = lenient.findings().into_iter().find(|f| f.rule == Rule::Ans).expect("62.05 is not ans");
    assert_eq!(finding.path.to_string(), "62.05");
    assert_eq!(lenient.get_path(finding.path).map(|o| o.value()), Some("REF\u{7}9"));
    assert_eq!(payload.get_path(finding.path).and_then(|o| o.value.as_text()), Some("REF\u{7}9"));
    let err = payload.check().unwrap_err();
    assert_eq!(err.path(), Some(finding.path));
    assert!(payload.set_path(err.path().unwrap(), "REF-9"));
    assert!(payload.check().is_ok());
    // Paths that name no MPM data object find nothing and change nothing.
    assert!(lenient.get_path(TagPath::ber(0x62).child(0x05)).is_none(), "a CPM tag path");
    assert!(lenient.get_path([62u8, 5, 1, 1, 1]).is_none(), "deeper than a path records");
    assert!(lenient.get_path([162u8]).is_none(), "not an MPM ID");
    assert!(lenient.get_path(&[] as &[u8]).is_none(), "no ID");
    assert!(!payload.set_path(TagPath::ber(0x62), "x"));
    assert!(payload.remove_path(TagPath::ber(0x62)).is_none());
}

#[test]
fn the_builder_writes_each_optional_object_where_emvco_puts_it() {
    let base = || {
        hutong::emv::mpm::MpmBuilder::new()
            .merchant_account(2, "4000123456789012")
            .merchant_category_code("5812")
            .transaction_currency("156")
            .country_code("CN")
            .merchant_name("SHOP")
            .merchant_city("SHENZHEN")
    };
    let value = |b: hutong::emv::mpm::MpmBuilder, path: &[u8]| {
        let text = b.encode().unwrap();
        Mpm::parse(&text).unwrap().get_path(path).map(|o| o.value().to_string())
    };
    assert_eq!(value(base().tip_prompt(), &[55]).as_deref(), Some("01"));
    assert_eq!(value(base().convenience_fee_fixed("1.50"), &[55]).as_deref(), Some("02"));
    assert_eq!(value(base().convenience_fee_fixed("1.50"), &[56]).as_deref(), Some("1.50"));
    assert_eq!(value(base().convenience_fee_percentage("3.00"), &[55]).as_deref(), Some("03"));
    assert_eq!(value(base().convenience_fee_percentage("3.00"), &[57]).as_deref(), Some("3.00"));
    assert_eq!(value(base().postal_code("518000"), &[61]).as_deref(), Some("518000"));
    assert_eq!(value(base(), &[61]), None);
}

#[test]
fn remove_path_takes_the_object_out_and_returns_it() {
    let input = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A";
    let mut p = MerchantPayload::from(&Mpm::parse(input).unwrap());
    let removed = p.remove_path([62, 7]).expect("62.07 is there");
    assert_eq!(removed.value.as_text(), Some("A6008667"));
    assert!(p.get_path([62, 7]).is_none());
    assert!(p.get_path([62, 3]).is_some(), "its siblings stay");
    assert!(p.remove_path([62, 7]).is_none(), "gone");
    assert!(p.remove_path([59, 1]).is_none(), "59 is no template");
    assert_eq!(
        p.remove_path([59]).and_then(|o| o.value.as_text().map(str::to_string)).as_deref(),
        Some("BEST TRANSPORT")
    );
}
