//! The unified code. The input is read two ways:
//! - as lines of legacy codes: the ones that parse are merged into a unified code, which must be
//!   a strict EMVCo payload without findings; splitting it gives back exactly those codes
//!   (legacy → unified → legacy), and merging what it splits into gives back the same unified
//!   code (unified → legacy → unified);
//! - as a unified code itself: splitting never panics, and what it splits into re-merges.
#![no_main]

use hutong::emv::mpm::Mpm;
use hutong::providers::MerchantCode;
use hutong::unified::{self, Merchant};
use hutong::ErrorKind;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let codes: Vec<&str> = text.lines().filter(|l| MerchantCode::parse(l).is_ok()).take(4).collect();
    if !codes.is_empty() {
        match unified::merge(&codes, &Merchant::default()) {
            Ok(code) => {
                let mpm = Mpm::parse(&code).expect("a unified code is strict EMVCo MPM");
                assert!(mpm.findings().is_empty(), "unified code with findings: {code}");
                let back: Vec<String> = unified::to_legacy(&code).expect("a unified code splits");
                assert_eq!(back, codes, "legacy -> unified -> legacy");
                let refs: Vec<&str> = back.iter().map(String::as_str).collect();
                assert_eq!(
                    unified::merge(&refs, &Merchant::default()).as_deref(),
                    Ok(code.as_str()),
                    "unified -> legacy -> unified"
                );
            }
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::CapacityExceeded | ErrorKind::InvalidCharacter),
                "merging parsed codes failed with {e}"
            ),
        }
    }
    if let Ok(carried) = unified::split(text) {
        for c in carried {
            assert!(!c.code.is_empty() || c.form.is_empty(), "empty carried code");
        }
    }
});
