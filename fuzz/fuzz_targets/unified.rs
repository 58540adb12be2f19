//! The unified code. The input is read two ways:
//! - as lines of legacy codes: the ones that parse are merged into a unified code, which must be
//!   a strict EMVCo payload without findings; splitting it gives back exactly those codes
//!   (legacy → unified → legacy), and merging what it splits into gives back the same unified
//!   code (unified → legacy → unified);
//! - as a unified code itself, as given and with its CRC made right (so that mutations reach
//!   the reader rather than die at the checksum), in strict and lenient mode: whatever the
//!   reader reports as carried (issue 10's security property) is printable ASCII and, parsed on
//!   its own, a code of the provider and form reported that its template's GUID may carry
//!   (`unionpay-emv15`: a UnionPay account in 15); strict and lenient agree, exactly (error
//!   and all) when the code parses strictly, which holds the strict reader's layout walk to the
//!   rules' walk; and what it splits into merges again into a code that splits back into the
//!   same codes.
#![no_main]

use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::MerchantCode;
use hutong::unified::{self, guid, CarriedCode, Merchant};
use hutong::{ErrorKind, Provider};
use libfuzzer_sys::fuzz_target;

mod common;
use common::{sound, with_right_crc};

/// Reads `text` as a unified code in both modes and checks what comes out.
fn read(text: &str) {
    let strict = unified::read(text).map(|u| u.carried);
    if let Ok(carried) = &strict {
        let mpm = Mpm::parse(text).expect("split parsed it");
        for c in carried {
            sound(&mpm, c);
        }
        re_merge(carried);
    }
    let Ok(mpm) = Mpm::parse_with(text, Mode::Lenient) else {
        assert!(strict.is_err());
        return;
    };
    let lenient = unified::read_with(text, Mode::Lenient).map(|u| u.carried);
    // A code that parses strictly reads the same in both modes, error and all: a strict read
    // may take the layout walk, a lenient one always takes the rules' walk.
    if Mpm::parse(text).is_ok() {
        assert_eq!(strict, lenient, "the layout walk and the rules' walk disagree on {text:?}");
    }
    // The reader refuses every finding, so lenient parsing reads nothing more than strict.
    match (&strict, &lenient) {
        (Ok(s), Ok(l)) => assert_eq!(s, l, "strict and lenient disagree on {text:?}"),
        (Err(_), Ok(l)) => panic!("lenient read {l:?} from {text:?}, which strict refuses"),
        _ => {}
    }
    if let Ok(carried) = &lenient {
        for c in carried {
            sound(&mpm, c);
        }
    }
    // Read as a foreign EMV code, no template reports a code it may not carry.
    for c in hutong::providers::carried(&mpm) {
        if let Some(legacy) = c.legacy {
            assert!(legacy.bytes().all(|b| (0x20..=0x7E).contains(&b)), "{legacy:?}");
            let parsed = MerchantCode::parse(legacy).unwrap_or_else(|e| panic!("{legacy:?} reported: {e}"));
            let entry = c.guid.and_then(guid::lookup).expect("a legacy code sits under a known GUID");
            assert!(entry.carries(parsed.provider()), "{legacy:?} under {:?}", c.guid);
        }
    }
}

/// What a unified code splits into merges again, and the merged code splits back into it.
fn re_merge(carried: &[CarriedCode]) {
    let mut merchant = Merchant::default();
    let mut codes: Vec<&str> = Vec::new();
    for c in carried {
        if c.form == unified::UNIONPAY_EMV_FORM {
            merchant.unionpay_account = c.code.clone();
        } else {
            codes.push(&c.code);
        }
    }
    match unified::merge(&codes, &merchant) {
        Ok(merged) => {
            let back = unified::read(&merged).map(|u| u.carried).expect("a merged code splits");
            let back: Vec<(&str, Option<Provider>, &str)> =
                back.iter().map(|c| (c.code.as_str(), c.provider, c.form)).collect();
            let want: Vec<(&str, Option<Provider>, &str)> =
                carried.iter().map(|c| (c.code.as_str(), c.provider, c.form)).collect();
            assert_eq!(back, want, "unified -> legacy -> unified -> legacy");
        }
        // The writer's GUIDs may be longer than the ones read (an alias), so the same codes
        // may not fit in 512 characters again.
        Err(e) => assert_eq!(e.kind(), ErrorKind::CapacityExceeded, "re-merging what was split failed: {e}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let codes: Vec<&str> = text.lines().filter(|l| MerchantCode::parse(l).is_ok()).take(4).collect();
    if !codes.is_empty() {
        match unified::merge(&codes, &Merchant::default()) {
            Ok(code) => {
                let mpm = Mpm::parse(&code).expect("a unified code is strict EMVCo MPM");
                assert!(mpm.findings().is_empty(), "unified code with findings: {code}");
                let back: Vec<String> = unified::read(&code).map(|u| u.codes().map(String::from).collect::<Vec<_>>()).expect("a unified code splits");
                assert_eq!(back, codes, "legacy -> unified -> legacy");
                let refs: Vec<&str> = back.iter().map(String::as_str).collect();
                assert_eq!(
                    unified::merge(&refs, &Merchant::default()).as_deref(),
                    Ok(code.as_str()),
                    "unified -> legacy -> unified"
                );
                for c in unified::read(&code).map(|u| u.carried).unwrap() {
                    sound(&mpm, &c);
                }
            }
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::CapacityExceeded | ErrorKind::InvalidCharacter),
                "merging parsed codes failed with {e}"
            ),
        }
    }
    read(text);
    if text.len() <= 8192 {
        read(&with_right_crc(text));
    }
});
