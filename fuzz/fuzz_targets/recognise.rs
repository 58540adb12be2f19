//! The one-call recogniser on any string: no panic; what it recognises re-encodes to the
//! input byte for byte; strict acceptance implies lenient acceptance with the same kind;
//! errors point inside the input; a merchant code's unified code carries it back unchanged.
//! And issue 10's security property, on the input as given and with its CRC made right (so
//! that mutated EMV codes reach the readers): every code `carried()` reports, in either mode,
//! is printable ASCII and, parsed on its own, a code of the provider and form reported that
//! its template's GUID may carry (`unionpay-emv15`: a UnionPay account in 15/16); the
//! providers named include theirs; and a conversion to the unified code carries nothing else.
#![no_main]

use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::{MerchantCode, UnionPayAccount};
use hutong::unified::{self, guid, CarriedCode};
use hutong::{recognise_with, Code, Kind, Provider, Recognised};
use libfuzzer_sys::fuzz_target;

/// The security property for one carried code reported for `mpm`.
fn sound(mpm: &Mpm<'_>, c: &CarriedCode) {
    assert!(c.code.bytes().all(|b| (0x20..=0x7E).contains(&b)), "carried code not printable ASCII: {c:?}");
    let id = c.path.ids()[0] as u8;
    if c.form == unified::UNIONPAY_EMV_FORM {
        assert_eq!(c.provider, Some(Provider::UnionPay), "{c:?}");
        assert!(matches!(id, 15 | 16), "{c:?}");
        assert!(UnionPayAccount::parse(&c.code).is_ok(), "not a UnionPay account: {c:?}");
        return;
    }
    let parsed = MerchantCode::parse(&c.code).unwrap_or_else(|e| panic!("carried code does not parse ({e}): {c:?}"));
    assert_eq!(parsed.provider(), c.provider, "carried code of another provider: {c:?}");
    assert_eq!(parsed.form().id(), c.form, "carried code of another form: {c:?}");
    let template = mpm.get(id).unwrap_or_else(|| panic!("no template for {c:?}"));
    let g = template.nested().and_then(|mut n| n.next()).filter(|o| o.id() == 0).map(|o| o.value());
    let entry = g.and_then(guid::lookup).unwrap_or_else(|| panic!("no known GUID for {c:?}"));
    assert!(entry.carries(c.provider), "template {id:02} may not carry {c:?}");
}

/// The security property on everything a recognised EMV code reports.
fn carried_codes_are_sound(r: &Recognised<'_>) {
    let Code::EmvMpm(mpm) = r.code() else {
        assert!(r.carried().is_none());
        return;
    };
    let carried = r.carried().expect("an EMV code answers carried()");
    let providers = r.providers();
    for c in &carried {
        sound(mpm, c);
        if let Some(p) = c.provider {
            // An Alipay+ template of a foreign code may carry Alipay's code: it names Alipay+.
            let named = providers.contains(&p) || (p == Provider::Alipay && providers.contains(&Provider::AlipayPlus));
            assert!(named, "{p:?} carried but not among {providers:?}");
        }
    }
    if unified::is_unified(mpm) {
        // A code that presents itself as unified is read as one: what it carries is what
        // split says, and the providers are exactly theirs.
        assert_eq!(unified::split_mpm(mpm).as_ref(), Ok(&carried));
        let mut theirs: Vec<Provider> = Vec::new();
        for p in carried.iter().filter_map(|c| c.provider) {
            if !theirs.contains(&p) {
                theirs.push(p);
            }
        }
        assert_eq!(providers, theirs);
    }
    // Converting carries only codes that were reported.
    if let Some(Ok(u)) = r.unified() {
        let back = unified::split(&u).expect("a converted code splits");
        for c in &back {
            assert!(carried.iter().any(|k| k.code == c.code), "conversion carries {c:?}, never reported");
        }
    }
}

/// `text` with a correct CRC: the last four characters replaced when it ends with a CRC
/// object, else a CRC object appended.
fn with_right_crc(text: &str) -> String {
    let n = text.len();
    let body = match text.get(..n.saturating_sub(4)) {
        Some(b) if n >= 8 && b.ends_with("6304") => b.to_string(),
        _ => format!("{text}6304"),
    };
    let crc = hutong::emv::crc16(body.as_bytes());
    format!("{body}{crc:04X}")
}

fn check(input: &str) {
    let strict = recognise_with(input, Mode::Strict);
    let lenient = recognise_with(input, Mode::Lenient);
    if let Ok(s) = &strict {
        let l = lenient.as_ref().expect("lenient accepts what strict accepts");
        assert_eq!(s.kind(), l.kind());
        carried_codes_are_sound(s);
    }
    match lenient {
        Err(e) => assert!(e.offset() <= input.len().max(1) * 4, "error offset {} far past the input", e.offset()),
        Ok(r) => {
            assert_eq!(r.encode().as_deref(), Some(input), "round trip");
            let _ = (r.providers(), r.ecny(), r.findings(), r.describe());
            carried_codes_are_sound(&r);
            if r.kind() == Kind::MerchantCode {
                if let Some(Ok(u)) = r.unified() {
                    assert_eq!(unified::to_legacy(&u).expect("splits"), [input]);
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    check(input);
    if input.starts_with("00") && input.len() <= 8192 {
        check(&with_right_crc(input));
    }
});
