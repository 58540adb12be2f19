//! The one-call recogniser on any string: no panic; what it recognises re-encodes to the
//! input byte for byte; strict acceptance implies lenient acceptance with the same kind;
//! errors point inside the input; a merchant code's unified code carries it back unchanged.
#![no_main]

use hutong::emv::mpm::Mode;
use hutong::{recognise_with, unified, Kind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let strict = recognise_with(input, Mode::Strict);
    let lenient = recognise_with(input, Mode::Lenient);
    if let Ok(s) = &strict {
        let l = lenient.as_ref().expect("lenient accepts what strict accepts");
        assert_eq!(s.kind(), l.kind());
    }
    match lenient {
        Err(e) => assert!(e.offset() <= input.len().max(1) * 4, "error offset {} far past the input", e.offset()),
        Ok(r) => {
            assert_eq!(r.encode().as_deref(), Some(input), "round trip");
            let _ = (r.providers(), r.ecny(), r.findings(), r.carried(), r.describe());
            if r.kind() == Kind::MerchantCode {
                if let Some(Ok(u)) = r.unified() {
                    assert_eq!(unified::to_legacy(&u).expect("splits"), [input]);
                }
            }
        }
    }
});
