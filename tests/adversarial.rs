//! What an attacker or a bad scanner can hand the library: every truncation and single-byte
//! mutation of real codes, malformed and lying lengths, deep nesting, 10,000 objects, 1 MiB of
//! input, and invisible or direction-changing characters. Each gets a typed error (or, inside
//! a merchant's text, a finding a display must not trust) — never a panic — and memory stays
//! bounded by the input size. (Host lookalikes are in tests/host_tricks.rs.)

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use hutong::emv::cpm::ConsumerPayload;
use hutong::emv::mpm::{MerchantPayload, Mode, Mpm, Object};
use hutong::providers::MerchantCode;
use hutong::{recognise_with, ErrorKind};

struct Counting;

thread_local! {
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: delegates to the system allocator; the counter is a const-initialised thread-local.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = BYTES.try_with(|c| c.set(c.get() + layout.size()));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = BYTES.try_with(|c| c.set(c.get() + new_size));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Bytes allocated while `f` runs on this thread.
fn allocated<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = BYTES.with(Cell::get);
    let r = f();
    (r, BYTES.with(Cell::get) - before)
}

/// Every parser on `input`: no panic, errors inside the input, and whatever parses
/// re-encodes exactly.
fn every_parser(input: &str) {
    for mode in [Mode::Strict, Mode::Lenient] {
        match Mpm::parse_with(input, mode) {
            Ok(m) => {
                assert_eq!(MerchantPayload::from(&m).encode().unwrap(), input);
                let _ = m.findings();
            }
            Err(e) => assert!(e.offset() <= input.len(), "{input:?}: offset {} > {}", e.offset(), input.len()),
        }
        match recognise_with(input, mode) {
            Ok(r) => {
                assert_eq!(r.encode().as_deref(), Ok(input));
                let _ = (r.providers(), r.ecny(), r.findings(), r.carried());
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
    match MerchantCode::parse(input) {
        Ok(c) => assert_eq!(c.encode(), input),
        Err(e) => assert!(e.offset() <= input.len(), "{input:?}: offset {} > {}", e.offset(), input.len()),
    }
    if let Ok(c) = ConsumerPayload::parse(input) {
        assert_eq!(c.encode(), input);
    }
    if let Err(e) = hutong::paycode::route(input) {
        assert!(e.offset() <= input.len());
    }
}

fn all_vectors() -> Vec<String> {
    let mut out: Vec<String> = common::tsv("mpm.tsv").into_iter().map(|r| r[0].clone()).collect();
    out.extend(common::tsv("cpm.tsv").into_iter().map(|r| r[0].clone()));
    out.extend(common::tsv("legacy.tsv").into_iter().map(|r| common::unescape(&r[0])));
    out.extend(common::bench_payloads().into_iter().map(|(_, p)| p));
    out
}

#[test]
fn every_truncation_of_every_vector_is_an_error_or_a_valid_parse() {
    let vectors = all_vectors();
    assert!(vectors.len() > 250);
    for v in &vectors {
        for cut in (0..v.len()).filter(|&i| v.is_char_boundary(i)) {
            every_parser(&v[..cut]);
        }
    }
}

#[test]
fn every_single_byte_mutation_of_real_codes_is_handled() {
    let samples = [
        common::bench_payloads().into_iter().find(|(n, _)| n == "typical").unwrap().1,
        "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A".to_string(),
        "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=".to_string(),
        "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax32072gzdul48vwpme0rqs".to_string(),
        "https://wx.tenpay.com/f2f?t=AQAAAJmau5%2FexSWV6HOdMOTrYQ0%3D".to_string(),
    ];
    let replacements: Vec<u8> =
        (0u8..=255).step_by(7).chain([b'0', b'9', b'%', b'/', b'&', b'=', b'#', 0x80, 0xE4]).collect();
    for s in &samples {
        let bytes = s.as_bytes();
        for i in 0..bytes.len() {
            for &b in &replacements {
                let mut m = bytes.to_vec();
                m[i] = b;
                if let Ok(text) = std::str::from_utf8(&m) {
                    every_parser(text);
                }
            }
        }
        // A mutated MPM code whose CRC no longer matches is refused, however it was changed.
        if s.starts_with("0002") {
            let mut m = s.clone().into_bytes();
            m[20] = if m[20] == b'7' { b'8' } else { b'7' };
            let text = String::from_utf8(m).unwrap();
            assert!(Mpm::parse_with(&text, Mode::Lenient).is_err(), "a changed byte must not pass the CRC: {text}");
        }
    }
}

/// A payload from `body` with its correct CRC, so that only the structure is under test.
fn with_crc(body: &str) -> String {
    let head = format!("{body}6304");
    let crc = hutong::emv::crc16(head.as_bytes());
    format!("{head}{:04X}", crc)
}

#[test]
fn malformed_lengths_are_typed_errors_at_the_right_place() {
    // Structure is checked before the CRC, so these need no CRC to be refused for what they are.
    let cases: [(&str, ErrorKind, usize, Option<&str>); 6] = [
        ("00020101021259XX4E616D65", ErrorKind::InvalidLength, 12, Some("59")),
        ("000201010212592D14E616D65", ErrorKind::InvalidLength, 12, Some("59")),
        ("0002010102125999SHORT", ErrorKind::Truncated, 12, Some("59")),
        ("000201010212AB04TEST", ErrorKind::InvalidId, 12, None),
        // A byte-counting generator's length: 6 bytes are 2 characters, and lengths count
        // characters, so this overruns instead of cutting a character in half.
        ("0002010102125906最佳", ErrorKind::Truncated, 12, Some("59")),
        // Two characters left: not even a whole header, so no object to name yet.
        ("00020101021259", ErrorKind::Truncated, 12, None),
    ];
    for (input, kind, offset, path) in cases {
        for mode in [Mode::Strict, Mode::Lenient] {
            let e = Mpm::parse_with(input, mode).unwrap_err();
            assert_eq!((e.kind(), e.offset()), (kind, offset), "{input}: {e}");
            assert_eq!(e.path().map(|p| p.to_string()).as_deref(), path, "{input}");
        }
    }
}

#[test]
fn templates_nested_in_templates_are_walked_to_their_defined_depth_only() {
    // Template 80 whose content nests "00LL…" twenty levels deep: the parser reads the
    // level the specification defines and keeps the rest as a value.
    let mut inner = "0001X".to_string();
    while inner.chars().count() + 4 <= 95 {
        inner = format!("00{:02}{inner}", inner.chars().count());
    }
    let payload = with_crc(&format!("00020180{:02}{inner}", inner.chars().count()));
    let m = Mpm::parse_with(&payload, Mode::Lenient).unwrap();
    let t = m.get(80).unwrap();
    let depth1: Vec<_> = t.children().unwrap().collect();
    assert_eq!(depth1.len(), 1);
    assert!(depth1[0].children().is_none(), "80's sub-objects are primitive");
    assert_eq!(MerchantPayload::from(&m).encode().unwrap(), payload);
}

#[test]
fn the_most_data_objects_a_qr_symbol_holds_are_answered_with_bounded_memory() {
    // 1,400 five-character objects: as many as fit in the 7,089 characters of the largest
    // QR symbol, the most input any parser accepts.
    let body: String = std::iter::repeat_n("6501X", 1_400).collect();
    let input = with_crc(&format!("000201{body}"));
    assert!(input.len() <= 7089);
    let (r, bytes) = allocated(|| Mpm::parse_with(&input, Mode::Lenient).map(|m| m.objects().count()));
    assert_eq!(r.unwrap(), 1_402);
    assert_eq!(bytes, 0, "the borrowed parse allocates nothing, however many objects");
    let (findings, bytes) = allocated(|| Mpm::parse_with(&input, Mode::Lenient).unwrap().findings().len());
    assert!(findings >= 1_400);
    // Two findings an object here (RFU, duplicate), each a fixed-size record: linear in the input.
    assert!(bytes <= 128 * input.len(), "findings used {bytes} bytes for {} of input", input.len());
    let (owned, bytes) =
        allocated(|| Mpm::parse_with(&input, Mode::Lenient).map(|m| MerchantPayload::from(&m)).unwrap());
    assert_eq!(owned.objects().len(), 1_402);
    assert!(bytes <= 64 * input.len(), "the owned model used {bytes} bytes for {} of input", input.len());
    // Beyond what a QR symbol holds, both modes refuse before reading a single object.
    let body: String = std::iter::repeat_n("6501X", 10_000).collect();
    let input = with_crc(&format!("000201{body}"));
    for mode in [Mode::Strict, Mode::Lenient] {
        let (r, bytes) = allocated(|| Mpm::parse_with(&input, mode).map(|m| m.objects().count()));
        let e = r.unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::TooLong, 7089), "{e}");
        assert_eq!(bytes, 0);
    }
    // Strict mode holds EMVCo's 512 characters; lenient reads more and reports it.
    let body: String = std::iter::repeat_n("6501X", 110).collect();
    let input = with_crc(&format!("000201{body}"));
    let e = Mpm::parse(&input).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::TooLong, 512), "{e}");
    let lenient = Mpm::parse_with(&input, Mode::Lenient).unwrap();
    assert!(lenient.findings().iter().any(|f| f.rule.id() == "payload-length"));
}

#[test]
fn a_mebibyte_of_input_gets_a_typed_error_and_bounded_memory() {
    let mib = 1 << 20;
    let cases = [
        "0".repeat(mib),
        format!("000201{}", "6299".repeat(mib / 4)),
        format!("https://qr.alipay.com/{}", "a".repeat(mib)),
        format!("hQVDUFYwMW{}", "A".repeat(mib)),
        "1".repeat(mib),
        "\u{202E}".repeat(mib / 3),
    ];
    for input in &cases {
        for mode in [Mode::Strict, Mode::Lenient] {
            let (r, bytes) = allocated(|| recognise_with(input, mode).map(|r| r.kind()));
            let e = r.expect_err("1 MiB is no payment code");
            assert!(e.offset() <= input.len());
            assert!(bytes <= 2 * input.len() + 4096, "{} bytes allocated for {} of input ({e})", bytes, input.len());
        }
    }
}

#[test]
fn invisible_and_direction_changing_characters_are_errors_in_any_code() {
    let codes = [
        "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
        "https://qr.alipay.com/bax08123k4y9xyzabc12e045",
        "https://qr.95516.com/00010000/62027533387488456892269917213370",
        "http://m.bestpay.com.cn/#/apa/FGiZYrDFdNiIuTdTNUface2face",
        "134567890123456789",
        "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=",
        "000201010211153125000344000203445000344701100015204701153033445802HK5916Discount Testing6008Hongkong62600120000000000000000000000520000000000000000000000708888888886304F153",
    ];
    let bad = [
        '\0', '\t', '\n', '\r', ' ', '\u{7F}', '\u{85}', '\u{200B}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
        '\u{FEFF}',
    ];
    for code in codes {
        for c in bad {
            for at in (0..=code.len()).step_by(5) {
                let mut s = code.to_string();
                s.insert(at, c);
                for mode in [Mode::Strict, Mode::Lenient] {
                    assert!(recognise_with(&s, mode).is_err(), "{c:?} at {at} accepted in {s:?}");
                }
            }
        }
    }
}

#[test]
fn unsafe_characters_inside_merchant_text_are_findings_a_display_must_not_trust() {
    let base = Mpm::parse_with("00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A", Mode::Strict,).map(|m| MerchantPayload::from(&m))
    .unwrap();
    for (path, text, rule) in [
        (&[64u8, 1][..], "最佳\u{202E}运输", "unsafe-text"),
        (&[64, 2], "北\u{2066}京", "unsafe-text"),
        (&[59], "BEST\u{0}SHOP", "format-ans"),
        (&[59], "BEST\u{202E}SHOP", "format-ans"),
        (&[60], "BEI\tJING", "format-ans"),
    ] {
        let mut p = base.clone();
        assert!(p.set_path(path, Object::text(0, text).value));
        let encoded = p.encode().unwrap();
        let m = Mpm::parse(&encoded).expect("the structure is sound; only the text is suspect");
        let findings = m.findings();
        assert!(
            findings
                .iter()
                .any(|f| f.rule.id() == rule && f.path.ids().iter().map(|&i| i as u8).eq(path.iter().copied())),
            "{path:?}: {:?}",
            findings.iter().map(|f| (f.rule.id(), f.path.to_string())).collect::<Vec<_>>()
        );
        assert!(p.check().is_err(), "the builder refuses to write it");
    }
}
