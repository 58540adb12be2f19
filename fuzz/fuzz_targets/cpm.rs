//! EMVCo CPM: no panic on any input, as text or as decoded TLV; a parse that succeeds encodes
//! back to the input byte for byte; the text and byte entry points agree; every accessor and
//! the findings cope with whatever parsed.
#![no_main]

use hutong::emv::cpm::ConsumerPayload;
use libfuzzer_sys::fuzz_target;

fn exercise(p: &ConsumerPayload) {
    let _ = (p.format_indicator(), p.route(), p.findings());
    for t in p.applications().chain(p.common_data()) {
        let _ = (t.aid(), t.label(), t.track2(), t.pan(), t.cardholder_name(), t.languages().count());
        let _ = (t.issuer_url(), t.application_version(), t.token_requestor_id(), t.pan_last4(), t.route());
        let _ = t.transparent().map(|o| o.children().map(<[_]>::len));
    }
}

fuzz_target!(|data: &[u8]| {
    // The bytes as decoded TLV.
    match ConsumerPayload::from_bytes(data) {
        Ok(p) => {
            assert_eq!(p.to_bytes(), data, "TLV round trip");
            exercise(&p);
            let text = p.encode();
            if text.len() <= hutong::emv::cpm::MAX_TEXT_LEN {
                let again = ConsumerPayload::parse(&text).expect("the text of a parsed payload parses");
                assert_eq!(again, p, "text and bytes disagree");
            }
        }
        Err(e) => assert!(e.offset() <= data.len(), "error offset {} past {} bytes", e.offset(), data.len()),
    }
    // The bytes as text.
    if let Ok(text) = std::str::from_utf8(data) {
        match ConsumerPayload::parse(text) {
            Ok(p) => {
                assert_eq!(p.encode(), text, "text round trip");
                exercise(&p);
            }
            Err(e) => assert!(e.offset() <= text.len(), "error offset {} past {} bytes", e.offset(), text.len()),
        }
    }
});
