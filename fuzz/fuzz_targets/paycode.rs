//! Payment-code routing: no panic on any input; an answer is a code made of its rule's
//! characters (digits, or letters and digits after `fp`), with the rule's prefix and one of
//! its lengths; the built-in table and a `Router` built from it give the same answer; an
//! error points inside the input.
#![no_main]

use hutong::paycode::{route, Charset, Router};
use hutong::ErrorKind;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ROUTER: OnceLock<Router<'static>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(code) = std::str::from_utf8(data) else { return };
    let got = route(code);
    match &got {
        Ok(r) => {
            let rule = r.rule();
            let fits = match rule.charset {
                Charset::Digits => code.bytes().all(|b| b.is_ascii_digit()),
                Charset::Alphanumeric => code.bytes().all(|b| b.is_ascii_alphanumeric()),
            };
            assert!(fits, "{code:?} routed with characters outside {:?}", rule.charset);
            assert!(code.starts_with(rule.prefix), "{code:?} does not start with {}", rule.prefix);
            assert!(
                rule.allows_len(code.len()),
                "{code:?} has a length rule {}-{} refuses",
                rule.min_len,
                rule.max_len
            );
            assert!(r.candidates().all(|p| p != r.provider()), "the answer is among its own candidates");
        }
        Err(e) => {
            assert!(e.offset() <= code.len(), "error offset {} past {} bytes", e.offset(), code.len());
            match e.kind() {
                ErrorKind::Empty => assert!(code.is_empty()),
                ErrorKind::InvalidCharacter => {
                    let c = code[e.offset()..].chars().next().expect("offset on a character");
                    assert!(!c.is_ascii_digit(), "{code:?}: a digit reported as invalid");
                }
                ErrorKind::WrongLength | ErrorKind::Unrecognised => {
                    assert!(code.bytes().all(|b| b.is_ascii_alphanumeric()), "{code:?}: {e}")
                }
                other => panic!("{code:?}: unexpected error kind {other}"),
            }
        }
    }
    let router = ROUTER.get_or_init(Router::new);
    let again = router.route(code);
    assert_eq!(
        got.map(|r| (r.provider(), r.network(), r.variant(), r.candidates().collect::<Vec<_>>())).map_err(|e| e.kind()),
        again
            .map(|r| (r.provider(), r.network(), r.variant(), r.candidates().collect::<Vec<_>>()))
            .map_err(|e| e.kind()),
    );
});
