//! Every row of tests/data/cpm.tsv against the outcome table of its README, the typed
//! model on the real samples, and one test per error and per finding of the CPM profile.

mod common;

use base64::Engine as _;
#[path = "common/cpm.rs"]
mod cpm;
use cpm::{b64, hex, parse_hex};
use hutong::emv::cpm::{tag, BerObject, BerValue, ConsumerPayload, CpmBuilder, Rule, TemplateBuilder, Track2};
use hutong::{ErrorKind, Provider, TagPath};

const B1: &str = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
const B2: &str = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
const UNIONPAY: &str = "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=";

fn tags(objects: &[BerObject]) -> Vec<u32> {
    objects.iter().map(BerObject::tag).collect()
}

/// The payload format indicator every case starts with: 85 05 "CPV01".
const HEAD: &str = "85 05 4350563031";

fn rule_ids(p: &ConsumerPayload) -> Vec<(&'static str, String)> {
    p.findings().iter().map(|f| (f.rule.id(), f.path.to_string())).collect()
}

#[test]
fn every_cpm_vector_gets_its_outcome() {
    let rows = common::tsv("cpm.tsv");
    assert!(rows.len() >= 11, "expected the full vector file, got {} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let (payload, note) = (&row[0], &row[3]);
        let verdict = common::verdict(note);
        let got = ConsumerPayload::parse(payload);
        let outcome = match (verdict, &got) {
            ("valid", Ok(p)) if p.findings().is_empty() => Ok(()),
            ("valid", Ok(p)) => Err(format!("unexpected findings {:?}", rule_ids(p))),
            ("valid-with-warnings", Ok(p)) if !p.findings().is_empty() => Ok(()),
            ("valid-with-warnings", Ok(_)) => Err("no findings".to_string()),
            ("bad-base64", Err(e)) if e.kind() == ErrorKind::InvalidBase64 => Ok(()),
            (v, Err(e)) if v.starts_with("bad-ber") && e.kind() == ErrorKind::InvalidBer => Ok(()),
            ("no-application-template", Err(e)) if e.kind() == ErrorKind::MissingField => Ok(()),
            (v, Ok(_)) => Err(format!("{v} parsed")),
            (v, Err(e)) => Err(format!("{v}: {e}")),
        };
        if let Err(why) = outcome {
            failures.push(format!("{why}\n    {payload}"));
        }
        if let Ok(p) = got {
            if &p.encode() != payload {
                failures.push(format!("round trip: {}\n    {payload}", p.encode()));
            }
            if p.to_bytes() != base64::engine::general_purpose::STANDARD.decode(payload).unwrap() {
                failures.push(format!("to_bytes differs\n    {payload}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_warning_row_reports_the_name_in_both_61_and_62() {
    let row = common::tsv("cpm.tsv").into_iter().find(|r| common::verdict(&r[3]) == "valid-with-warnings").unwrap();
    let p = ConsumerPayload::parse(&row[0]).unwrap();
    let f = p.findings();
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!((f[0].rule, f[0].path), (hutong::Rule::Cpm(Rule::CommonDataOverlap), TagPath::ber(0x62).child(0x5F20)));
    let bytes = p.to_bytes();
    assert_eq!(&bytes[f[0].offset..f[0].offset + 2], [0x5F, 0x20], "the offset points at the 5F20 inside 62");
    assert!(f[0].offset > 7 + 2 + 0x22, "after the first application template");
    assert_eq!(
        f[0].message().to_string(),
        "data object 5F20 is both in an application template (61) and in the common data template (62)"
    );
}

#[test]
fn spec_example_b1() {
    let p = ConsumerPayload::parse(B1).unwrap();
    assert_eq!(p.format_indicator(), "CPV01");
    assert_eq!(tags(p.objects()), [0x85, 0x61]);
    let apps: Vec<_> = p.applications().collect();
    assert_eq!(apps.len(), 1);
    let a = apps[0];
    assert_eq!(a.aid(), Some(&hex("A0000000555555")[..]));
    assert_eq!(a.route(), None, "other AIDs are reported as they are");
    let t2 = a.track2().unwrap();
    assert_eq!(
        t2,
        Track2 {
            pan: "1234567890123458".into(),
            expiry: "1912".into(),
            service_code: "201".into(),
            discretionary: "12345".into()
        }
    );
    assert_eq!(t2.to_string(), "1234567890123458D191220112345");
    assert_eq!(t2.to_bytes().unwrap(), a.get(tag::TRACK2).unwrap().bytes().unwrap());
    assert_eq!(a.pan().as_deref(), Some("1234567890123458"), "the PAN comes from 57 when 5A is absent");
    assert!(p.common_data().is_none());
    assert_eq!(p.route(), None);
}

#[test]
fn spec_example_b2_two_applications_and_common_data() {
    let p = ConsumerPayload::parse(B2).unwrap();
    assert_eq!(tags(p.objects()), [0x85, 0x61, 0x61, 0x62]);
    let labels: Vec<_> = p.applications().map(|a| a.label()).collect();
    assert_eq!(labels, [Some("Product1"), Some("Product2")]);
    let common = p.common_data().unwrap();
    assert_eq!(common.path().to_string(), "62");
    assert_eq!(common.pan().as_deref(), Some("1234567890123458"));
    assert_eq!(common.cardholder_name(), Some("CARDHOLDER/EMV"));
    assert_eq!(common.language_preference(), Some("ruesdeen"));
    assert_eq!(common.languages().collect::<Vec<_>>(), ["ru", "es", "de", "en"]);
    let t64 = common.transparent().unwrap();
    assert_eq!(t64.tag(), 0x64);
    assert_eq!(tags(t64.children().unwrap()), [0x9F10, 0x9F26, 0x9F36, 0x9F37]);
    assert_eq!(t64.get(0x9F36).unwrap().bytes(), Some(&[0x00, 0x01][..]));
    // Each application reads what it shares through 62, and only its own AID.
    for a in p.applications() {
        assert_eq!(a.pan().as_deref(), Some("1234567890123458"));
        assert_eq!(a.cardholder_name(), Some("CARDHOLDER/EMV"));
        assert!(a.own(tag::PAN).is_none());
        assert!(a.transparent().is_none(), "64 belongs to 62, not to the applications");
    }
    assert_eq!(common.aid(), None);
}

#[test]
fn unionpay_cpqrc_routes_to_unionpay_and_keeps_unknown_tags_in_place() {
    let p = ConsumerPayload::parse(UNIONPAY).unwrap();
    let a = p.applications().next().unwrap();
    assert_eq!(a.aid(), Some(&hex("A000000333010102")[..]));
    assert_eq!(a.route(), Some(Provider::UnionPay));
    assert_eq!(p.route(), Some(Provider::UnionPay));
    assert_eq!(tags(a.objects()), [0x4F, 0x57, 0x5F34, 0x63]);
    assert_eq!(a.get(0x5F34).unwrap().bytes(), Some(&[0x00][..]));
    let t2 = a.track2().unwrap();
    assert_eq!((t2.pan.as_str(), t2.expiry.as_str(), t2.service_code.as_str()), ("6263600100713672", "2312", "201"));
    assert_eq!(t2.discretionary, "0000018801");
    let t63 = a.transparent().unwrap();
    assert_eq!(tags(t63.children().unwrap()), [0x9F26, 0x9F27, 0x9F10, 0x9F36, 0x82, 0x9F37]);
    assert_eq!(t63.get(0x9F27).unwrap().bytes(), Some(&[0x80][..]));
    // The debit AID and AIDs that extend the CPQRC ones route too; other RIDs do not.
    for (aid, want) in [
        ("A000000333010101", Some(Provider::UnionPay)),
        ("A00000033301010101", Some(Provider::UnionPay)),
        ("A0000006022020", None),
        ("A0000007271010", None),
    ] {
        let app = TemplateBuilder::application(&hex(aid)).pan("6212345678901234");
        let p = CpmBuilder::new().application(app).build().unwrap();
        assert_eq!(p.route(), want, "{aid}");
    }
}

#[test]
fn qris_samples_keep_private_tags_and_decode_numeric_fields() {
    let rows = common::tsv("cpm.tsv");
    let qris: Vec<_> = rows
        .iter()
        .filter(|r| r[2] == "ID/QRIS CPM" && common::verdict(&r[3]) == "valid")
        .map(|r| ConsumerPayload::parse(&r[0]).unwrap())
        .collect();
    assert_eq!(qris.len(), 4);
    for p in &qris {
        let a = p.applications().next().unwrap();
        assert_eq!(a.aid(), Some(&hex("A0000006022020")[..]));
        assert_eq!(a.label(), Some("QRISCPM"));
        assert_eq!(a.route(), None);
    }
    let a = qris[0].applications().next().unwrap();
    assert_eq!(a.pan().as_deref(), Some("9360091430100531720"), "5A without its F pad");
    assert_eq!(a.language_preference(), Some("iden"));
    assert!(a.transparent().unwrap().get(0x9F74).unwrap().bytes().unwrap().starts_with(b"cheque:"));
    let a = qris[1].applications().next().unwrap();
    assert_eq!(a.pan_last4().as_deref(), Some("0859"));
    assert_eq!(a.cardholder_name(), Some("SENDY AGUSTIAN"));
    let a = qris[2].applications().next().unwrap();
    assert_eq!(a.issuer_url(), Some("DANA.ID"));
    assert_eq!(a.transparent().unwrap().get(0x9F74).unwrap().bytes(), Some(&b"281012021557964066731181"[..]));
    let a = qris[3].applications().next().unwrap();
    assert_eq!(tags(a.objects()), [0x4F, 0x50, 0x5A, 0x9F25, 0x9F76, 0x63]);
    // 9F76 is primitive: the private C4-CB objects inside it stay bytes.
    assert!(a.get(0x9F76).unwrap().bytes().unwrap().ends_with(b"\xC7\x09ShopeePay\xCB\x01\x01"));
}

#[test]
fn base64_errors_point_into_the_text() {
    let space = common::tsv("cpm.tsv").into_iter().find(|r| common::verdict(&r[3]) == "bad-base64").unwrap();
    let e = ConsumerPayload::parse(&space[0]).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, space[0].find(' ').unwrap()));
    assert!(e.message().to_string().starts_with("U+0020 inside the base64"), "{e}");
    let cases: [(String, ErrorKind, usize); 13] = [
        (String::new(), ErrorKind::Empty, 0),
        (format!(" {B1}"), ErrorKind::InvalidBase64, 0),
        (format!("hQV DUFY{}", &B1[7..]), ErrorKind::InvalidBase64, 3),
        (format!("{B1}\n"), ErrorKind::InvalidBase64, B1.len()),
        (format!("{}\r\n{}", &B2[..76], &B2[76..]), ErrorKind::InvalidBase64, 76),
        (B1.trim_end_matches('=').to_string(), ErrorKind::InvalidBase64, B1.len() - 1),
        (format!("{B1}{B1}"), ErrorKind::InvalidBase64, B1.len() - 1),
        (format!("{B1}="), ErrorKind::InvalidBase64, B1.len() + 1),
        (B1.replace('+', "-").replace("NF8", "N_8"), ErrorKind::InvalidBase64, B1.find("NF8").unwrap() + 1),
        (B1.replacen('Z', "é", 1), ErrorKind::InvalidBase64, B1.find('Z').unwrap()),
        ("hQVDUFYwMQ=A".into(), ErrorKind::InvalidBase64, 10),
        // '9' carries bits past the last byte: the canonical form ends "8=".
        (B1.replace("NF8=", "NF9="), ErrorKind::InvalidBase64, B1.len() - 2),
        (format!("{B1}{}", "A".repeat(2953 - 48 + 4)), ErrorKind::TooLong, 2953),
    ];
    for (text, kind, offset) in cases {
        let e = ConsumerPayload::parse(&text).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (kind, offset), "{text:?}: {e}");
        assert_eq!(e.path(), None);
    }
}

#[test]
fn other_codes_are_not_cpm() {
    for text in [
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING6304A13A",
        "https://qr.alipay.com/bax38739wzs54w2lovttnns2",
        "134567890123456789",
        "AAAA",
        "hQVDUFx",
    ] {
        let e = ConsumerPayload::parse(text).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::WrongFormat, 0), "{text}: {e}");
    }
    // Starts like base64 of 85 but is something else once decoded.
    let e = parse_hex("86 05 4350563031").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::WrongFormat, 0));
    let e = parse_hex("85 05 4350563032 61 07 4F05A000000333").unwrap_err();
    assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::WrongFormat, 0, Some(TagPath::ber(0x85))));
    assert!(e.message().to_string().contains("\"CPV02\""), "{e}");
    // 85 81 05: legal BER, but not the fixed bytes under "hQVDUFY", in either entry point.
    let long_pfi = hex("85 81 05 4350563031 61 07 4F05A000000333");
    let e = ConsumerPayload::from_bytes(&long_pfi).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::WrongFormat, 0));
    assert_eq!(ConsumerPayload::parse(&b64(&long_pfi)).unwrap_err().kind(), ErrorKind::WrongFormat);
}

#[test]
fn ber_errors_point_into_the_decoded_bytes() {
    let cases = [
        // The vector: 61 81 93 with 147 bytes declared and 18 present.
        ("850543505630316181934f07a000000602202050075152495343504d", ErrorKind::InvalidBer, 7, "61"),
        ("85 05 4350563031 61 80 4F05A000000333 0000", ErrorKind::InvalidBer, 7, "61"),
        ("85 05 4350563031 61 85 0000000007 4F05A000000333", ErrorKind::InvalidBer, 7, "61"),
        ("85 05 4350563031 61 82 00", ErrorKind::InvalidBer, 7, "61"),
        ("85 05 4350563031 61", ErrorKind::InvalidBer, 7, "61"),
        ("85 05 4350563031 61 07 4F05A000000333 9F", ErrorKind::InvalidBer, 16, ""),
        ("85 05 4350563031 61 07 4F05A000000333 9F8181818101 00", ErrorKind::InvalidBer, 16, ""),
        ("85 05 4350563031 61 07 4F05A000000333 00", ErrorKind::InvalidBer, 16, ""),
        ("85 05 4350563031 61 07 4F06A000000333", ErrorKind::InvalidBer, 9, "61.4F"),
        // Five levels: 61 > 63 > E1 > E2 > 9F01.
        (
            "85 05 4350563031 61 12 4F05A000000333 63 09 E1 07 E2 05 E3 03 9F0100",
            ErrorKind::InvalidBer,
            20,
            "61.63.E1.E2",
        ),
        ("85 05 4350563031", ErrorKind::MissingField, 7, "61"),
        ("85 05 4350563031 62 00", ErrorKind::MissingField, 9, "61"),
        // Every application template would be skipped: none has an AID of 5-16 bytes.
        ("85 05 4350563031 61 00", ErrorKind::MissingField, 7, "61"),
        ("85 05 4350563031 61 03 5F3400 61 06 4F04A0000003", ErrorKind::MissingField, 7, "61"),
        ("85 05 4350563031 61 13 4F11A000000333010101010101010101010101", ErrorKind::MissingField, 7, "61"),
    ];
    for (h, kind, offset, path) in cases {
        let e = parse_hex(h).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (kind, offset), "{h}: {e}");
        assert_eq!(e.path().map(|p| p.to_string()).unwrap_or_default(), path, "{h}: {e}");
    }
    let e = parse_hex("850543505630316181934f07a000000602202050075152495343504d").unwrap_err();
    assert_eq!(
        e.to_string(),
        "data object 61 declares 147 bytes but only 18 remain in its template (lengths count bytes) (at byte 7, in 61)"
    );
    // The same bytes through from_bytes give the same answer.
    let e2 = ConsumerPayload::from_bytes(&hex("850543505630316181934f07a000000602202050075152495343504d")).unwrap_err();
    assert_eq!(e, e2);
    assert_eq!(ConsumerPayload::from_bytes(&[]).unwrap_err().kind(), ErrorKind::Empty);
}

#[test]
fn duplicates_are_errors() {
    let cases = [
        ("85 05 4350563031 85 05 4350563031 61 07 4F05A000000333", 7, "85"),
        ("85 05 4350563031 61 0C 4F05A000000333 4F03010203", 16, "61.4F"),
        ("85 05 4350563031 61 07 4F05A000000333 61 07 4F05A000000334 62 00 62 00", 27, "62"),
        ("85 05 4350563031 61 07 4F05A000000333 61 07 4F05A000000334 62 0A 5F200241425F20024344", 32, "62.5F20"),
    ];
    for (h, offset, path) in cases {
        let e = parse_hex(h).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::Duplicate, offset), "{h}: {e}");
        assert_eq!(e.path().unwrap().to_string(), path);
    }
    // Two application templates with the same tags are two applications, not a duplicate;
    // a repeated tag inside a transparent template is the issuer's business.
    assert!(parse_hex("85 05 4350563031 61 07 4F05A000000333 61 07 4F05A000000334").is_ok());
    assert!(parse_hex("85 05 4350563031 61 13 4F05A000000333 63 0A 9F36020001 9F36020002").is_ok());
}

#[test]
fn long_form_lengths_survive_the_round_trip() {
    // 61 81 xx (as QRIS writes lengths over 127) and a non-minimal 81 05 for the AID.
    let mut label = String::from("50 10");
    label.push_str(&"41".repeat(16));
    let mut inner = hex("4F 81 05 A000000333");
    inner.extend(hex(&label));
    inner.extend(hex("63 82 00 03 9F3600"));
    inner.extend(hex(&format!("C1 81 80 {}", "00".repeat(128))));
    let mut bytes = hex(HEAD);
    bytes.extend([0x61, 0x81, inner.len() as u8]);
    bytes.extend(&inner);
    let text = b64(&bytes);
    let p = ConsumerPayload::parse(&text).unwrap();
    assert_eq!(p.encode(), text);
    let app = p.objects()[1].clone();
    assert_eq!(app.length_bytes(), [0x81, inner.len() as u8]);
    assert_eq!(app.get(0x4F).unwrap().length_bytes(), [0x81, 0x05]);
    assert_eq!(app.get(0x63).unwrap().length_bytes(), [0x82, 0x00, 0x03]);
    assert_eq!(app.get(0x63).unwrap().content_len(), 3);
    assert_eq!(app.get(0xC1).unwrap().bytes().unwrap().len(), 128);
    assert_eq!(app.encoded_len(), 3 + inner.len());
    assert!(p.findings().is_empty(), "{:?}", p.findings());
}

#[test]
fn an_edited_value_gets_a_fresh_length() {
    let mut p = ConsumerPayload::parse(&b64(&hex("85 05 4350563031 61 0B 4F 81 05 A000000333 50 01 41"))).unwrap();
    let mut objects = p.objects().to_vec();
    let app = &mut objects[1];
    let label = app.children_mut().unwrap().iter_mut().find(|o| o.tag() == 0x50).unwrap();
    assert!(label.set_bytes(*b"LONGER LABEL"));
    assert!(!app.set_bytes(*b"x"), "a template has no bytes to replace");
    assert_eq!(app.to_bytes(), hex("61 16 4F 81 05 A000000333 50 0C 4C4F4E474552204C4142454C"));
    p = ConsumerPayload::from_bytes(&[hex(HEAD), app.to_bytes()].concat()).unwrap();
    assert_eq!(p.applications().next().unwrap().label(), Some("LONGER LABEL"));
}

#[test]
fn ber_object_constructors_check_the_tag() {
    assert!(BerObject::primitive(0x5F20, *b"AB").is_ok());
    assert!(BerObject::constructed(0x61, vec![]).is_ok());
    for bad in [0x00, 0x1F, 0x9F80, 0x5F_80_80_80, 0x1F_1F_1F_1F] {
        assert_eq!(BerObject::primitive(bad, vec![]).unwrap_err().kind(), ErrorKind::InvalidValue, "{bad:X}");
    }
    assert_eq!(BerObject::primitive(0x61, vec![]).unwrap_err().kind(), ErrorKind::InvalidValue);
    assert_eq!(BerObject::constructed(0x4F, vec![]).unwrap_err().kind(), ErrorKind::InvalidValue);
    let o = BerObject::constructed(0xBF0C, vec![BerObject::primitive(0x9F4D, vec![1, 2]).unwrap()]).unwrap();
    assert_eq!(o.to_bytes(), hex("BF0C 05 9F4D 02 0102"));
    assert_eq!(o.tag_bytes(), [0xBF, 0x0C]);
    assert!(matches!(o.value(), BerValue::Constructed(c) if c.len() == 1));
}

/// The findings of a payload given as hex, as (rule id, path).
fn findings_of(h: &str) -> Vec<(&'static str, String)> {
    rule_ids(&parse_hex(h).unwrap_or_else(|e| panic!("{h}: {e}")))
}

#[test]
fn each_profile_rule_is_a_finding() {
    let app = "61 07 4F05A000000333";
    let app2 = "61 07 4F05A000000334";
    let cases: Vec<(String, Vec<(&str, &str)>)> = vec![
        (format!("{HEAD} {app} {app2} {app}"), vec![("application-count", "61")]),
        (format!("{HEAD} {app} 62 04 5F340100"), vec![("common-data-placement", "62")]),
        (format!("{HEAD} 9F01 00 {app}"), vec![("order", "61")]),
        (format!("{HEAD} {app} {app2} C1 00 62 00"), vec![("order", "62")]),
        (format!("{HEAD} {app} 61 03 5F3400"), vec![("aid-missing", "61")]),
        (format!("{HEAD} 61 06 4F04A0000003 {app}"), vec![("aid-length", "61.4F")]),
        (format!("{HEAD} {app} 61 13 4F11 A000000333 010101010101010101010101"), vec![("aid-length", "61.4F")]),
        (
            format!("{HEAD} {app} {app2} 62 05 4F03010203"),
            vec![("aid-length", "62.4F"), ("common-data-overlap", "62.4F")],
        ),
        (format!("{HEAD} 61 09 4F05A000000333 5000"), vec![("length", "61.50")]),
        (format!("{HEAD} 61 0A 4F05A000000333 5001 2D"), vec![("format-ans", "61.50")]),
        (format!("{HEAD} 61 0D 4F05A000000333 5F2003 41 0A 42"), vec![("format-ans", "61.5F20")]),
        (format!("{HEAD} 61 0B 4F05A000000333 5F2001 41"), vec![("length", "61.5F20")]),
        (format!("{HEAD} 61 0D 4F05A000000333 5F2D03 7A6865"), vec![("format-an", "61.5F2D")]),
        (format!("{HEAD} 61 0C 4F05A000000333 5F2D02 7A2D"), vec![("format-an", "61.5F2D")]),
        (format!("{HEAD} 61 0C 4F05A000000333 9F2502 12A4"), vec![("format-n", "61.9F25")]),
        (format!("{HEAD} 61 0B 4F05A000000333 9F0801 01"), vec![("length", "61.9F08")]),
        (format!("{HEAD} 61 0E 4F05A000000333 9F1904 01020304"), vec![("length", "61.9F19")]),
        (format!("{HEAD} 61 0D 4F05A000000333 9F2403 414243"), vec![("length", "61.9F24")]),
        (format!("{HEAD} 61 0D 4F05A000000333 5A04 1234F567"), vec![("format-cn", "61.5A")]),
        (format!("{HEAD} 61 0D 4F05A000000333 5A04 FFFFFFFF"), vec![("format-cn", "61.5A")]),
        (format!("{HEAD} 61 14 4F05A000000333 5A0B 1234567890123456789FFF"), vec![("length", "61.5A")]),
        (format!("{HEAD} 61 10 4F05A000000333 5707 1234567890123F"), vec![("track2", "61.57")]),
        (format!("{HEAD} 61 10 4F05A000000333 5707 1234D1912201FF"), vec![("track2", "61.57")]),
        (format!("{HEAD} 61 0E 4F05A000000333 5705 D191220112"), vec![("track2", "61.57")]),
        (format!("{HEAD} 61 0D 4F05A000000333 5704 1D191220"), vec![("track2", "61.57")]),
    ];
    for (h, want) in cases {
        let got = findings_of(&h);
        let got: Vec<(&str, &str)> = got.iter().map(|(r, p)| (*r, p.as_str())).collect();
        assert_eq!(got, want, "{h}");
    }
    // Well-formed values of the same objects give none.
    let clean = format!(
        "{HEAD} 61 53 4F05A000000333 500B 4E41504153204445424954 5708 1234D1912201000F 5A05 1234567890 \
         5F2002 4142 5F2D04 7A68656E 5F5007 44414E412E4944 9F0802 0010 9F1906 012345678901 9F2502 0859 \
         9F1A02 0156"
    );
    assert_eq!(findings_of(&clean), vec![]);
}

#[test]
fn findings_give_offsets_into_the_decoded_bytes() {
    let p = parse_hex(&format!("{HEAD} 61 0D 4F05A000000333 5A04 1234F567")).unwrap();
    let f = p.findings();
    assert_eq!(f[0].offset, 16);
    assert_eq!(p.to_bytes()[16], 0x5A);
    assert_eq!(f[0].message().to_string(), "application PAN (5A) must be packed digits padded with F (format cn)");
    let p = parse_hex(&format!("{HEAD} 61 0A 4F05A000000333 5F5000")).unwrap();
    let f = p.findings();
    assert_eq!((f[0].rule, f[0].offset), (hutong::Rule::Cpm(Rule::Length), 16));
    assert_eq!(f[0].message().to_string(), "issuer URL (5F50) has 0 bytes; its format allows at least 1");
    let p = parse_hex(&format!("{HEAD} 61 06 4F04A0000003 61 07 4F05A000000333")).unwrap();
    assert_eq!((p.findings()[0].offset, p.route()), (9, Some(Provider::UnionPay)), "the usable application routes");
    assert_eq!(
        p.findings()[0].message().to_string(),
        "ADF name (4F) has 4 bytes; EMV allows 5-16, so readers skip this application template"
    );
}

#[cfg(feature = "serde")]
#[test]
fn findings_serialise_as_rule_path_offset_message() {
    let row = common::tsv("cpm.tsv").into_iter().find(|r| common::verdict(&r[3]) == "valid-with-warnings").unwrap();
    let p = ConsumerPayload::parse(&row[0]).unwrap();
    let v = serde_json::to_value(p.findings()).unwrap();
    let f = &v[0];
    assert_eq!(f["rule"], "common-data-overlap");
    assert_eq!(f["path"], "62.5F20");
    assert_eq!(f["offset"], p.findings()[0].offset);
    assert_eq!(f["message"], p.findings()[0].message().to_string());
    assert_eq!(f.as_object().unwrap().len(), 4);
    let json = serde_json::to_value(ConsumerPayload::parse(B1).unwrap()).unwrap();
    assert_eq!(json["objects"][0], serde_json::json!({"tag": "85", "length": "05", "value": "4350563031"}));
    assert_eq!(json["objects"][1]["children"][0]["value"], "A0000000555555");
}

#[test]
fn the_builder_writes_what_the_parser_reads() {
    let t2 = Track2 {
        pan: "6212345678901234".into(),
        expiry: "2712".into(),
        service_code: "201".into(),
        discretionary: "".into(),
    };
    let cpm = CpmBuilder::new()
        .application(TemplateBuilder::application(&hex("A000000333010101")).label("UnionPay Debit").track2(&t2))
        .application(TemplateBuilder::application(&hex("A000000333010102")).label("UnionPay Credit"))
        .common_data(
            TemplateBuilder::common()
                .cardholder_name("ZHANG/SAN")
                .language_preference("zhen")
                .issuer_url("tel:95516")
                .application_version(0x0030)
                .token_requestor_id("40010030273")
                .payment_account_reference("5001A9Z5Z3MJ1ZKHRTBB1NLDZVOLJ")
                .pan_last4("1234")
                .transparent(vec![BerObject::primitive(0x9F36, vec![0, 1]).unwrap()]),
        )
        .build()
        .unwrap();
    assert!(cpm.findings().is_empty());
    let back = ConsumerPayload::parse(&cpm.encode()).unwrap();
    assert_eq!(back, cpm);
    let apps: Vec<_> = back.applications().collect();
    assert_eq!(apps[0].track2(), Some(t2));
    assert_eq!(apps[1].label(), Some("UnionPay Credit"));
    let c = back.common_data().unwrap();
    assert_eq!(c.application_version(), Some(0x0030));
    assert_eq!(c.token_requestor_id().as_deref(), Some("40010030273"));
    assert_eq!(c.pan_last4().as_deref(), Some("1234"));
    assert_eq!(c.payment_account_reference(), Some("5001A9Z5Z3MJ1ZKHRTBB1NLDZVOLJ"));
    assert_eq!(c.transparent().unwrap().tag(), 0x64);
    assert_eq!(apps[1].cardholder_name(), Some("ZHANG/SAN"));
}

#[test]
fn the_builder_refuses_what_the_profile_forbids() {
    let aid = hex("A000000333010101");
    let app = || TemplateBuilder::application(&aid);
    let bad_t2 =
        Track2 { pan: "62".into(), expiry: "271".into(), service_code: "201".into(), discretionary: "".into() };
    let cases = [
        (CpmBuilder::new(), ErrorKind::MissingField),
        (CpmBuilder::new().application(app().pan("62x")), ErrorKind::InvalidValue),
        (CpmBuilder::new().application(app().track2(&bad_t2)), ErrorKind::InvalidValue),
        (CpmBuilder::new().application(app().label("Union-Pay")), ErrorKind::InvalidValue),
        (CpmBuilder::new().application(app().label("A label that is too long")), ErrorKind::TooLong),
        (CpmBuilder::new().application(app().pan_last4("123")), ErrorKind::InvalidValue),
        (CpmBuilder::new().application(app().token_requestor_id("1234567890123")), ErrorKind::InvalidValue),
        (CpmBuilder::new().application(TemplateBuilder::application(&[0xA0, 0, 0])), ErrorKind::MissingField),
        (
            CpmBuilder::new().application(app()).application(TemplateBuilder::application(&[0xA0, 0, 0])),
            ErrorKind::InvalidValue,
        ),
        (CpmBuilder::new().application(app()).common_data(TemplateBuilder::common()), ErrorKind::FieldConflict),
        (
            CpmBuilder::new()
                .application(app().cardholder_name("AB"))
                .application(app())
                .common_data(TemplateBuilder::common().cardholder_name("AB")),
            ErrorKind::FieldConflict,
        ),
        (CpmBuilder::new().application(app()).application(app()).application(app()), ErrorKind::InvalidValue),
    ];
    for (i, (b, kind)) in cases.into_iter().enumerate() {
        let e = b.build().unwrap_err();
        assert_eq!(e.kind(), kind, "case {i}: {e}");
    }
    // A later setter replaces an earlier value instead of writing the object twice.
    let p = CpmBuilder::new().application(app().label("A").label("B")).build().unwrap();
    assert_eq!(p.applications().next().unwrap().label(), Some("B"));
}

#[test]
fn ber_tags_are_checked_byte_by_byte() {
    let cases = [
        (0x5A, true),
        (0x01, true),
        (0x1F, false),
        (0x9F26, true),
        (0x9F80, false),
        (0x5A26, false),
        (0x9F8101, true),
        (0x9F0101, false),
        (0x9F8181, false),
        (0x9F818101, true),
        (0x9F818181, false),
        (0x9F810101, false),
        (0, false),
    ];
    for (tag, valid) in cases {
        assert_eq!(hutong::emv::cpm::is_valid_tag(tag), valid, "{tag:X}");
    }
}

#[test]
fn ber_lengths_are_written_in_their_shortest_form() {
    for (n, length) in [
        (0usize, &[0x00u8][..]),
        (5, &[0x05]),
        (0x7F, &[0x7F]),
        (0x80, &[0x81, 0x80]),
        (0xC8, &[0x81, 0xC8]),
        (0x1234, &[0x82, 0x12, 0x34]),
    ] {
        let o = BerObject::primitive(0x5A, vec![0xAB; n]).unwrap();
        assert_eq!(o.length_bytes(), length, "{n}");
        let bytes = o.to_bytes();
        assert_eq!(bytes.len(), 1 + length.len() + n);
        assert_eq!(&bytes[1..1 + length.len()], length);
        assert_eq!(o.encoded_len(), bytes.len());
        assert!(!o.is_constructed());
    }
    let t = BerObject::constructed(0x61, vec![BerObject::primitive(0x4F, vec![0xA0; 7]).unwrap()]).unwrap();
    assert!(t.is_constructed());
    assert_eq!(
        format!("{t:?}"),
        "BerObject { tag: 61, length: 09, children: [BerObject { tag: 4F, length: 07, value: A0A0A0A0A0A0A0 }] }"
    );
}
