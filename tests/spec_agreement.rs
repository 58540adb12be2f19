//! SPEC.md and the crate say the same thing: the MPM field table of section 1.2 is read from
//! SPEC.md and compared with `emv::mpm::spec`, and each point SPEC settles (issue 11) is
//! pinned here: the order of checks (2.1), where errors point (4.1), the formats of 26–51,
//! zero lengths in 62/50–99, the CRC length, the typing of Alipay's `ba` token, and what
//! recognition makes of reordered payloads and of digits with a stray character (section 9).

use hutong::emv::crc16;
use hutong::emv::mpm::{spec, Format, Mode, Mpm, MpmBuilder};
use hutong::providers::MerchantCode;
use hutong::{recognise, ErrorKind, Kind};

/// `ID LEN VALUE` with the length in characters.
fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

/// `body` + `6304` + its CRC.
fn payload(body: &str) -> String {
    let head = format!("{body}6304");
    format!("{head}{:04X}", crc16(head.as_bytes()))
}

/// The mandatory objects but 00 and an account, after which a test adds what it needs.
fn merchant() -> String {
    [tlv(52, "5812"), tlv(53, "156"), tlv(58, "CN"), tlv(59, "SHOP"), tlv(60, "CITY")].concat()
}

fn err(input: &str, mode: Mode) -> (ErrorKind, usize, String) {
    let e = Mpm::parse_with(input, mode).expect_err(input);
    (e.kind(), e.offset(), e.path().map(|p| p.to_string()).unwrap_or_default())
}

fn rules(input: &str, mode: Mode) -> Vec<(String, String, usize)> {
    let m = Mpm::parse_with(input, mode).expect(input);
    m.findings().iter().map(|f| (f.rule.id().to_string(), f.path.to_string(), f.offset)).collect()
}

// ---- Section 1.2: the field table ----

/// `26–51` → 26..=51; `00` → 0..=0.
fn range(cell: &str) -> (u8, u8) {
    let num = |s: &str| s.trim().parse::<u8>().unwrap_or_else(|_| panic!("not an ID: {cell}"));
    match cell.split_once('–') {
        Some((a, b)) => (num(a), num(b)),
        None => (num(cell), num(cell)),
    }
}

/// One row of SPEC.md's field table: the ID range at each level of the path, the format cell
/// and the length cell.
struct Row {
    path: Vec<(u8, u8)>,
    format: String,
    length: String,
}

fn spec_rows() -> Vec<Row> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/SPEC.md")).expect("SPEC.md");
    let table = text.split("### 1.2 Field table").nth(1).expect("SPEC.md has section 1.2");
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            let path = cells[1].split('.').map(range).collect();
            Row { path, format: cells[3].to_string(), length: cells[4].to_string() }
        })
        .collect()
}

#[test]
fn the_field_table_of_spec_is_the_crates() {
    let rows = spec_rows();
    assert!(rows.len() > 40, "the table was not found: {} rows", rows.len());
    let mut paths: Vec<Vec<u8>> = (0..=99).map(|id| vec![id]).collect();
    for t in (26..=51).chain([62, 64]).chain(80..=99) {
        paths.extend((0..=99).map(|sub| vec![t, sub]));
    }
    for sub in 50..=99 {
        paths.extend((0..=99).map(|id| vec![62, sub, id]));
    }
    for path in paths {
        let matching: Vec<_> = rows
            .iter()
            .filter(|row| {
                row.path.len() == path.len() && row.path.iter().zip(&path).all(|(&(a, b), &id)| (a..=b).contains(&id))
            })
            .collect();
        assert_eq!(matching.len(), 1, "{path:?} is in {} rows of SPEC 1.2", matching.len());
        let Row { format, length, .. } = matching[0];
        let s = spec(&path);
        match format.as_str() {
            "template" => assert!(s.template, "{path:?} is a template in SPEC"),
            f => {
                let expected = match f {
                    "N" => Format::N,
                    "ans" => Format::Ans,
                    "S" => Format::S,
                    other => panic!("unknown format {other}"),
                };
                assert!(!s.template, "{path:?} is not a template in SPEC");
                assert_eq!(s.format, expected, "{path:?} format");
            }
        }
        match length.strip_prefix("≤ ") {
            Some(max) => assert_eq!((s.fixed, s.max), (None, max.parse().unwrap()), "{path:?} length"),
            None => {
                let n: u8 = length.parse().unwrap();
                assert_eq!((s.fixed, s.max), (Some(n), n), "{path:?} length");
            }
        }
    }
}

// ---- Section 1.2: 26–51 are ans throughout; 80–99 are S ----

#[test]
fn sub_objects_of_26_to_51_are_ans_and_those_of_80_to_99_are_s() {
    let with = |id: u8, text: &str| {
        payload(
            &[tlv(0, "01"), tlv(id, &(tlv(0, "com.example") + &tlv(1, text))), tlv(15, &"1".repeat(31)), merchant()]
                .concat(),
        )
    };
    for text in ["名", "a\u{202E}b"] {
        let p = with(26, text);
        assert_eq!(rules(&p, Mode::Strict), [("format-ans".to_string(), "26.01".to_string(), 25)], "{p}");
    }
    assert!(rules(&with(80, "名"), Mode::Strict).is_empty());
    assert_eq!(rules(&with(80, "a\u{202E}b"), Mode::Strict)[0].0, "unsafe-text");
    // A generator may not write them (SPEC 1.4): the finding becomes invalid-character.
    let e = MpmBuilder::new()
        .set([26, 0], "com.example")
        .set([26, 1], "名")
        .merchant_category_code("5812")
        .transaction_currency("156")
        .country_code("CN")
        .merchant_name("SHOP")
        .merchant_city("CITY")
        .build()
        .unwrap_err();
    assert_eq!((e.kind(), e.path().map(|p| p.to_string())), (ErrorKind::InvalidCharacter, Some("26.01".into())));
}

// ---- Section 2: zero length inside 62/50–99 ----

#[test]
fn a_zero_length_inside_62_50_to_99_is_an_error_in_strict_mode_only() {
    let body = [tlv(0, "01"), tlv(15, &"1".repeat(31)), merchant()].concat();
    let p = payload(&(body.clone() + &tlv(62, &tlv(52, "0100"))));
    let at = body.len() + 8; // 62 and 52 headers
    assert_eq!(err(&p, Mode::Strict), (ErrorKind::ZeroLength, at, "62.52.01".into()));
    assert_eq!(
        rules(&p, Mode::Lenient),
        [("guid-missing".to_string(), "62.52".to_string(), at - 4), ("zero-length".into(), "62.52.01".into(), at)]
    );
    // The first failure decides: a zero length first is zero_length even if the rest is not
    // TLV; content that fails first is kept raw, in both modes.
    let p = payload(&(body.clone() + &tlv(62, &tlv(52, "0100xx"))));
    assert_eq!(err(&p, Mode::Strict).0, ErrorKind::ZeroLength);
    assert_eq!(rules(&p, Mode::Lenient), [("template-not-tlv".to_string(), "62.52".to_string(), at - 4)]);
    let p = payload(&(body + &tlv(62, &tlv(52, "xx0100"))));
    for mode in [Mode::Strict, Mode::Lenient] {
        assert_eq!(rules(&p, mode), [("template-not-tlv".to_string(), "62.52".to_string(), at - 4)]);
    }
}

// ---- Section 2.1: the order of checks; section 4.1: where errors point ----

#[test]
fn checks_run_object_by_object_and_the_crc_value_last() {
    let ok = payload(&[tlv(0, "01"), tlv(15, &"1".repeat(31)), merchant()].concat());
    let crc_at = ok.len() - 4;
    // A malformed object is reported before a wrong CRC.
    let mut bad = ok.replace("5802CN", "58x2CN");
    bad.replace_range(crc_at.., "0000");
    assert_eq!(err(&bad, Mode::Strict), (ErrorKind::InvalidLength, ok.find("5802").unwrap(), "58".into()));
    // A CRC object that is not last is crc_missing at once, even before a malformed object.
    let early = format!("{}6304ABCD58x2", tlv(0, "01"));
    assert_eq!(err(&early, Mode::Strict), (ErrorKind::CrcMissing, 6, "63".into()));
    // A root template that is not TLV is decided when it is reached.
    let raw = payload(&[tlv(0, "01"), tlv(26, "raw value"), merchant()].concat());
    assert_eq!(err(&raw, Mode::Strict), (ErrorKind::TemplateNotTlv, 6, "26".into()));
    // After the objects: last object, length, hex, value, case.
    let no_crc = [tlv(0, "01"), tlv(52, "5812")].concat();
    assert_eq!(err(&no_crc, Mode::Strict), (ErrorKind::CrcMissing, no_crc.len(), "63".into()));
    let short = format!("{}6303ABC", tlv(0, "01"));
    assert_eq!(err(&short, Mode::Strict), (ErrorKind::CrcMissing, 6, "63".into()));
    let mut wrong = ok.clone();
    wrong.replace_range(crc_at.., "ZZZZ");
    assert_eq!(err(&wrong, Mode::Strict), (ErrorKind::CrcMalformed, crc_at, "63".into()));
    wrong.replace_range(crc_at.., "0000");
    assert_eq!(err(&wrong, Mode::Lenient), (ErrorKind::CrcMismatch, crc_at, "63".into()));
    // An upper-case CRC with a letter, written in lower case.
    let lettered = payload(&[tlv(0, "01"), tlv(15, &"1".repeat(31)), merchant(), tlv(62, &tlv(1, "A"))].concat());
    let at = lettered.len() - 4;
    assert!(lettered[at..].bytes().any(|b| b.is_ascii_uppercase()), "{lettered}");
    let lower = format!("{}{}", &lettered[..at], lettered[at..].to_lowercase());
    assert_eq!(err(&lower, Mode::Strict), (ErrorKind::CrcLowercase, at, "63".into()));
    assert!(Mpm::parse_with(&lower, Mode::Lenient).is_ok());
    // Headers: fewer than four bytes left is truncated (no path) unless the ID is not digits.
    assert_eq!(err("00020163", Mode::Strict), (ErrorKind::Truncated, 6, String::new()));
    assert_eq!(err("0002016x", Mode::Strict), (ErrorKind::InvalidId, 6, String::new()));
    assert_eq!(err("000201540a", Mode::Strict), (ErrorKind::InvalidLength, 6, "54".into()));
    assert_eq!(err("0002015405123", Mode::Strict), (ErrorKind::Truncated, 6, "54".into()));
}

#[test]
fn a_crc_object_of_four_characters_that_are_not_hex_is_malformed_whatever_their_bytes() {
    let p = format!("{}6304AB最C", [tlv(0, "01"), tlv(52, "5812")].concat());
    assert_eq!(err(&p, Mode::Strict), (ErrorKind::CrcMalformed, p.len() - 6, "63".into()));
}

// ---- Section 6.3: an Alipay token that is exactly `ba` ----

#[test]
fn every_alipay_token_that_starts_ba_is_an_order_code() {
    for (token, typing) in [("ba", "QT04/QET05"), ("BA", "QT04/QET05"), ("bax1", "QT04/QET05"), ("b", "QT03/QET05")] {
        let url = format!("https://qr.alipay.com/{token}");
        assert_eq!(MerchantCode::parse(&url).unwrap().ecny().to_string(), typing, "{url}");
    }
}

// ---- Section 9: recognition ----

#[test]
fn a_payload_that_does_not_start_with_00_is_recognised_and_gets_pfi_first() {
    let p = payload(&[tlv(1, "11"), tlv(0, "01"), tlv(15, &"1".repeat(31)), merchant()].concat());
    let r = recognise(&p).unwrap();
    assert_eq!(r.kind(), Kind::EmvMpm);
    let findings: Vec<_> = r.findings().iter().map(|f| (f.rule.id(), f.offset)).collect();
    assert_eq!(findings, [("pfi-first", 0)]);
    // Digits only are still payment codes, whatever they end with.
    assert_eq!(recognise("6212345678906304123").unwrap().kind(), Kind::PaymentCode);
}

#[test]
fn digits_with_a_stray_character_are_an_invalid_character_not_unrecognised() {
    let e = recognise("165350543a24636560").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 9));
    let e = recognise("hello").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Unrecognised, 0));
    let e = recognise("12 34").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 2));
}
