//! EMVCo MPM: no panic in either mode; strict Ok ⇒ lenient Ok; lenient Ok ⇒ the owned model
//! encodes back to the input byte for byte; every accessor copes with what parsed.
#![no_main]

use hutong::emv::mpm::{MerchantPayload, Mode, Mpm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let strict = Mpm::parse_with(input, Mode::Strict);
    let lenient = Mpm::parse_with(input, Mode::Lenient);
    if strict.is_ok() {
        assert!(lenient.is_ok(), "strict accepted what lenient refused: {input:?}");
    }
    if let Err(e) = &lenient {
        assert!(e.offset() <= input.len(), "error offset {} past the input", e.offset());
    }
    if let Ok(mpm) = lenient {
        let owned = MerchantPayload::from(&mpm);
        assert_eq!(owned.encode().expect("a parsed payload always encodes"), input);
        let _ = mpm.findings();
        for o in mpm.objects() {
            if let Some(children) = o.children().or_else(|| o.nested()) {
                for c in children {
                    let _ = c.children().map(|g| g.count());
                }
            }
        }
    }
});
