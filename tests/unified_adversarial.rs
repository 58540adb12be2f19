//! The unified code read as an attacker would write it (issue 10): every class of hostile
//! code gets a typed error from every entry point — `unified::split`, `recognise` and
//! `recognise_with(.., Mode::Lenient)` — at the object that is wrong, and no API attributes
//! its code to a provider. The codes are written by hand, TLV by TLV, with a correct CRC, so
//! that nothing but the attack is under test; each class also has a control that differs only
//! by the attack and is read. Foreign (non-unified) EMV codes are held to the same rule: a
//! template reports a legacy code only when the code is, on its own, what its GUID may carry.

use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::{self, MerchantCode, UnionPayAccount};
use hutong::unified::{self, guid, CarriedCode, Merchant, HUTONG_GUID};
use hutong::{recognise, recognise_with, ErrorKind, Provider};

const WECHAT: &str = "com.qq.weixin.pay";
const ALIPAY: &str = "COM.ALIPAY.OPENAPI";
const UNIONPAY: &str = "A000000333";

/// Dynamic (per-order) codes: a unified code carrying one says 01 = 12.
const WECHAT_CODE: &str = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
const ALIPAY_CODE: &str = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
const UNIONPAY_CODE: &str = "https://qr.95516.com/00010000/62027533387488456892269917213370";
const BESTPAY_CODE: &str = "http://m.bestpay.com.cn/#/apa/FGiZYrDFdNiIuTdTNUface2face";
/// A static code (personal receive code): 01 = 11 is right for it alone.
const WECHAT_STATIC: &str = "wxp://f2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0";
/// 190 characters: three WeChat templates.
const WECHAT_LONG: &str = "weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh";
const UNIONPAY_ACCOUNT: &str = "1234567887654321ABCDEFGHIJKLMNO";

// ---- Writing codes by hand ----

/// One data object; lengths count characters, as EMVCo's do.
fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

/// A template of the given sub-objects, in the order given.
fn tpl(id: u8, subs: &[(u8, &str)]) -> String {
    tlv(id, &subs.iter().map(|&(sub, v)| tlv(sub, v)).collect::<String>())
}

/// `body` with its CRC object, correct, appended.
fn with_crc(body: &str) -> String {
    let head = format!("{body}6304");
    let crc = hutong::emv::crc16(head.as_bytes());
    format!("{head}{crc:04X}")
}

/// Room for a code part beside `guid` in a template of 99 characters.
fn room(guid: &str) -> usize {
    99 - 4 - guid.len() - 4
}

/// `code` cut as the writer cuts it: every part but the last fills its template (parts count
/// characters, so a code with a non-ASCII character is cut where a careless writer would).
fn canonical_parts(code: &str, guid: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut parts: Vec<String> = chars.chunks(room(guid)).map(|c| c.iter().collect()).collect();
    if parts.is_empty() {
        parts.push(String::new());
    }
    parts
}

/// The first `room(first)` characters of `code` in template 26 under `first`, the rest in
/// continuations from 27 under `then`, each full but the last.
fn continued(first: &str, then: &str, code: &str) -> String {
    let head: String = code.chars().take(room(first)).collect();
    let tail: String = code.chars().skip(room(first)).collect();
    let mut out = tpl(26, &[(0, first), (5, &head)]);
    for (k, part) in canonical_parts(&tail, then).iter().enumerate() {
        out.push_str(&tpl(27 + k as u8, &[(0, then), (91, part)]));
    }
    out
}

/// Templates from `first` on, one per part: `00` the GUID (the last of `guids` repeats), `05`
/// the first part, `91` the others.
fn carry_from<S: AsRef<str>>(first: u8, guids: &[&str], parts: &[S]) -> String {
    parts
        .iter()
        .enumerate()
        .map(|(k, part)| {
            let guid = guids[k.min(guids.len() - 1)];
            tpl(first + k as u8, &[(0, guid), (if k == 0 { 5 } else { 91 }, part.as_ref())])
        })
        .collect()
}

/// One carried code, in as many templates from 26 as the writer would use.
fn carry(guid: &str, code: &str) -> String {
    carry_from(26, &[guid], &canonical_parts(code, guid))
}

/// The root of a unified code, field by field, written in this order.
struct Layout {
    poi: &'static str,
    before: String,
    templates: String,
    currency: String,
    amount: String,
    country: &'static str,
    after: String,
    marker: String,
    trailer: String,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            poi: "12",
            before: String::new(),
            templates: String::new(),
            currency: tlv(53, "156"),
            amount: String::new(),
            country: "CN",
            after: String::new(),
            marker: tpl(80, &[(0, HUTONG_GUID), (1, "1")]),
            trailer: String::new(),
        }
    }
}

impl Layout {
    fn build(&self) -> String {
        with_crc(&format!(
            "000201{}{}{}52040000{}{}{}5902NA6002NA{}{}{}",
            tlv(1, self.poi),
            self.before,
            self.templates,
            self.currency,
            self.amount,
            tlv(58, self.country),
            self.after,
            self.marker,
            self.trailer
        ))
    }
}

/// A unified code: the default layout with `templates`.
fn unified_code(templates: String) -> String {
    Layout { templates, ..Layout::default() }.build()
}

/// A foreign EMV code (no template 80) with these merchant account objects.
fn foreign_code(accounts: &str) -> String {
    with_crc(&format!("000201010212{accounts}520400005303156{}5902NA6002NA", tlv(58, "CN")))
}

/// Byte offset of the first data object at `path`, found by walking the TLV by hand (lengths
/// count characters).
fn at(code: &str, path: &[u8]) -> usize {
    fn walk(s: &str, base: usize, path: &[u8]) -> Option<usize> {
        let mut i = 0;
        while i + 4 <= s.len() {
            let id: u8 = s.get(i..i + 2)?.parse().ok()?;
            let len: usize = s.get(i + 2..i + 4)?.parse().ok()?;
            let start = i + 4;
            let end = s[start..].char_indices().nth(len).map_or(s.len(), |(k, _)| start + k);
            if id == path[0] {
                return match path {
                    [_] => Some(base + i),
                    [_, rest @ ..] => walk(&s[start..end], base + start, rest),
                    [] => None,
                };
            }
            i = end;
        }
        None
    }
    walk(code, 0, path).unwrap_or_else(|| panic!("no object {path:?} in {code}"))
}

/// Byte offset of the value of the object at `path`.
fn value_at(code: &str, path: &[u8]) -> usize {
    at(code, path) + 4
}

// ---- What every entry point must answer ----

/// What an error must be: its kind, where it points (a range, for errors that may point at
/// the offending object or at the character inside it), and the path it names.
#[derive(Debug, Clone, Copy)]
struct Expect<'a> {
    kind: ErrorKind,
    offset: (usize, usize),
    path: Option<&'a str>,
}

fn expect(kind: ErrorKind, offset: usize, path: Option<&str>) -> Expect<'_> {
    Expect { kind, offset: (offset, offset), path }
}

fn check_error<T: std::fmt::Debug>(entry: &str, code: &str, got: Result<T, hutong::Error>, want: Expect<'_>) {
    match got {
        Ok(v) => panic!("{entry} read the hostile code {code:?}: {v:?}; want {want:?}"),
        Err(e) => {
            let path = e.path().map(|p| p.to_string());
            assert!(
                e.kind() == want.kind
                    && (want.offset.0..=want.offset.1).contains(&e.offset())
                    && path.as_deref() == want.path,
                "{entry} on {code:?}: got {:?} at {} in {path:?} ({e}); want {want:?}",
                e.kind(),
                e.offset(),
            );
        }
    }
}

/// `code` is refused with `want` by every entry point in both modes.
fn refused(code: &str, want: Expect<'_>) {
    refused_modes(code, want, want);
}

/// `code` is refused with `strict` by the strict entry points and `lenient` by the lenient
/// ones; no API reports a code its template may not carry.
fn refused_modes(code: &str, strict: Expect<'_>, lenient: Expect<'_>) {
    check_error("unified::read", code, unified::read(code).map(|u| u.carried), strict);
    check_error(
        "unified::read_with(Lenient)",
        code,
        unified::read_with(code, Mode::Lenient).map(|u| u.carried),
        lenient,
    );
    check_error("recognise", code, recognise(code).map(|r| (r.providers(), r.carried())), strict);
    check_error(
        "recognise_with(Lenient)",
        code,
        recognise_with(code, Mode::Lenient).map(|r| (r.providers(), r.carried())),
        lenient,
    );
    foreign_reading_is_sound(code);
    markerless_twin_is_refused(code);
}

/// A hostile code built with the version marker that writers before version 1 was settled
/// wrote: without it (as version 1 is written now) it is still no unified code, and recognise,
/// which then reads it as a plain EMV code, reports nothing that is not what it is.
fn markerless_twin_is_refused(code: &str) {
    let marker = tpl(80, &[(0, HUTONG_GUID), (1, "1")]);
    let Some(body) = code.len().checked_sub(8).and_then(|end| code.get(..end)) else { return };
    // Only a code whose CRC is right as written: a wrong or lower-case CRC is its own breach.
    if with_crc(body) != code {
        return;
    }
    let Some(body) = body.strip_suffix(marker.as_str()) else { return };
    let twin = with_crc(body);
    for mode in [Mode::Strict, Mode::Lenient] {
        assert!(unified::read_with(&twin, mode).is_err(), "{mode:?}: the twin {twin:?} of {code:?} was read");
        if let Ok(r) = recognise_with(&twin, mode) {
            assert!(r.unified().is_none_or(|u| u.is_err() || u.as_deref() != Ok(twin.as_str())), "{twin}");
        }
    }
    foreign_reading_is_sound(&twin);
}

/// `code` is read by every entry point in both modes, alike; its carried codes are returned.
fn accepted(code: &str) -> Vec<CarriedCode> {
    let split = unified::read(code).map(|u| u.carried).unwrap_or_else(|e| panic!("control {code:?} refused: {e}"));
    for mode in [Mode::Strict, Mode::Lenient] {
        let r = recognise_with(code, mode).unwrap_or_else(|e| panic!("control {code:?} refused ({mode:?}): {e}"));
        assert_eq!(r.carried().as_ref(), Some(&split), "{mode:?}: {code}");
        let providers: Vec<Provider> = split.iter().filter_map(|c| c.provider).fold(Vec::new(), |mut v, p| {
            if !v.contains(&p) {
                v.push(p);
            }
            v
        });
        assert_eq!(r.providers(), providers, "{mode:?}: {code}");
    }
    let mpm = Mpm::parse(code).unwrap();
    for c in &split {
        is_its_own(c, &mpm);
    }
    split
}

/// A carried code reported by any API is printable ASCII and, parsed on its own, a code of
/// the provider and form reported, which the GUID of its template may carry.
fn is_its_own(c: &CarriedCode, mpm: &Mpm<'_>) {
    assert!(c.code.bytes().all(|b| (0x20..=0x7E).contains(&b)), "carried code not printable ASCII: {c:?}");
    if c.form == unified::UNIONPAY_EMV_FORM {
        assert_eq!(c.provider, Some(Provider::UnionPay), "{c:?}");
        assert!(UnionPayAccount::parse(&c.code).is_ok(), "not a UnionPay account: {c:?}");
        assert!(matches!(c.path.ids(), [15] | [16]), "{c:?}");
        return;
    }
    let parsed = MerchantCode::parse(&c.code).unwrap_or_else(|e| panic!("carried code does not parse ({e}): {c:?}"));
    assert_eq!(parsed.provider(), c.provider, "{c:?}");
    assert_eq!(parsed.form().id(), c.form, "{c:?}");
    // A path names the template by ID only, and a lenient parse keeps repeated IDs: one of the
    // templates of that ID holds the code, under a GUID that may carry it. Foreign codes nest
    // WeChat Pay's template in the primitive ID 17: read it as TLV.
    let id = c.path.ids()[0] as u8;
    let holders = mpm.objects().filter(|t| t.id() == id).filter(|t| {
        let mut subs = t.nested().into_iter().flatten();
        let guid = subs.next().filter(|o| o.id() == 0).and_then(|o| guid::lookup(o.value()));
        let holds = t.nested().into_iter().flatten().any(|o| c.code.starts_with(o.value()) && o.id() != 0);
        guid.is_some_and(|e| e.carries(c.provider)) && holds
    });
    assert!(holders.count() > 0, "no template {} may carry {c:?}", c.path);
}

/// `providers::carried` and `Recognised::carried` on `code` parsed leniently, read as a
/// foreign EMV code: no legacy code that is not, on its own, what its GUID may carry.
fn foreign_reading_is_sound(code: &str) {
    let Ok(mpm) = Mpm::parse_with(code, Mode::Lenient) else { return };
    for c in providers::carried(&mpm) {
        if let Some(legacy) = c.legacy {
            assert!(legacy.bytes().all(|b| (0x20..=0x7E).contains(&b)), "{legacy:?} in {code}");
            let parsed = MerchantCode::parse(legacy).unwrap_or_else(|e| panic!("{legacy:?} reported ({e}) in {code}"));
            let entry = c.guid.and_then(guid::lookup).expect("a legacy code sits in a template of a known GUID");
            assert!(entry.carries(parsed.provider()), "{legacy:?} under {:?} in {code}", c.guid);
            let named = parsed.provider() == Some(c.provider)
                || (c.provider == Provider::AlipayPlus && parsed.provider() == Some(Provider::Alipay));
            assert!(named, "{legacy:?} reported as {:?} in {code}", c.provider);
        }
        if c.unionpay.is_some() {
            assert_eq!(c.provider, Provider::UnionPay);
            assert!(UnionPayAccount::parse(c.object.value()).is_ok(), "{code}");
        }
    }
    if let Ok(r) = recognise_with(code, Mode::Lenient) {
        for c in r.carried().unwrap_or_default() {
            is_its_own(&c, &mpm);
        }
    }
}

/// A foreign EMV code: read (strict and lenient), with exactly the carried codes `want` and
/// only sound ones; `unified()` never converts what it does not report.
fn foreign_carries(code: &str, want: &[&str]) {
    foreign_reading_is_sound(code);
    for mode in [Mode::Strict, Mode::Lenient] {
        let r = recognise_with(code, mode).unwrap_or_else(|e| panic!("{code}: {e}"));
        let got: Vec<String> = r.carried().unwrap().into_iter().map(|c| c.code).collect();
        assert_eq!(got, want, "{mode:?}: {code}");
        if let Some(Ok(u)) = r.unified() {
            assert_eq!(
                unified::read(&u).map(|u| u.codes().map(String::from).collect::<Vec<_>>()).unwrap(),
                want,
                "{code} converted to {u}"
            );
        }
    }
}

// ---- The attack classes of issue 10 ----

#[test]
fn a_lookalike_host_split_across_a_continuation_is_never_alipays() {
    // The issue's own code: the host's first half in 05, ".evil.cn/…" in a continuation. The
    // first template is not full, so nothing may continue it.
    let code = unified_code(
        tpl(26, &[(0, ALIPAY), (5, "https://qr.alipay.com")])
            + &tpl(27, &[(0, ALIPAY), (91, ".evil.cn/bax08123k4y9xyzabc12e045")]),
    );
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27, 91]), Some("27.91")));

    // Cut as the writer cuts (every part but the last full): the joined code is somebody
    // else's site, which no Alipay GUID may carry.
    let evil = format!("https://qr.alipay.com.evil.cn/bax08123k4y9xyzabc12e045{}", "0".repeat(40));
    assert_eq!(MerchantCode::parse(&evil).unwrap().provider(), None);
    for guid in [ALIPAY, "com.alipay", "com.alipay.acquire", WECHAT, UNIONPAY] {
        let code = unified_code(carry(guid, &evil));
        assert!(Mpm::parse(&code).unwrap().get(27).is_some(), "two templates: {code}");
        refused(&code, expect(ErrorKind::WrongFormat, value_at(&code, &[26, 5]), Some("26.05")));
    }
    // hutong's own GUID carries codes of no provider: the joined URL is read as what it is
    // on its own, an aggregated code of nobody, and no API names Alipay.
    let code = unified_code(carry(HUTONG_GUID, &evil));
    let carried = accepted(&code);
    assert_eq!(carried.len(), 1);
    assert_eq!((carried[0].provider, carried[0].form, carried[0].code.as_str()), (None, "aggregated", &*evil));
    assert!(recognise(&code).unwrap().providers().is_empty());

    // A whole Alipay code in a part that is not full, with more after it: refused, not joined.
    let code = unified_code(tpl(26, &[(0, ALIPAY), (5, ALIPAY_CODE)]) + &tpl(27, &[(0, ALIPAY), (91, ".evil.cn/x")]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27, 91]), Some("27.91")));

    // Control: the real code, cut the same way, is read back.
    let real =
        "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax32072gzdul48vwpme0rqs";
    let code = unified_code(carry(ALIPAY, real));
    assert!(Mpm::parse(&code).unwrap().get(27).is_some(), "two templates: {code}");
    assert_eq!(accepted(&code)[0].provider, Some(Provider::Alipay));
    assert_eq!(accepted(&unified_code(carry(ALIPAY, ALIPAY_CODE)))[0].code, ALIPAY_CODE);
}

#[test]
fn userinfo_before_a_provider_host_is_refused_where_it_stands() {
    for (url, at_char) in [
        ("https://qr.alipay.com@evil.cn/bax08123k4y9xyzabc12e045", 21),
        ("https://evil.cn@qr.alipay.com/bax08123k4y9xyzabc12e045", 15),
        ("https://qr.alipay.com:x@evil.cn/bax08123k4y9xyzabc12e045", 23),
    ] {
        let e = MerchantCode::parse(url).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidUrl, "{url}");
        for guid in [ALIPAY, "com.alipay", HUTONG_GUID] {
            let code = unified_code(carry(guid, url));
            let value = value_at(&code, &[26, 5]);
            refused(
                &code,
                Expect { kind: ErrorKind::InvalidUrl, offset: (value, value + at_char), path: Some("26.05") },
            );
            assert_eq!(unified::read(&code).map(|u| u.carried).unwrap_err().offset(), value + e.offset(), "{code}");
        }
    }
    // Cut across two full templates: the error still names the part that holds the '@'.
    let url = format!("https://qr.alipay.com@evil.cn/bax08123k4y9xyzabc12e045{}", "0".repeat(40));
    let code = unified_code(carry(ALIPAY, &url));
    refused(&code, expect(ErrorKind::InvalidUrl, value_at(&code, &[26, 5]) + 21, Some("26.05")));
}

#[test]
fn a_providers_guid_carrying_another_providers_code_is_refused() {
    let cases: &[(&str, &str)] = &[
        (WECHAT, ALIPAY_CODE),
        (WECHAT, UNIONPAY_CODE),
        (WECHAT, BESTPAY_CODE),
        (WECHAT, "https://example.com/pay?id=1"),
        (ALIPAY, WECHAT_CODE),
        (ALIPAY, UNIONPAY_CODE),
        ("com.alipay.acquire", WECHAT_CODE),
        (UNIONPAY, ALIPAY_CODE),
        ("A000000333010101", WECHAT_CODE),
        ("A111278300000000.alipayplus.v2", WECHAT_CODE),
        // hutong's GUID is for providers without a GUID of their own, not a way around one.
        (HUTONG_GUID, WECHAT_CODE),
        (HUTONG_GUID, ALIPAY_CODE),
        (HUTONG_GUID, UNIONPAY_CODE),
    ];
    for &(guid, legacy) in cases {
        let code = unified_code(carry(guid, legacy));
        refused(&code, expect(ErrorKind::WrongFormat, value_at(&code, &[26, 5]), Some("26.05")));
        // Second of two carried codes: the error names its own template.
        let code = unified_code(carry(WECHAT, WECHAT_CODE) + &carry_from(27, &[guid], &[legacy]));
        refused(&code, expect(ErrorKind::WrongFormat, value_at(&code, &[27, 5]), Some("27.05")));
    }
    // Controls: each provider under its own GUID, Alipay's under Alipay+'s, e-CNY and
    // Bestpay (no GUID of their own) and an aggregated code under hutong's.
    for (guid, legacy, provider) in [
        (WECHAT, WECHAT_CODE, Some(Provider::WeChatPay)),
        (ALIPAY, ALIPAY_CODE, Some(Provider::Alipay)),
        ("A111278300000000.alipayplus.v2", ALIPAY_CODE, Some(Provider::Alipay)),
        (UNIONPAY, UNIONPAY_CODE, Some(Provider::UnionPay)),
        (HUTONG_GUID, BESTPAY_CODE, Some(Provider::Bestpay)),
        (HUTONG_GUID, "dcep://uniwallet/unipay?x=1", Some(Provider::Ecny)),
        (HUTONG_GUID, "https://example.com/pay?id=1", None),
    ] {
        let carried = accepted(&unified_code(carry(guid, legacy)));
        assert_eq!((carried[0].code.as_str(), carried[0].provider), (legacy, provider), "{guid}");
    }
}

#[test]
fn invisible_characters_inside_a_carried_code_are_refused() {
    let invisible = [
        '\n',
        '\r',
        '\t',
        '\0',
        '\u{7F}',
        '\u{85}',
        '\u{A0}',
        '\u{AD}',
        '\u{34F}',
        '\u{61C}',
        '\u{180E}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{200E}',
        '\u{200F}',
        '\u{2028}',
        '\u{202A}',
        '\u{202E}',
        '\u{2060}',
        '\u{2064}',
        '\u{2066}',
        '\u{2069}',
        '\u{3000}',
        '\u{FE0F}',
        '\u{FEFF}',
        '\u{FF0E}',
        '\u{E0001}',
    ];
    for c in invisible {
        for pos in [0, 8, 9, 15, 25, WECHAT_CODE.len()] {
            let mut legacy = WECHAT_CODE.to_string();
            legacy.insert(pos, c);
            for guid in [WECHAT, HUTONG_GUID] {
                let code = unified_code(tpl(26, &[(0, guid), (5, &legacy)]));
                let (start, char_at) = (at(&code, &[26, 5]), value_at(&code, &[26, 5]) + pos);
                refused(
                    &code,
                    Expect { kind: ErrorKind::InvalidCharacter, offset: (start, char_at), path: Some("26.05") },
                );
            }
        }
        // In a continuation: the error names the part that holds it.
        let mut legacy = WECHAT_LONG.to_string();
        legacy.insert(room(WECHAT) + 10, c);
        let code = unified_code(carry(WECHAT, &legacy));
        let (start, char_at) = (at(&code, &[27, 91]), value_at(&code, &[27, 91]) + 10);
        refused(&code, Expect { kind: ErrorKind::InvalidCharacter, offset: (start, char_at), path: Some("27.91") });
    }
    // Printable ASCII that a URL may not hold is the legacy parser's to refuse.
    for legacy in ["weixin://wxpay/bizpayurl?pr=p4l pSuKzz", "https://qr.alipay.com/bax08123k4y9 xyzabc12e045"] {
        let guid = if legacy.starts_with("weixin") { WECHAT } else { ALIPAY };
        let code = unified_code(carry(guid, legacy));
        let value = value_at(&code, &[26, 5]);
        refused(
            &code,
            Expect { kind: ErrorKind::InvalidCharacter, offset: (value, value + legacy.len()), path: Some("26.05") },
        );
    }
    // In the merchant's Chinese name: the code is refused, and merge does not write it.
    for c in ['\u{2060}', '\u{202E}', '\u{200B}', '\u{AD}', '\n'] {
        let name = format!("最佳{c}运输");
        let code = Layout {
            templates: carry(WECHAT, WECHAT_CODE),
            after: tpl(64, &[(0, "ZH"), (1, &name)]),
            ..Layout::default()
        }
        .build();
        let (start, char_at) = (at(&code, &[64, 1]), value_at(&code, &[64, 1]) + "最佳".len());
        refused(&code, Expect { kind: ErrorKind::InvalidCharacter, offset: (start, char_at), path: Some("64.01") });
        let merchant = Merchant { name_zh: name, ..Merchant::default() };
        let e = unified::merge(&[WECHAT_CODE], &merchant).unwrap_err();
        assert_eq!((e.kind(), e.path().map(|p| p.to_string())), (ErrorKind::InvalidCharacter, Some("64.01".into())));
    }
    // Control.
    let code = Layout {
        templates: carry(WECHAT, WECHAT_CODE),
        after: tpl(64, &[(0, "ZH"), (1, "最佳运输")]),
        ..Layout::default()
    }
    .build();
    assert_eq!(accepted(&code)[0].code, WECHAT_CODE);
}

#[test]
fn a_version_marker_is_template_80_with_hutongs_guid() {
    let marker = |id: u8| tpl(id, &[(0, HUTONG_GUID), (1, "1")]);
    let wechat_17 = tpl(17, &[(0, WECHAT), (5, WECHAT_CODE)]);
    // hutong's GUID in 26 or 81 without 80 is no marker: the code is read as version 1 and
    // fails its layout at 17. It is an ordinary EMV code, and the WeChat Pay template in 17 is
    // reported, not hidden.
    for (templates, trailer) in [(format!("{wechat_17}{}", marker(26)), String::new()), (wechat_17.clone(), marker(81))]
    {
        let code = Layout { templates, marker: String::new(), trailer, ..Layout::default() }.build();
        let at_17 = expect(ErrorKind::InvalidValue, at(&code, &[17]), Some("17"));
        check_error("unified::read", &code, unified::read(&code).map(|u| u.carried), at_17);
        for mode in [Mode::Strict, Mode::Lenient] {
            let r = recognise_with(&code, mode).unwrap();
            assert_eq!(r.providers(), [Provider::WeChatPay], "{code}");
            let carried = r.carried().unwrap();
            assert_eq!(carried.len(), 1);
            assert_eq!((carried[0].code.as_str(), carried[0].path.to_string()), (WECHAT_CODE, "17".into()));
        }
        foreign_reading_is_sound(&code);
    }
    // With a real marker in 80, a WeChat template in 17 has no place in a unified code.
    let code = Layout { templates: format!("{wechat_17}{}", carry(ALIPAY, ALIPAY_CODE)), ..Layout::default() }.build();
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[17]), Some("17")));
    // With 80, hutong's GUID in 26 is a template without a code part, in 81 an unknown object.
    let code = unified_code(marker(26) + &carry_from(27, &[ALIPAY], &[ALIPAY_CODE]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26, 1]), Some("26.01")));
    let code = Layout { templates: carry(ALIPAY, ALIPAY_CODE), trailer: marker(81), ..Layout::default() }.build();
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[81]), Some("81")));
    // The GUID must be the first object of 80, and exactly hutong's: otherwise 80 is no marker
    // but an object version 1 has no place for.
    for m in [
        tpl(80, &[(1, "1"), (0, HUTONG_GUID)]),
        tpl(80, &[(0, "alt.hutong.evil"), (1, "1")]),
        tpl(80, &[(0, "hutong"), (1, "1")]),
        tpl(80, &[(0, "cn.hutong.unified"), (1, "1")]),
    ] {
        let code = Layout { templates: carry(WECHAT, WECHAT_CODE), marker: m, ..Layout::default() }.build();
        let at_80 = expect(ErrorKind::InvalidValue, at(&code, &[80]), Some("80"));
        check_error("unified::read", &code, unified::read(&code).map(|u| u.carried), at_80);
        foreign_carries(&code, &[WECHAT_CODE]);
    }
    // Control: the GUID in another case is hutong's.
    let m = tpl(80, &[(0, "ALT.HUTONG"), (1, "1")]);
    let code = Layout { templates: carry(WECHAT, WECHAT_CODE), marker: m, ..Layout::default() }.build();
    assert_eq!(accepted(&code)[0].code, WECHAT_CODE);
}

#[test]
fn root_15_counts_as_unionpay_only_with_an_accounts_layout() {
    // (value, error kind, where the error points inside the value)
    for (value, kind, bad_at) in [
        ("https://evil.cn/pay", ErrorKind::InvalidCharacter, 5),
        ("https://evil.cn/pay/aaaaaaaaaaaa", ErrorKind::InvalidCharacter, 5),
        ("ABCDEFGH87654321ABCDEFGHIJKLMNO", ErrorKind::InvalidCharacter, 0),
        ("1234567887654321ABCDEFGHIJKLMN", ErrorKind::WrongFormat, 0),
        ("1234567887654321ABCDEFGHIJKLMNOP", ErrorKind::WrongFormat, 0),
        ("12345678876543210BCDEFGHIJKLM.O", ErrorKind::InvalidCharacter, 29),
    ] {
        assert!(UnionPayAccount::parse(value).is_err(), "{value}");
        for templates in [String::new(), carry(WECHAT, WECHAT_CODE)] {
            let code = Layout { before: tlv(15, value), templates, ..Layout::default() }.build();
            refused(&code, expect(kind, value_at(&code, &[15]) + bad_at, Some("15")));
        }
        // In a foreign code it is no UnionPay account, and nothing converts it.
        let code = foreign_code(&(tlv(15, value) + &tpl(26, &[(0, WECHAT), (5, WECHAT_CODE)])));
        foreign_carries(&code, &[WECHAT_CODE]);
        let e = unified::from_emv(&Mpm::parse(&code).unwrap()).unwrap_err();
        assert_eq!((e.kind(), e.path().map(|p| p.to_string())), (ErrorKind::WrongFormat, Some("15".into())));
    }
    // 16 has no place in a unified code, even with an account's layout.
    let code = Layout { before: tlv(16, UNIONPAY_ACCOUNT), templates: carry(WECHAT, WECHAT_CODE), ..Layout::default() }
        .build();
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[16]), Some("16")));
    // Control.
    let code = Layout { before: tlv(15, UNIONPAY_ACCOUNT), poi: "11", ..Layout::default() }.build();
    let carried = accepted(&code);
    assert_eq!((carried[0].code.as_str(), carried[0].form), (UNIONPAY_ACCOUNT, "unionpay-emv15"));
}

#[test]
fn template_80_is_checked_not_trusted() {
    let with = |marker: String| Layout { templates: carry(WECHAT, WECHAT_CODE), marker, ..Layout::default() }.build();
    for version in ["2", "01", "1.0", "v1", "0", "9"] {
        let code = with(tpl(80, &[(0, HUTONG_GUID), (1, version)]));
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[80, 1]), Some("80.01")));
    }
    // The pre-v1 draft wrote the typing in 80: it is computed now, so writing it is an error.
    for (sub, value) in [(2u8, "QT01"), (3, "QET05"), (90, "wechat-native"), (99, "x")] {
        let code = with(tpl(80, &[(0, HUTONG_GUID), (1, "1"), (sub, value)]));
        let path = format!("80.{sub:02}");
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[80, sub]), Some(&path)));
    }
    let code = with(tpl(80, &[(0, HUTONG_GUID)]));
    refused(&code, expect(ErrorKind::MissingField, at(&code, &[80]), Some("80")));
    let code = with(tpl(80, &[(0, HUTONG_GUID), (1, "1"), (1, "2")]));
    let second = at(&code, &[80, 1]) + 5;
    refused(&code, expect(ErrorKind::Duplicate, second, Some("80.01")));
    // The version is read before anything else a later version might change.
    let code = Layout { marker: tpl(80, &[(0, HUTONG_GUID), (1, "2")]), currency: tlv(53, "840"), ..Layout::default() }
        .build();
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[80, 1]), Some("80.01")));
    // The typing of a carried dynamic code cannot be overruled: one WeChat Native code is
    // QT04/QET01 (SPEC 5.5), whatever 80 might have said.
    let code = with(tpl(80, &[(0, HUTONG_GUID), (1, "1")]));
    accepted(&code);
    let own = MerchantCode::parse(WECHAT_CODE).unwrap().ecny();
    assert_eq!(unified::read(&code).unwrap().ecny, own);
    assert_eq!(own.qt, hutong::ecny::CodeType::MerchantDynamic);
}

#[test]
fn limits_hold_on_read_as_on_write() {
    // Seven WeChat templates of 99 characters: 797 characters. Strict parsing refuses it at
    // character 512; a lenient parse reads it, and the reader refuses its finding.
    let mut parts = canonical_parts(WECHAT_LONG, WECHAT);
    let filler = "a".repeat(room(WECHAT));
    let last = parts.pop().unwrap();
    let mut long = parts.clone();
    long.extend(std::iter::repeat_n(filler.clone(), 4));
    long.push(last);
    let code = unified_code(carry_from(26, &[WECHAT], &long));
    assert!(code.len() > 512);
    refused_modes(
        &code,
        expect(ErrorKind::TooLong, 512, None),
        Expect { kind: ErrorKind::TooLong, offset: (0, code.len()), path: Some("63") },
    );
    // A mebibyte of continuations: refused before parsing, in both modes.
    let templates: String = std::iter::repeat_n(tpl(27, &[(0, WECHAT), (91, &filler)]), 10_200).collect();
    let code = unified_code(tpl(26, &[(0, WECHAT), (5, &WECHAT_LONG[..room(WECHAT)])]) + &templates);
    assert!(code.len() > 1 << 20);
    refused(&code, expect(ErrorKind::TooLong, 7089, None));
    // Control: the longest real code, three templates, fits.
    assert_eq!(accepted(&unified_code(carry(WECHAT, WECHAT_LONG)))[0].code, WECHAT_LONG);
}

#[test]
fn a_continuation_continues_only_a_full_template_of_the_same_guid() {
    let parts = canonical_parts(WECHAT_LONG, WECHAT);
    // After a template of another GUID, even of the same provider or network.
    for (first, then) in
        [(WECHAT, ALIPAY), (WECHAT, HUTONG_GUID), (WECHAT, UNIONPAY), (ALIPAY, "com.alipay"), (HUTONG_GUID, WECHAT)]
    {
        let code = unified_code(continued(first, then, WECHAT_LONG));
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27, 91]), Some("27.91")));
    }
    // After a template that is not full: every cut but the writer's.
    for cut in (1..WECHAT_LONG.len()).step_by(7).filter(|&c| c != room(WECHAT)) {
        let (a, b) = WECHAT_LONG.split_at(cut);
        let mut all = vec![a.to_string()];
        all.extend(canonical_parts(b, WECHAT));
        if all.iter().any(|p| p.len() > room(WECHAT)) {
            continue;
        }
        let code = unified_code(carry_from(26, &[WECHAT], &all));
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27, 91]), Some("27.91")));
    }
    // With no start at all.
    let code = unified_code(tpl(26, &[(0, WECHAT), (91, WECHAT_CODE)]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26, 91]), Some("26.91")));
    // After a complete carried code of the same GUID that is not full.
    let code = unified_code(carry(WECHAT, WECHAT_CODE) + &tpl(27, &[(0, WECHAT), (91, "&x=1")]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27, 91]), Some("27.91")));
    // After template 80: 81 has no place in a unified code.
    let code = Layout {
        templates: carry(WECHAT, WECHAT_CODE),
        trailer: tpl(81, &[(0, WECHAT), (91, "&x=1")]),
        ..Layout::default()
    }
    .build();
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[81]), Some("81")));
    // A template with both a start and a continuation.
    let code = unified_code(tpl(26, &[(0, WECHAT), (5, WECHAT_CODE), (91, "&x=1")]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26, 91]), Some("26.91")));
    // Control: the writer's cut, and the same GUID in another case.
    assert_eq!(accepted(&unified_code(carry_from(26, &[WECHAT], &parts)))[0].code, WECHAT_LONG);
    let code = unified_code(carry_from(26, &[WECHAT, "COM.QQ.WEIXIN.PAY"], &parts));
    assert_eq!(accepted(&code)[0].code, WECHAT_LONG);
}

#[test]
fn an_unknown_guid_is_refused_in_a_first_part_and_in_a_continuation() {
    for unknown in [
        "com.evil",
        "com.qq.weixin.pay.evil",
        "com.qq.weixin.pa",
        "com.alipayx",
        "xcom.alipay",
        "A00000033",
        "alt.hutong.x",
        "cn.hutong.carried",
        "D156000000000",
    ] {
        assert!(guid::lookup(unknown).is_none(), "{unknown}");
        let code = unified_code(tpl(26, &[(0, unknown), (5, WECHAT_CODE)]));
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26, 0]), Some("26.00")));
        // The continuation's GUID is checked even though its part would join.
        let code = unified_code(continued(WECHAT, unknown, WECHAT_LONG));
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27, 0]), Some("27.00")));
    }
}

#[test]
fn templates_start_at_26_without_gaps_and_objects_come_once_in_order() {
    let wechat = |id: u8| carry_from(id, &[WECHAT], &[WECHAT_CODE]);
    let alipay = |id: u8| carry_from(id, &[ALIPAY], &[ALIPAY_CODE]);
    // A gap before the first template, and between two.
    let code = unified_code(wechat(27));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[27]), Some("27")));
    let code = unified_code(wechat(26) + &alipay(28));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[28]), Some("28")));
    let code = unified_code(wechat(26) + &alipay(51));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[51]), Some("51")));
    // Out of order, and twice.
    let code = unified_code(alipay(27) + &wechat(26));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26]), Some("26")));
    let code = unified_code(wechat(26) + &alipay(26));
    refused(&code, expect(ErrorKind::Duplicate, at(&code, &[26]) + wechat(26).len(), Some("26")));
    let code = with_crc(&format!(
        "000201010212{}530315652040000{}5902NA6002NA{}",
        wechat(26),
        tlv(58, "CN"),
        tpl(80, &[(0, HUTONG_GUID), (1, "1")])
    ));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[52]), Some("52")));
    let code = with_crc(&format!(
        "000201010212{}52040000{}{}5902NA6002NA{}",
        wechat(26),
        tpl(80, &[(0, HUTONG_GUID), (1, "1")]),
        tlv(53, "156"),
        tlv(58, "CN"),
    ));
    // 80 before 53 and 58: 53 is the first object out of order.
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[53]), Some("53")));
    // A template's GUID comes first, and a template holds a part.
    let code = unified_code(tpl(26, &[(5, WECHAT_CODE), (0, WECHAT)]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26]), Some("26")));
    let code = unified_code(tpl(26, &[(0, WECHAT)]));
    refused(&code, expect(ErrorKind::MissingField, at(&code, &[26]), Some("26")));
    let code = unified_code(tpl(26, &[(0, WECHAT), (1, WECHAT_CODE)]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26, 1]), Some("26.01")));
    let code = unified_code(tpl(26, &[(0, WECHAT), (5, WECHAT_CODE), (1, "1234")]));
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[26, 1]), Some("26.01")));
    // Objects outside the layout, each where ascending order puts it.
    for (id, value, kind) in [
        (2u8, "4000123456789012", ErrorKind::InvalidValue),
        (16, UNIONPAY_ACCOUNT, ErrorKind::InvalidValue),
        (17, "X", ErrorKind::InvalidValue),
        (55, "01", ErrorKind::InvalidValue),
        (57, "1.00", ErrorKind::FieldConflict),
        (61, "518000", ErrorKind::InvalidValue),
        (65, "X", ErrorKind::InvalidId),
        (81, "0001X", ErrorKind::InvalidValue),
        (99, "0001X", ErrorKind::InvalidValue),
    ] {
        let templates = wechat(26);
        let o = tlv(id, value);
        let code = match id {
            ..=25 => Layout { before: o, templates, ..Layout::default() },
            55..=57 => Layout { amount: o, templates, ..Layout::default() },
            61..=79 => Layout { after: o, templates, ..Layout::default() },
            _ => Layout { trailer: o, templates, ..Layout::default() },
        }
        .build();
        let path = format!("{id:02}");
        refused(&code, expect(kind, at(&code, &[id]), Some(&path)));
    }
    // Control.
    assert_eq!(accepted(&unified_code(wechat(26) + &alipay(27))).len(), 2);
}

#[test]
fn a_unified_code_is_in_cny() {
    for currency in ["840", "344", "496", "000", "15"] {
        let code =
            Layout { templates: carry(WECHAT, WECHAT_CODE), currency: tlv(53, currency), ..Layout::default() }.build();
        refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[53]), Some("53")));
    }
    let code = Layout {
        templates: carry(WECHAT, WECHAT_CODE),
        currency: tlv(53, "840"),
        amount: tlv(54, "1.00"),
        ..Layout::default()
    }
    .build();
    refused(&code, expect(ErrorKind::InvalidValue, at(&code, &[53]), Some("53")));
    let code = Layout { templates: carry(WECHAT, WECHAT_CODE), currency: String::new(), ..Layout::default() }.build();
    // Missing: EMVCo's mandatory-object rule, pointing where the payload ends (at its CRC).
    refused(&code, expect(ErrorKind::MissingField, at(&code, &[63]), Some("53")));
}

#[test]
fn a_static_point_of_initiation_cannot_hide_a_dynamic_code() {
    let static_with = |templates: String, amount: &str| {
        Layout {
            poi: "11",
            templates,
            amount: if amount.is_empty() { String::new() } else { tlv(54, amount) },
            ..Layout::default()
        }
        .build()
    };
    // An amount.
    let code = static_with(carry(WECHAT, WECHAT_STATIC), "12.50");
    refused(&code, expect(ErrorKind::FieldConflict, 6, Some("01")));
    // A dynamic carried code, alone or beside a static one.
    for templates in [
        carry(WECHAT, WECHAT_CODE),
        carry(ALIPAY, ALIPAY_CODE),
        carry(WECHAT, WECHAT_STATIC) + &carry_from(27, &[ALIPAY], &[ALIPAY_CODE]),
    ] {
        let code = static_with(templates, "");
        refused(&code, expect(ErrorKind::FieldConflict, 6, Some("01")));
    }
    // Neither static nor dynamic, or absent.
    for poi in ["13", "10", "21"] {
        let code = Layout { poi, templates: carry(WECHAT, WECHAT_CODE), ..Layout::default() }.build();
        refused(&code, expect(ErrorKind::InvalidValue, 6, Some("01")));
    }
    // Without 01 a code is static: the error points at what makes it dynamic, the amount
    // first, else the first part of the first per-order code.
    let no_poi = |templates: String, amount: &str, marker: String| {
        let amount = if amount.is_empty() { String::new() } else { tlv(54, amount) };
        with_crc(&format!("000201{templates}520400005303156{amount}{}5902NA6002NA{marker}", tlv(58, "CN")))
    };
    let with_marker = || tpl(80, &[(0, HUTONG_GUID), (1, "1")]);
    for marker in [with_marker(), String::new()] {
        let code = no_poi(carry(WECHAT, WECHAT_CODE), "", marker.clone());
        assert_eq!(at(&code, &[26, 5]), 31);
        let want = expect(ErrorKind::FieldConflict, 31, Some("26.05"));
        check_error("unified::read", &code, unified::read(&code).map(|u| u.carried), want);
        let code =
            no_poi(carry(WECHAT, WECHAT_STATIC) + &carry_from(27, &[ALIPAY], &[ALIPAY_CODE]), "", marker.clone());
        let want = expect(ErrorKind::FieldConflict, at(&code, &[27, 5]), Some("27.05"));
        check_error("unified::read", &code, unified::read(&code).map(|u| u.carried), want);
        let code = no_poi(carry(WECHAT, WECHAT_CODE), "12.50", marker.clone());
        let want = expect(ErrorKind::FieldConflict, at(&code, &[54]), Some("54"));
        check_error("unified::read", &code, unified::read(&code).map(|u| u.carried), want);
        // Static and without 01, as writers write it: read, and static.
        let code = no_poi(carry(WECHAT, WECHAT_STATIC), "", marker);
        assert_eq!(unified::read(&code).unwrap().ecny, MerchantCode::parse(WECHAT_STATIC).unwrap().ecny());
    }
    let code = no_poi(carry(WECHAT, WECHAT_CODE), "", with_marker());
    refused(&code, expect(ErrorKind::FieldConflict, 31, Some("26.05")));
    // Controls: static codes say 11; 12 may always be said.
    let own = MerchantCode::parse(WECHAT_STATIC).unwrap().ecny();
    assert_ne!(own.qt, hutong::ecny::CodeType::MerchantDynamic);
    let code = static_with(carry(WECHAT, WECHAT_STATIC), "");
    accepted(&code);
    assert_eq!(unified::read(&code).unwrap().ecny, own);
    let code =
        Layout { templates: carry(WECHAT, WECHAT_STATIC), amount: tlv(54, "12.50"), ..Layout::default() }.build();
    accepted(&code);
    // An amount makes the one carried code's typing QT04 and keeps its encoding type (SPEC 5.5).
    let dynamic = hutong::ecny::EcnyTyping { qt: hutong::ecny::CodeType::MerchantDynamic, qet: own.qet };
    assert_eq!(unified::read(&code).unwrap().ecny, dynamic);
}

#[test]
fn lenient_mode_reads_nothing_a_strict_reader_refuses() {
    let good = unified_code(carry(WECHAT, WECHAT_CODE));
    // A lower-case CRC: lenient parsing accepts it, the unified reader does not.
    let lower = format!("{}{}", &good[..good.len() - 4], good[good.len() - 4..].to_ascii_lowercase());
    if lower != good {
        let crc = good.len() - 8;
        refused_modes(
            &lower,
            Expect { kind: ErrorKind::CrcLowercase, offset: (crc, crc + 4), path: Some("63") },
            Expect { kind: ErrorKind::CrcLowercase, offset: (crc, crc + 4), path: Some("63") },
        );
    }
    // An empty object and a template whose content is no TLV: strict parse errors, findings
    // in lenient mode, which the reader refuses.
    let code = Layout { templates: carry(WECHAT, WECHAT_CODE), after: "6200".into(), ..Layout::default() }.build();
    refused(&code, expect(ErrorKind::ZeroLength, at(&code, &[62]), Some("62")));
    let code = Layout { templates: carry(WECHAT, WECHAT_CODE), after: tlv(62, "0199X"), ..Layout::default() }.build();
    refused(&code, expect(ErrorKind::TemplateNotTlv, at(&code, &[62]), Some("62")));
    // A marker whose content is no TLV is no marker: in lenient mode the code is read as a
    // foreign EMV code, and its WeChat template, carrying an Alipay code, reports nothing.
    let code =
        Layout { templates: carry(WECHAT, ALIPAY_CODE), marker: tlv(80, "0010alt.hutong0102X"), ..Layout::default() }
            .build();
    check_error(
        "unified::split",
        &code,
        unified::read(&code).map(|u| u.carried),
        expect(ErrorKind::TemplateNotTlv, at(&code, &[80]), Some("80")),
    );
    let r = recognise_with(&code, Mode::Lenient).unwrap();
    assert_eq!(r.carried(), Some(vec![]));
    assert!(!r.findings().is_empty());
    foreign_reading_is_sound(&code);
    // Every hostile code of the classes above gives the same error in lenient mode: checked
    // by `refused` in each test.
}

#[test]
fn foreign_emv_templates_report_only_what_their_guid_may_carry() {
    let hostile = [
        ALIPAY_CODE.to_string(),
        UNIONPAY_CODE.to_string(),
        "https://qr.alipay.com.evil.cn/bax08123k4y9xyzabc12e045".to_string(),
        "https://wx.tenpay.com.evil.cn/f2f?t=AQAAAJmau5".to_string(),
        "https://qr.alipay.com@evil.cn/bax08123k4y9xyzabc12e045".to_string(),
        "weixin://wxpay.evil.cn/bizpayurl?pr=p4lpSuKzz".to_string(),
        "WEIXIN://wxpay/bizpayurl?pr=p4lpSuKzz".to_string(),
        "weixin://wxpay/bizpayurl?pr=p4lpSuKzz\n".to_string(),
        "weixin://wxpay/bizpayurl?pr=p4l\u{200B}pSuKzz".to_string(),
        "weixin://wxpay/bizpayurl?pr=p4l\u{2060}pSuKzz".to_string(),
        "weixin://wxpay/bizpayurl?pr=\u{202E}zzKuSpl4p".to_string(),
        "\u{FEFF}weixin://wxpay/bizpayurl?pr=p4lpSuKzz".to_string(),
        "weixin://wxpay/bizpayurl?pr=p4lpSuKzz\u{AD}".to_string(),
    ];
    for code_05 in &hostile {
        for id in [17u8, 26, 34, 50] {
            let code = foreign_code(&tpl(id, &[(0, WECHAT), (5, code_05)]));
            foreign_carries(&code, &[]);
            // Beside a sound template, only the sound one.
            let code =
                foreign_code(&(tpl(id, &[(0, WECHAT), (5, code_05)]) + &tpl(id + 1, &[(0, ALIPAY), (5, ALIPAY_CODE)])));
            foreign_carries(&code, &[ALIPAY_CODE]);
            // Converting refuses the template instead of carrying it.
            let mpm = Mpm::parse_with(&code, Mode::Lenient).unwrap();
            let e = unified::from_emv(&mpm).unwrap_err();
            assert_eq!(e.path().map(|p| p.to_string()), Some(format!("{id:02}")), "{code}: {e}");
        }
        // Under Alipay's GUID, and under hutong's, no lookalike either.
        if !code_05.starts_with("https://qr.alipay.com/") {
            foreign_carries(&foreign_code(&tpl(26, &[(0, ALIPAY), (5, code_05)])), &[]);
        }
        // Under hutong's, a code that passes every check of SPEC 5.6 is a unified code of version
        // 1 even without a marker; what it carries is then a code of no provider, never a
        // provider's lookalike.
        let code = foreign_code(&tpl(26, &[(0, HUTONG_GUID), (5, code_05)]));
        let of_no_provider = MerchantCode::parse(code_05).is_ok_and(|p| p.provider().is_none());
        let want: Vec<&str> = if of_no_provider { vec![code_05.as_str()] } else { vec![] };
        foreign_carries(&code, &want);
        for c in recognise(&code).unwrap().carried().unwrap() {
            assert_eq!((c.provider, c.form), (None, "aggregated"), "{code}");
        }
    }
    // Controls.
    foreign_carries(&foreign_code(&tpl(17, &[(0, WECHAT), (5, WECHAT_CODE)])), &[WECHAT_CODE]);
    foreign_carries(&foreign_code(&tpl(26, &[(0, "com.alipay.x"), (5, ALIPAY_CODE)])), &[ALIPAY_CODE]);
}
