//! Legacy merchant codes: no panic; error offsets inside the input; parse → encode is the
//! identity (through the typed value too), for the wrapper's inner code as well; only
//! aggregated codes, and wrappers around a code their owner does not pay, lack a provider; a provider host never survives with a different provider.
//! The registry agrees with the built-in parser, and the providers carried by an MPM payload
//! hold legacy codes that parse.
#![no_main]

use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::{carried, ProviderCode, Form, MerchantCode, Registry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let parsed = MerchantCode::parse(input);
    match &parsed {
        Err(e) => assert!(e.offset() <= input.len(), "error offset {} past the input", e.offset()),
        Ok(code) => {
            assert_eq!(code.encode(), input);
            assert_eq!(code.code().encode(), input);
            // A wrapper names its owner only around a code the owner pays (SPEC 6.1 rule 7).
            if code.form().is_wrapper() {
                let owner_pays = code.inner().and_then(|i| i.provider()).is_some_and(|p| match code.form() {
                    Form::AlipayWrapper => p == hutong::Provider::Alipay,
                    _ => true,
                });
                assert_eq!(code.provider().is_some(), owner_pays, "a wrapper's provider follows what it carries");
            } else {
                assert_eq!(code.provider().is_none(), code.form() == Form::Aggregated);
            }
            let _ = code.ecny();
            match code.inner() {
                Some(inner) => {
                    assert!(code.form().is_wrapper());
                    assert!(!inner.form().is_wrapper(), "wrappers nest one level only");
                    assert_eq!(inner.encode(), inner.as_str());
                }
                None => assert!(!code.form().is_wrapper(), "a wrapper always has its inner code"),
            }
            if let ProviderCode::Aggregated(url) = code.code() {
                assert_eq!(hutong::providers::provider_of_host(url.host()), None);
            }
        }
    }
    assert_eq!(Registry::new().parse(input), parsed, "the registry disagrees with the built-in parser");
    if let Ok(mpm) = Mpm::parse_with(input, Mode::Lenient) {
        for c in carried(&mpm) {
            if let Some(legacy) = c.legacy {
                let code = MerchantCode::parse(legacy).expect("a carried legacy code parses");
                assert!(code.provider().is_some());
            }
        }
    }
});
