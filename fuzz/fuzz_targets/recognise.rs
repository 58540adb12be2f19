//! The one-call recogniser on any string: no panic; what it recognises re-encodes to the
//! input byte for byte; strict acceptance implies lenient acceptance with the same kind;
//! errors point inside the input; a merchant code's unified code carries it back unchanged.
//! And issue 10's security property, on the input as given and with its CRC made right (so
//! that mutated EMV codes reach the readers): every code `carried()` reports, in either mode,
//! is printable ASCII and, parsed on its own, a code of the provider and form reported that
//! its template's GUID may carry (`unionpay-emv15`: a UnionPay account in 15/16); the
//! providers named include theirs; and a conversion to the unified code carries nothing else.
#![no_main]

use hutong::emv::mpm::Mode;
use hutong::unified;
use hutong::{recognise_with, Code, Kind, Provider, Recognised};
use libfuzzer_sys::fuzz_target;

mod common;
use common::{sound, with_right_crc};

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
    let marked = mpm.get(80).and_then(|t| t.guid()).is_some_and(unified::guid::is_hutong);
    if marked || unified::read(r.as_str()).is_ok() {
        // A code with a version marker is read as unified (recognise answered, so the reader
        // accepted it), and so is one without that passes the reader: the providers are
        // exactly those of what it carries.
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
        let back = unified::read(&u).map(|u| u.carried).expect("a converted code splits");
        for c in &back {
            assert!(carried.iter().any(|k| k.code == c.code), "conversion carries {c:?}, never reported");
        }
    }
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
            assert_eq!(r.encode().as_deref(), Ok(input), "round trip");
            let _ = (r.providers(), r.ecny(), r.findings(), r.describe());
            carried_codes_are_sound(&r);
            if r.kind() == Kind::MerchantCode {
                if let Some(Ok(u)) = r.unified() {
                    assert_eq!(unified::read(&u).map(|u| u.codes().map(String::from).collect::<Vec<_>>()).expect("splits"), [input]);
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
