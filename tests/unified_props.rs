//! Property tests of the unified code's reader against lookalikes (issue 10). The real legacy
//! merchant codes of tests/data/legacy.tsv are transformed as an attacker would (host
//! suffixes, userinfo, a percent-escaped host character, invisible characters, scheme case),
//! carried in unified codes written by hand — not by `merge` — under the provider's GUID or
//! another, cut into continuation parts at random places or where the writer cuts, and read
//! by `unified::split`, `recognise` and `recognise_with(.., Mode::Lenient)`. Whatever the
//! reader reports is exactly a code that `MerchantCode::parse` accepts on its own, with the
//! same provider and form, that the template's GUID may carry; it reads every code it should;
//! and a code whose host or characters were changed is never attributed to the provider it
//! imitates. Foreign EMV codes carrying the same codes in one template are held to the same rule.

mod common;

use std::sync::OnceLock;

use hutong::ecny::CodeType;
use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::MerchantCode;
use hutong::unified::{self, guid, CarriedCode, HUTONG_GUID};
use hutong::{recognise_with, Provider};
use proptest::prelude::*;

const WECHAT: &str = "com.qq.weixin.pay";
const ALIPAY: &str = "COM.ALIPAY.OPENAPI";
const UNIONPAY: &str = "A000000333";

/// The merchant codes of legacy.tsv, with their providers.
fn rows() -> &'static [(String, Provider)] {
    static ROWS: OnceLock<Vec<(String, Provider)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let rows: Vec<(String, Provider)> = common::tsv("legacy.tsv")
            .into_iter()
            .filter(|r| r[1] == "merchant-code")
            .map(|r| {
                let provider = Provider::ALL.iter().copied().find(|p| p.id() == r[2]).expect("a known provider");
                (common::unescape(&r[0]), provider)
            })
            .collect();
        assert!(rows.len() >= 30, "legacy.tsv holds the real merchant codes");
        rows
    })
}

// ---- Writing unified codes by hand ----

fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

fn with_crc(body: &str) -> String {
    let head = format!("{body}6304");
    format!("{head}{:04X}", hutong::emv::crc16(head.as_bytes()))
}

/// Room for a part beside `guid` in a template of 99 characters.
fn room(guid: &str) -> usize {
    99 - 4 - guid.len() - 4
}

/// `code` cut at these character positions, and every piece longer than a template holds
/// cut again where the writer would.
fn cut(code: &str, cuts: &[usize], guid: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut at: Vec<usize> = cuts.iter().map(|&c| c.min(chars.len())).filter(|&c| c > 0 && c < chars.len()).collect();
    at.sort_unstable();
    at.dedup();
    let mut parts = Vec::new();
    let mut start = 0;
    for end in at.into_iter().chain([chars.len()]) {
        for piece in chars[start..end].chunks(room(guid)) {
            parts.push(piece.iter().collect::<String>());
        }
        start = end;
    }
    if parts.is_empty() {
        parts.push(String::new());
    }
    parts
}

/// Where the writer cuts: every part but the last full.
fn canonical(code: &str, guid: &str) -> Vec<String> {
    cut(code, &[], guid)
}

/// The unified code carrying `parts` under `guid` (26.05, then 27.91, 28.91…).
/// The unified code carrying `parts` under `guid`: as version 1 is written (no version marker,
/// no 01 when static), or, with `marker`, as writers wrote it before version 1 was settled
/// (template 80 = {00 alt.hutong, 01 1}, 01 always).
fn unified_code(guid: &str, parts: &[String], poi: &str, marker: bool) -> String {
    let mut templates = String::new();
    for (k, part) in parts.iter().enumerate() {
        let sub = tlv(if k == 0 { 5 } else { 91 }, part);
        templates.push_str(&tlv(26 + k as u8, &format!("{}{sub}", tlv(0, guid))));
    }
    let (poi, marker) = match marker {
        true => (tlv(1, poi), tlv(80, &format!("{}{}", tlv(0, HUTONG_GUID), tlv(1, "1")))),
        false if poi == "11" => (String::new(), String::new()),
        false => (tlv(1, poi), String::new()),
    };
    with_crc(&format!("000201{poi}{templates}520400005303156{}5902NA6002NA{marker}", tlv(58, "CN")))
}

/// A foreign EMV code carrying `code` whole in template `id` under `guid`.
fn foreign_code(id: u8, guid: &str, code: &str) -> String {
    let template = tlv(id, &format!("{}{}", tlv(0, guid), tlv(5, code)));
    with_crc(&format!("000201010212{template}520400005303156{}5902NA6002NA", tlv(58, "CN")))
}

// ---- Lookalikes ----

#[derive(Debug, Clone)]
enum Transform {
    None,
    /// Text inserted right after the authority (`qr.alipay.com` + `.evil.cn`).
    HostSuffix(&'static str),
    /// 0: `host@evil.cn`, 1: `evil.cn@host`, 2: `host:x@evil.cn`.
    UserInfo(u8),
    /// The authority's character at this index (modulo) percent-escaped.
    PercentHost(usize),
    /// A character inserted at this character index (modulo).
    Invisible(char, usize),
    /// The scheme's letters upper-cased by this mask.
    SchemeCase(u32),
    /// Text inserted after the host of a wrapper's escaped inner URL.
    InnerHostSuffix(&'static str),
}

/// Suffixes that put the host under somebody else's domain.
const FOREIGN_SUFFIXES: &[&str] = &[".evil.cn", "evil.cn", "-evil.cn", ".evil.cn.", ".evil.cn/x"];
const OTHER_SUFFIXES: &[&str] = &[".", ":443", ":8080", "%2Eevil.cn", "\\evil.cn", "@", ".."];
const INVISIBLE: &[char] = &[
    '\u{200B}', '\u{2060}', '\u{202E}', '\u{00AD}', '\u{FEFF}', '\n', '\r', '\t', '\0', '\u{200D}', '\u{2066}',
    '\u{180E}', '\u{3000}', '\u{85}',
];

/// Byte range of the authority (after `://`, up to `/`, `?`, `#` or the end).
fn authority(code: &str) -> Option<(usize, usize)> {
    let start = code.find("://")? + 3;
    let end = code[start..].find(['/', '?', '#']).map_or(code.len(), |i| start + i);
    Some((start, end))
}

fn is_http(code: &str) -> bool {
    code.starts_with("http://") || code.starts_with("https://")
}

/// The transformed code, and whether it must never be attributed to the provider it imitates
/// (its host is somebody else's, or it holds a character no carried code may hold).
fn apply(code: &str, t: &Transform) -> (String, bool) {
    let Some((a, b)) = authority(code) else { return (code.to_string(), false) };
    match *t {
        Transform::None => (code.to_string(), false),
        Transform::HostSuffix(s) => {
            (format!("{}{s}{}", &code[..b], &code[b..]), is_http(code) && FOREIGN_SUFFIXES.contains(&s))
        }
        Transform::UserInfo(k) => {
            let host = &code[a..b];
            let auth = match k % 3 {
                0 => format!("{host}@evil.cn"),
                1 => format!("evil.cn@{host}"),
                _ => format!("{host}:x@evil.cn"),
            };
            (format!("{}{auth}{}", &code[..a], &code[b..]), is_http(code) && k % 3 != 1)
        }
        Transform::PercentHost(i) => {
            let at = a + i % (b - a).max(1);
            let c = code.as_bytes()[at];
            (format!("{}%{c:02X}{}", &code[..at], &code[at + 1..]), false)
        }
        Transform::Invisible(c, i) => {
            let mut s = code.to_string();
            s.insert(i % (code.len() + 1), c);
            (s, true)
        }
        Transform::SchemeCase(mask) => {
            let scheme: String = code[..a - 3]
                .chars()
                .enumerate()
                .map(|(k, ch)| if mask >> (k % 32) & 1 == 1 { ch.to_ascii_uppercase() } else { ch })
                .collect();
            (format!("{scheme}{}", &code[a - 3..]), false)
        }
        Transform::InnerHostSuffix(s) => match code.find("%2F%2F") {
            Some(i) => {
                let host_start = i + 6;
                let host_end = code[host_start..].find('%').map_or(code.len(), |k| host_start + k);
                (format!("{}{s}{}", &code[..host_end], &code[host_end..]), false)
            }
            None => (code.to_string(), false),
        },
    }
}

fn transform() -> impl Strategy<Value = Transform> {
    prop_oneof![
        1 => Just(Transform::None),
        3 => prop::sample::select(FOREIGN_SUFFIXES).prop_map(Transform::HostSuffix),
        1 => prop::sample::select(OTHER_SUFFIXES).prop_map(Transform::HostSuffix),
        2 => (0u8..3).prop_map(Transform::UserInfo),
        1 => any::<usize>().prop_map(Transform::PercentHost),
        3 => (prop::sample::select(INVISIBLE), any::<usize>()).prop_map(|(c, i)| Transform::Invisible(c, i)),
        1 => any::<u32>().prop_map(Transform::SchemeCase),
        1 => prop::sample::select(FOREIGN_SUFFIXES).prop_map(Transform::InnerHostSuffix),
    ]
}

/// Which GUID the template carries: the provider's own (as written, lower-cased, or an alias
/// the reader accepts), hutong's, or another provider's.
#[derive(Debug, Clone, Copy)]
enum GuidChoice {
    Own,
    OwnLower,
    Alias,
    Hutong,
    Other(usize),
}

fn guid_choice() -> impl Strategy<Value = GuidChoice> {
    prop_oneof![
        6 => Just(GuidChoice::Own),
        1 => Just(GuidChoice::OwnLower),
        1 => Just(GuidChoice::Alias),
        2 => Just(GuidChoice::Hutong),
        2 => (0usize..3).prop_map(GuidChoice::Other),
    ]
}

fn guid_for(provider: Provider, choice: GuidChoice) -> String {
    let own = unified::guid_for(Some(provider));
    match choice {
        GuidChoice::Own => own.to_string(),
        GuidChoice::OwnLower => own.to_ascii_lowercase(),
        GuidChoice::Alias => match provider {
            Provider::Alipay => "com.alipay".into(),
            Provider::UnionPay => "A00000033301".into(),
            _ => own.to_ascii_uppercase(),
        },
        GuidChoice::Hutong => HUTONG_GUID.into(),
        GuidChoice::Other(i) => [WECHAT, ALIPAY, UNIONPAY][i].into(),
    }
}

// ---- The properties ----

fn printable(s: &str) -> bool {
    s.bytes().all(|b| (0x20..=0x7E).contains(&b))
}

/// A unified code under test: `code` cut into `parts` under `guid`; whether it is a
/// lookalike that must never be attributed to `imitated`.
struct Case<'a> {
    code: &'a str,
    guid: &'a str,
    parts: &'a [String],
    poi: &'a str,
    hostile: bool,
    imitated: Provider,
}

/// One reading of a case:
/// - what is reported is the code, printable ASCII, cut where the writer cuts, a code that
///   `MerchantCode::parse` accepts with the same provider and form, that the GUID may carry;
/// - a code meeting all that (with a point of initiation that fits it) is read;
/// - a hostile code is never attributed to the provider it imitates.
fn check_reading(
    entry: &str,
    got: Result<Vec<CarriedCode>, hutong::Error>,
    case: &Case<'_>,
) -> Result<(), TestCaseError> {
    let Case { code, guid, parts, poi, hostile, imitated } = *case;
    let own = MerchantCode::parse(code);
    let g = guid::lookup(guid).expect("a registered GUID");
    let canonical = parts[..parts.len() - 1].iter().all(|p| p.chars().count() == room(guid));
    let fits_poi = poi == "12" || own.as_ref().is_ok_and(|c| c.ecny().qt != CodeType::MerchantDynamic);
    let should_read = printable(code)
        && !code.is_empty()
        && canonical
        && fits_poi
        && own.as_ref().is_ok_and(|c| g.carries(c.provider()));
    match got {
        Ok(carried) => {
            prop_assert!(should_read, "{entry} read what it should not: {carried:?} (parse: {own:?}, guid {guid})");
            prop_assert_eq!(carried.len(), 1, "{}", entry);
            let c = &carried[0];
            prop_assert_eq!(c.code.as_str(), code, "{}", entry);
            let own = own.as_ref().unwrap();
            prop_assert_eq!(c.provider, own.provider(), "{}", entry);
            prop_assert_eq!(c.form, own.form().id(), "{}", entry);
            prop_assert!(!(hostile && c.provider == Some(imitated)), "{entry} attributed the lookalike {code:?}");
        }
        Err(e) => prop_assert!(
            !should_read,
            "{entry} refused a sound code {code:?} under {guid} in {} parts: {e}",
            parts.len()
        ),
    }
    Ok(())
}

/// Every entry point on the unified code of `case`.
fn check_unified(case: &Case<'_>) -> Result<(), TestCaseError> {
    prop_assert_eq!(case.parts.concat(), case.code);
    for marker in [false, true] {
        let payload = unified_code(case.guid, case.parts, case.poi, marker);
        check_payload(case, &payload, marker)?;
    }
    Ok(())
}

/// Every entry point on one payload of `case`. With a version marker, recognise's answer is
/// the reader's; without one, recognise reads a code that fails the reader as a plain EMV
/// code, whose carried codes must be sound too.
fn check_payload(case: &Case<'_>, payload: &str, marker: bool) -> Result<(), TestCaseError> {
    let payload = payload.to_string();
    let read = unified::read(&payload).map(|u| u.carried);
    check_reading("unified::read", read.clone(), case)?;
    check_reading("unified::read_with(Lenient)", unified::read_with(&payload, Mode::Lenient).map(|u| u.carried), case)?;
    for mode in [Mode::Strict, Mode::Lenient] {
        let got = recognise_with(&payload, mode).map(|r| r.carried().unwrap_or_default());
        match (marker, &read, got) {
            (true, _, got) => check_reading("recognise", got, case)?,
            (false, Ok(read), got) => prop_assert_eq!(got.as_ref(), Ok(read), "{:?}: {}", mode, payload),
            (false, Err(_), Ok(plain)) => {
                for c in plain {
                    let own = MerchantCode::parse(&c.code).map(|m| (m.provider(), m.form().id()));
                    prop_assert_eq!(own, Ok((c.provider, c.form)), "{}", payload);
                    // A plain EMV reading reports a template's own 05 as what it parses as (a
                    // prefix of the lookalike may be a real code of its own), never the
                    // lookalike as the provider it imitates.
                    let lookalike = case.hostile && c.code == case.code;
                    prop_assert!(!(lookalike && c.provider == Some(case.imitated)), "{:?} attributed", c.code);
                }
            }
            (false, Err(_), Err(_)) => {}
        }
    }
    if let Ok(mpm) = Mpm::parse_with(&payload, Mode::Lenient) {
        // Read as a foreign code, no template reports a code it may not carry.
        let g = guid::lookup(case.guid).expect("a registered GUID");
        for c in hutong::providers::carried(&mpm) {
            if let Some(legacy) = c.legacy {
                prop_assert!(printable(legacy));
                let p = MerchantCode::parse(legacy).map(|m| m.provider());
                prop_assert!(p.is_ok_and(|p| g.carries(p)), "{:?} under {}", legacy, case.guid);
            }
        }
    }
    Ok(())
}

/// A foreign EMV code carrying `code` whole: `recognise(..).carried()` reports it exactly when
/// it is, on its own, a code the GUID may carry (of some provider), and never a lookalike as
/// the provider it imitates.
fn check_foreign(code: &str, guid: &str, hostile: bool, imitated: Provider) -> Result<(), TestCaseError> {
    if code.chars().count() > room(guid) || code.is_empty() {
        return Ok(());
    }
    let g = guid::lookup(guid).expect("a registered GUID");
    let own = MerchantCode::parse(code);
    let should = printable(code)
        && own.as_ref().is_ok_and(|c| g.carries(c.provider()) && (c.provider().is_some() || g.provider().is_some()));
    let ids: &[u8] = if guid.eq_ignore_ascii_case(WECHAT) { &[17, 26] } else { &[26] };
    for &id in ids {
        let payload = foreign_code(id, guid, code);
        for mode in [Mode::Strict, Mode::Lenient] {
            let Ok(r) = recognise_with(&payload, mode) else { continue };
            let carried = r.carried().unwrap_or_default();
            if let Ok(u) = unified::read_with(&payload, mode) {
                // The payload is itself a unified code of version 1 (no marker needed): it is
                // read as one, and a lookalike is still no code of the provider it imitates.
                prop_assert_eq!(&carried, &u.carried);
                prop_assert!(carried.iter().all(|c| !(hostile && c.provider == Some(imitated))), "{:?}", code);
                continue;
            }
            prop_assert_eq!(
                carried.len(),
                usize::from(should),
                "{:?} {:?} under {} in {}: {:?}",
                mode,
                code,
                guid,
                id,
                own
            );
            if let Some(c) = carried.first() {
                let own = own.as_ref().unwrap();
                prop_assert_eq!(&c.code, code);
                prop_assert_eq!(c.provider, own.provider());
                prop_assert_eq!(c.form, own.form().id());
                prop_assert!(!(hostile && c.provider == Some(imitated)), "{:?} attributed in a foreign code", code);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_lookalike_is_ever_attributed(
        row in 0usize..1000,
        t in transform(),
        choice in guid_choice(),
        cuts in prop::collection::vec(0usize..260, 0..4),
        writer_cut in any::<bool>(),
        dynamic in prop::bool::weighted(0.8),
    ) {
        let (original, provider) = &rows()[row % rows().len()];
        let (code, hostile) = apply(original, &t);
        let guid = guid_for(*provider, choice);
        let parts = if writer_cut { canonical(&code, &guid) } else { cut(&code, &cuts, &guid) };
        prop_assume!(parts.len() <= 26);
        let poi = if dynamic { "12" } else { "11" };
        check_unified(&Case { code: &code, guid: &guid, parts: &parts, poi, hostile, imitated: *provider })?;
        check_foreign(&code, &guid, hostile, *provider)?;
    }
}

/// Every cut position of every real code, untransformed and with a lookalike at the cut:
/// only the writer's cut is read, and a lookalike never is as its provider.
#[test]
fn every_cut_position_of_every_real_code() {
    let mut read = 0;
    for (original, provider) in rows() {
        let guid = unified::guid_for(Some(*provider));
        let mut variants = vec![(original.clone(), false)];
        variants.push(apply(original, &Transform::HostSuffix(".evil.cn")));
        variants.push(apply(original, &Transform::UserInfo(0)));
        for cut_at in 1..original.len() {
            for (code, hostile) in &variants {
                let parts = cut(code, &[cut_at], guid);
                let case = Case { code, guid, parts: &parts, poi: "12", hostile: *hostile, imitated: *provider };
                check_unified(&case).unwrap();
            }
            // An invisible character right at the cut, at the end of a part or the start of the next.
            for c in ['\u{200B}', '\u{2060}', '\n'] {
                let (code, hostile) = apply(original, &Transform::Invisible(c, cut_at));
                for at in [cut_at, cut_at + 1] {
                    let parts = cut(&code, &[at], guid);
                    check_unified(&Case { code: &code, guid, parts: &parts, poi: "12", hostile, imitated: *provider })
                        .unwrap();
                }
            }
        }
        read += 1;
    }
    assert_eq!(read, rows().len());
}

/// The positive property: each real code, under each GUID that may carry it, cut where the
/// writer cuts, is given back byte for byte with its provider and form, in both modes.
#[test]
fn every_real_code_cut_where_the_writer_cuts_is_read_back() {
    for (code, provider) in rows() {
        let own = MerchantCode::parse(code).unwrap();
        assert_eq!(own.provider(), Some(*provider), "{code}");
        for choice in [GuidChoice::Own, GuidChoice::OwnLower, GuidChoice::Alias] {
            let guid = guid_for(*provider, choice);
            let parts = canonical(code, &guid);
            let poi = if own.ecny().qt == CodeType::MerchantDynamic { "12" } else { "11" };
            for marker in [false, true] {
                let payload = unified_code(&guid, &parts, poi, marker);
                let mut readings =
                    vec![unified::read(&payload).map(|u| u.carried).unwrap_or_else(|e| panic!("{payload}: {e}"))];
                for mode in [Mode::Strict, Mode::Lenient] {
                    readings.push(recognise_with(&payload, mode).unwrap().carried().unwrap());
                }
                for carried in readings {
                    assert_eq!(carried.len(), 1);
                    assert_eq!(carried[0].code, *code);
                    assert_eq!(carried[0].provider, Some(*provider));
                    assert_eq!(carried[0].form, own.form().id());
                    assert_eq!(carried[0].path.to_string(), "26.05");
                }
                // The same code written by merge is the same payload when the GUID is the writer's.
                if matches!(choice, GuidChoice::Own) && !marker {
                    assert_eq!(unified::from_legacy(code).unwrap(), payload, "{code}");
                }
            }
        }
    }
}
