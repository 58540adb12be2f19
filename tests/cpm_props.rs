//! Properties of the CPM codec: built payloads survive encode → parse unchanged, arbitrary
//! well-formed BER (any tag width, any length form) re-encodes byte for byte, and nothing
//! panics on arbitrary or corrupted input.

use base64::Engine as _;
use hutong::emv::cpm::{BerObject, ConsumerPayload, CpmBuilder, TemplateBuilder, Track2};
use proptest::prelude::*;

#[path = "common/cpm.rs"]
#[allow(dead_code)]
mod cpm;
use cpm::b64;

fn track2() -> impl Strategy<Value = Track2> {
    ("[0-9]{1,19}", "[0-9]{4}", "[0-9]{3}").prop_flat_map(|(pan, expiry, service_code)| {
        // 57 holds at most 19 bytes = 38 nibbles, one of them the separator.
        let room = 38 - 1 - pan.len() - 7;
        proptest::collection::vec(0u8..10, 0..=room).prop_map(move |d| Track2 {
            pan: pan.clone(),
            expiry: expiry.clone(),
            service_code: service_code.clone(),
            discretionary: d.iter().map(|n| char::from(b'0' + n)).collect(),
        })
    })
}

fn transparent() -> impl Strategy<Value = Vec<BerObject>> {
    let tags = prop::sample::select(vec![0x9F26u32, 0x9F27, 0x9F10, 0x9F36, 0x82, 0x9F37, 0xDF01, 0xC1]);
    proptest::collection::vec(
        (tags, proptest::collection::vec(any::<u8>(), 0..40)).prop_map(|(t, v)| BerObject::primitive(t, v).unwrap()),
        0..6,
    )
}

#[derive(Debug, Clone)]
struct App {
    aid: Vec<u8>,
    label: Option<String>,
    track2: Option<Track2>,
    version: Option<u16>,
    transparent: Option<Vec<BerObject>>,
    private: Option<Vec<u8>>,
}

fn app() -> impl Strategy<Value = App> {
    (
        proptest::collection::vec(any::<u8>(), 5..=16),
        proptest::option::of("[A-Za-z0-9 ]{1,16}"),
        proptest::option::of(track2()),
        proptest::option::of(any::<u16>()),
        proptest::option::of(transparent()),
        proptest::option::of(proptest::collection::vec(any::<u8>(), 0..200)),
    )
        .prop_map(|(aid, label, track2, version, transparent, private)| App {
            aid,
            label,
            track2,
            version,
            transparent,
            private,
        })
}

#[derive(Debug, Clone)]
struct Common {
    pan: Option<String>,
    name: Option<String>,
    languages: Option<String>,
    url: Option<String>,
    trid: Option<String>,
    par: Option<String>,
    last4: Option<String>,
    transparent: Option<Vec<BerObject>>,
}

fn common() -> impl Strategy<Value = Common> {
    (
        proptest::option::of("[0-9]{1,19}"),
        proptest::option::of("[ -~]{2,26}"),
        proptest::option::of("([a-z]{2}){1,4}"),
        proptest::option::of("[ -~]{1,60}"),
        proptest::option::of("[0-9]{11}"),
        proptest::option::of("[A-Z0-9]{29}"),
        proptest::option::of("[0-9]{4}"),
        proptest::option::of(transparent()),
    )
        .prop_map(|(pan, name, languages, url, trid, par, last4, transparent)| Common {
            pan,
            name,
            languages,
            url,
            trid,
            par,
            last4,
            transparent,
        })
}

fn app_builder(a: &App) -> TemplateBuilder {
    let mut b = TemplateBuilder::application(&a.aid);
    if let Some(l) = &a.label {
        b = b.label(l);
    }
    if let Some(t) = &a.track2 {
        b = b.track2(t);
    }
    if let Some(v) = a.version {
        b = b.application_version(v);
    }
    if let Some(t) = &a.transparent {
        b = b.transparent(t.clone());
    }
    if let Some(p) = &a.private {
        b = b.object(BerObject::primitive(0x9F74, p.clone()).unwrap());
    }
    b
}

fn common_builder(c: &Common) -> TemplateBuilder {
    let mut b = TemplateBuilder::common();
    if let Some(v) = &c.pan {
        b = b.pan(v);
    }
    if let Some(v) = &c.name {
        b = b.cardholder_name(v);
    }
    if let Some(v) = &c.languages {
        b = b.language_preference(v);
    }
    if let Some(v) = &c.url {
        b = b.issuer_url(v);
    }
    if let Some(v) = &c.trid {
        b = b.token_requestor_id(v);
    }
    if let Some(v) = &c.par {
        b = b.payment_account_reference(v);
    }
    if let Some(v) = &c.last4 {
        b = b.pan_last4(v);
    }
    if let Some(t) = &c.transparent {
        b = b.transparent(t.clone());
    }
    b
}

/// A well-formed BER object written out by hand, with a chosen length form.
#[derive(Debug, Clone)]
enum Raw {
    Primitive { tag: Vec<u8>, form: u8, value: Vec<u8> },
    Constructed { tag: Vec<u8>, form: u8, children: Vec<Raw> },
}

impl Raw {
    fn write(&self, out: &mut Vec<u8>) {
        let (tag, form, content) = match self {
            Raw::Primitive { tag, form, value } => (tag, *form, value.clone()),
            Raw::Constructed { tag, form, children } => {
                let mut c = Vec::new();
                children.iter().for_each(|ch| ch.write(&mut c));
                (tag, *form, c)
            }
        };
        out.extend(tag);
        let n = content.len();
        // Form 0 is the short form when it fits; 1-4 are 81..84 (non-minimal where n is small).
        let form = if form == 0 && n >= 0x80 { 1 } else { form };
        let form = if form == 1 && n > 0xFF { 2 } else { form };
        if form == 0 {
            out.push(n as u8);
        } else {
            out.push(0x80 | form);
            out.extend(&(n as u32).to_be_bytes()[4 - form as usize..]);
        }
        out.extend(content);
    }

    fn tag(&self) -> &[u8] {
        match self {
            Raw::Primitive { tag, .. } | Raw::Constructed { tag, .. } => tag,
        }
    }
}

/// Tag bytes with the constructed bit as asked: one byte, or two or three with `1F` low bits.
fn tag(constructed: bool) -> impl Strategy<Value = Vec<u8>> {
    let bit = if constructed { 0x20 } else { 0 };
    prop_oneof![
        (0u8..4, 1u8..31).prop_map(move |(class, n)| vec![class << 6 | bit | n]),
        (0u8..4, 0u8..0x80).prop_map(move |(class, n)| vec![class << 6 | bit | 0x1F, n]),
        (0u8..4, 0x80u8..=0xFF, 0u8..0x80).prop_map(move |(class, m, n)| vec![class << 6 | bit | 0x1F, m, n]),
    ]
}

fn leaf() -> impl Strategy<Value = Raw> {
    (tag(false), 0u8..5, proptest::collection::vec(any::<u8>(), 0..150)).prop_map(|(tag, form, value)| Raw::Primitive {
        tag,
        form,
        value,
    })
}

fn node(inner: impl Strategy<Value = Raw>) -> impl Strategy<Value = Raw> {
    (tag(true), 0u8..5, proptest::collection::vec(inner, 0..4)).prop_map(|(tag, form, children)| Raw::Constructed {
        tag,
        form,
        children,
    })
}

/// Objects for an application template (levels 2-4 of the payload: the fourth level holds no
/// data objects).
fn app_children() -> impl Strategy<Value = Vec<Raw>> {
    let level3 = prop_oneof![3 => leaf(), 1 => node(leaf())];
    let level2 = prop_oneof![3 => leaf(), 1 => node(level3)];
    proptest::collection::vec(level2, 0..6)
}

fn raw_payload() -> impl Strategy<Value = Vec<u8>> {
    (proptest::collection::vec(any::<u8>(), 5..=16), 0u8..5, app_children(), 0u8..5).prop_map(
        |(aid, aid_form, mut children, app_form)| {
            // The template may not repeat a tag; the ADF name comes first.
            let mut seen = vec![vec![0x4Fu8]];
            children.retain(|c| {
                let new = !seen.iter().any(|s| s == c.tag());
                seen.push(c.tag().to_vec());
                new
            });
            children.insert(0, Raw::Primitive { tag: vec![0x4F], form: aid_form, value: aid });
            let mut out = Vec::new();
            // The PFI is always 85 05 (see long_form_pfi_is_refused).
            out.extend(b"\x85\x05CPV01");
            Raw::Constructed { tag: vec![0x61], form: app_form, children }.write(&mut out);
            out
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn build_encode_parse_gives_the_same_payload(apps in proptest::collection::vec(app(), 1..=2), common in proptest::option::of(common())) {
        let mut b = CpmBuilder::new();
        for a in &apps {
            b = b.application(app_builder(a));
        }
        let with_common = apps.len() == 2 && common.is_some();
        if let (true, Some(c)) = (with_common, &common) {
            b = b.common_data(common_builder(c));
        }
        let built = b.build().unwrap_or_else(|e| panic!("{e}"));
        let text = built.encode();
        let parsed = ConsumerPayload::parse(&text).unwrap();
        prop_assert_eq!(&parsed, &built);
        prop_assert_eq!(parsed.encode(), text);
        prop_assert!(parsed.findings().is_empty());
        for (a, got) in apps.iter().zip(parsed.applications()) {
            prop_assert_eq!(got.aid(), Some(&a.aid[..]));
            prop_assert_eq!(got.label(), a.label.as_deref());
            prop_assert_eq!(got.own(0x57).and_then(|_| got.track2()), a.track2.clone());
            prop_assert_eq!(got.application_version(), a.version);
        }
        if let (true, Some(c)) = (with_common, &common) {
            let got = parsed.common_data().unwrap();
            prop_assert_eq!(got.pan(), c.pan.clone());
            prop_assert_eq!(got.cardholder_name(), c.name.as_deref());
            prop_assert_eq!(got.language_preference(), c.languages.as_deref());
            prop_assert_eq!(got.issuer_url(), c.url.as_deref());
            prop_assert_eq!(got.token_requestor_id(), c.trid.clone());
            prop_assert_eq!(got.payment_account_reference(), c.par.as_deref());
            prop_assert_eq!(got.pan_last4(), c.last4.clone());
        }
    }

    #[test]
    fn any_length_form_and_tag_width_round_trips(bytes in raw_payload()) {
        let text = b64(&bytes);
        let p = ConsumerPayload::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(p.to_bytes(), bytes);
        prop_assert_eq!(p.encode(), text);
        let _ = p.findings();
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_success_round_trips(tail in proptest::collection::vec(any::<u8>(), 0..120)) {
        let mut bytes = vec![0x85, 0x05, b'C', b'P', b'V', b'0', b'1'];
        bytes.extend(tail);
        if let Ok(p) = ConsumerPayload::from_bytes(&bytes) {
            prop_assert_eq!(p.to_bytes(), bytes);
            for a in p.applications() {
                let _ = (a.track2(), a.pan(), a.route(), a.token_requestor_id(), a.languages().count());
            }
            let _ = p.findings();
        }
    }

    #[test]
    fn corrupted_real_payloads_never_panic(i in 0usize..200, b in any::<u8>(), cut in 0usize..200) {
        let real = base64::engine::general_purpose::STANDARD.decode(
            "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==",
        ).unwrap();
        let mut bytes = real.clone();
        let i = i % bytes.len();
        bytes[i] = b;
        bytes.truncate(cut.max(1).min(bytes.len()));
        match ConsumerPayload::from_bytes(&bytes) {
            Ok(p) => {
                prop_assert_eq!(p.to_bytes(), bytes);
                let _ = p.findings();
            }
            Err(e) => prop_assert!(e.offset() <= bytes.len(), "{:?}", e),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "hQVDUFY[A-Za-z0-9+/= \\n-]{0,80}") {
        if let Ok(p) = ConsumerPayload::parse(&s) {
            prop_assert_eq!(p.encode(), s);
        }
    }

    #[test]
    fn track2_bytes_round_trip(t in track2()) {
        let bytes = t.to_bytes().unwrap();
        prop_assert!(bytes.len() <= 19);
        prop_assert_eq!(Track2::decode(&bytes), Some(t));
    }
}
