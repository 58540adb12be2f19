//! Issue 16: tests written for mutants of `src/emv/` that no other test caught. Each asserts
//! the behaviour the mutated expression decides (a boundary, a branch, an offset or a path),
//! through the public API.

#[path = "common/cpm.rs"]
mod cpm;
use cpm::{b64, hex, parse_hex};
use hutong::emv::cpm::{BerObject, ConsumerPayload};
use hutong::ErrorKind;

// ---------------------------------------------------------------------------------------------
// CPM BER reader (src/emv/cpm/ber.rs)
// ---------------------------------------------------------------------------------------------

/// A four-byte tag is read into its four bytes, in order (the shift that left-aligns it is
/// `8 * (4 - len)`, zero for four bytes), and written back unchanged.
#[test]
fn a_four_byte_tag_is_read_left_aligned_and_written_back() {
    let h = "85 05 4350563031 61 0D 4F05A000000333 DF818101 01 AA";
    let p = parse_hex(h).unwrap();
    let app = p.applications().next().unwrap();
    let o = app.own(0xDF81_8101).expect("the four-byte tag is found by its value");
    assert_eq!(o.tag(), 0xDF81_8101);
    assert_eq!(o.tag_bytes(), &[0xDF, 0x81, 0x81, 0x01]);
    assert_eq!(o.bytes(), Some(&[0xAA][..]));
    assert_eq!(p.to_bytes(), hex(h));
    // Three- and two-byte tags too.
    let h3 = "85 05 4350563031 61 0C 4F05A000000333 9F8101 01 BB";
    let p3 = parse_hex(h3).unwrap();
    let o3 = p3.applications().next().unwrap().own(0x9F_8101).unwrap();
    assert_eq!((o3.tag(), o3.tag_bytes()), (0x9F_8101, &[0x9F, 0x81, 0x01][..]));
    assert_eq!(p3.to_bytes(), hex(h3));
}

/// Each refused first length byte gets its own problem: 80 is indefinite (not a short length
/// of 128), 85 and over say how many length bytes they announce (`l0 & 0x7F`), and a long form
/// cut short says how many bytes are missing (`n - left`).
#[test]
fn each_refused_length_byte_names_its_problem() {
    let cases = [
        (
            "85 05 4350563031 61 80 4F05A000000333 0000",
            "data object 61 has the indefinite length 80, which EMV BER-TLV does not allow (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 85 0000000007 4F05A000000333",
            "length of data object 61 is 5 bytes long; at most 4 are allowed (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 FF 0000000007 4F05A000000333",
            "length of data object 61 is 127 bytes long; at most 4 are allowed (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 82 00",
            "length of data object 61 needs 1 more bytes than its template holds (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 84 00",
            "length of data object 61 needs 3 more bytes than its template holds (at byte 7, in 61)",
        ),
    ];
    for (h, message) in cases {
        let e = parse_hex(h).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidBer, "{h}");
        assert_eq!(e.to_string(), message, "{h}");
    }
    // 81 80 is a long form of 128: read as such, not refused.
    let o = BerObject::primitive(0x5A, vec![0x12; 0x80]).unwrap();
    assert_eq!(o.length_bytes(), &[0x81, 0x80]);
}

// ---------------------------------------------------------------------------------------------
// CPM builder and owned model (src/emv/cpm/build.rs, model.rs)
// ---------------------------------------------------------------------------------------------

fn unionpay_app() -> hutong::emv::cpm::TemplateBuilder {
    hutong::emv::cpm::TemplateBuilder::application(&[0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x02])
}

/// `CpmBuilder::object` adds a root data object after 61 and 62, keeping what was set before.
#[test]
fn the_builder_writes_extra_root_objects_after_the_templates() {
    let atc = BerObject::primitive(0x9F36, [0x00, 0x01]).unwrap();
    let p = hutong::emv::cpm::CpmBuilder::new().application(unionpay_app()).object(atc.clone()).build().unwrap();
    let tags: Vec<u32> = p.objects().iter().map(BerObject::tag).collect();
    assert_eq!(tags, [0x85, 0x61, 0x9F36]);
    assert_eq!(p.get(0x9F36), Some(&atc));
    assert_eq!(p.to_bytes(), hex("85 05 4350563031 61 0A 4F08A000000333010102 9F36 02 0001"));
}

/// Decoded bytes that do not start with 85 are refused as another kind of code, naming the
/// byte found, before the BER reader or the profile rules look at them.
#[test]
fn bytes_that_do_not_start_with_85_are_not_cpm() {
    for (h, found) in [("61 07 4F05A000000333", "61"), ("00", "00"), ("84 05 4350563031 61 07 4F05A000000333", "84")] {
        let e = ConsumerPayload::from_bytes(&hex(h)).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::WrongFormat, 0, None), "{h}");
        assert_eq!(
            e.to_string(),
            format!(
                "not a consumer-presented code: the first data object must be 85 (payload format indicator), found byte {found} (at byte 0)"
            ),
            "{h}"
        );
    }
}

/// A CPM text of `bytes` decoded bytes that parses: 85, then one application whose issuer URL
/// (5F50) fills the rest.
fn cpm_of_len(bytes: usize) -> Vec<u8> {
    let url = bytes - 26;
    let app = 10 + 5 + url;
    let mut v = hex("85 05 4350563031 61 82");
    v.extend((app as u16).to_be_bytes());
    v.extend(hex("4F 08 A000000333010102 5F50 82"));
    v.extend((url as u16).to_be_bytes());
    v.extend(std::iter::repeat_n(b'a', url));
    assert_eq!(v.len(), bytes);
    v
}

/// The longest text read is 2953 characters (what a QR symbol holds): at 2953 the text is
/// still read (and refused for its length, not a multiple of 4), at 2954 it is too long.
#[test]
fn cpm_text_length_is_capped_at_2953_characters() {
    let text = b64(&cpm_of_len(2214));
    assert_eq!(text.len(), 2952);
    let p = ConsumerPayload::parse(&text).unwrap();
    assert_eq!(p.encode(), text);
    let e = ConsumerPayload::parse(&format!("{text}A")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, 2953), "{e}");
    assert_eq!(
        e.to_string(),
        "2953 characters is not a multiple of 4: standard base64 is padded with '=' (at byte 2953)"
    );
    let e = ConsumerPayload::parse(&format!("{text}AA")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::TooLong, 2953), "{e}");
    assert_eq!(e.to_string(), "payload has 2954 characters; a QR code holds at most 2953 (at byte 2953)");
}

/// Three `=` at the end are refused at the first of them, whatever the text's length.
#[test]
fn three_padding_characters_are_refused_at_the_first() {
    for text in ["hQVDUFYwMW===", "hQVDUFYwMWEa===", "hQVDUFYwMWEaTwe==="] {
        let e = ConsumerPayload::parse(text).unwrap_err();
        let first = text.find('=').unwrap();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, first), "{text}: {e}");
        assert_eq!(
            e.to_string(),
            format!("'=' may only end the text, at most twice (two payloads run together?) (at byte {first})")
        );
    }
}

/// 9F19 drops one leading pad zero only from its full 12 digits (6 bytes); a value of another
/// length keeps every digit.
#[test]
fn token_requestor_id_drops_the_pad_digit_of_12_digits_only() {
    let cases = [
        ("61 10 4F05A000000333 9F19 06 001234567890", "01234567890"),
        ("61 10 4F05A000000333 9F19 06 123456789012", "123456789012"),
        ("61 0F 4F05A000000333 9F19 05 0123456789", "0123456789"),
        ("61 11 4F05A000000333 9F19 07 00123456789012", "00123456789012"),
    ];
    for (app, want) in cases {
        let p = parse_hex(&format!("85 05 4350563031 {app}")).unwrap();
        assert_eq!(p.applications().next().unwrap().token_requestor_id().as_deref(), Some(want), "{app}");
    }
}

/// 5F2D splits into whole two-letter codes; the iterator's upper bound is the number of codes
/// the text can hold.
#[test]
fn languages_are_whole_two_letter_codes() {
    for (app, want) in [
        ("61 0E 4F05A000000333 5F2D 04 7A68656E", &["zh", "en"][..]),
        ("61 0D 4F05A000000333 5F2D 03 7A6865", &["zh"][..]),
        ("61 12 4F05A000000333 5F2D 08 7A68656E66726465", &["zh", "en", "fr", "de"][..]),
    ] {
        let p = parse_hex(&format!("85 05 4350563031 {app}")).unwrap();
        let a = p.applications().next().unwrap();
        let langs = a.languages();
        assert_eq!(langs.size_hint(), (0, Some(want.len())), "{app}");
        assert_eq!(langs.collect::<Vec<_>>(), want, "{app}");
    }
}

/// Every tag of the CPM profile has its name, which messages quote; other tags have none.
#[test]
fn every_cpm_profile_tag_has_its_name() {
    use hutong::emv::cpm::{tag, tag_name};
    let names = [
        (tag::PAYLOAD_FORMAT_INDICATOR, "payload format indicator"),
        (tag::APPLICATION_TEMPLATE, "application template"),
        (tag::COMMON_DATA_TEMPLATE, "common data template"),
        (tag::APPLICATION_TRANSPARENT_TEMPLATE, "application specific transparent template"),
        (tag::COMMON_TRANSPARENT_TEMPLATE, "common data transparent template"),
        (tag::ADF_NAME, "ADF name"),
        (tag::APPLICATION_LABEL, "application label"),
        (tag::TRACK2, "Track 2 equivalent data"),
        (tag::PAN, "application PAN"),
        (tag::CARDHOLDER_NAME, "cardholder name"),
        (tag::LANGUAGE_PREFERENCE, "language preference"),
        (tag::ISSUER_URL, "issuer URL"),
        (tag::APPLICATION_VERSION, "application version number"),
        (tag::TOKEN_REQUESTOR_ID, "token requestor ID"),
        (tag::PAYMENT_ACCOUNT_REFERENCE, "payment account reference"),
        (tag::LAST4, "last 4 digits of PAN"),
    ];
    for (t, name) in names {
        assert_eq!(tag_name(t), Some(name), "{t:X}");
    }
    for t in [0x9F26, 0x9F36, 0x5F34, 0x00, 0x86, 0xDF818101] {
        assert_eq!(tag_name(t), None, "{t:X}");
    }
    // A finding's message names the data object.
    let p = parse_hex("85 05 4350563031 61 0B 4F05A000000333 5F20 01 41").unwrap();
    let messages: Vec<String> = p.findings().iter().map(|f| f.message().to_string()).collect();
    assert_eq!(messages, ["cardholder name (5F20) has 1 bytes; its format allows 2-26"]);
}

/// `Track2::to_bytes` refuses each malformed field on its own: an empty PAN, a PAN of 20
/// digits, a PAN with a letter; an expiry or service code of the wrong length though all
/// digits, or of the right length with a letter.
#[test]
fn track2_refuses_each_malformed_field_on_its_own() {
    use hutong::emv::cpm::Track2;
    let ok = Track2 {
        pan: "6263600100713672".into(),
        expiry: "2312".into(),
        service_code: "201".into(),
        discretionary: "0000018801".into(),
    };
    assert_eq!(ok.to_bytes().unwrap(), hex("6263600100713672 D 2312 201 0000018801"));
    let pan19 = Track2 { pan: "1234567890123456789".into(), ..ok.clone() };
    assert_eq!(Track2::decode(&pan19.to_bytes().unwrap()), Some(pan19));
    let cases = [
        (Track2 { pan: String::new(), ..ok.clone() }, "needs a PAN of 1-19 digits"),
        (Track2 { pan: "12345678901234567890".into(), ..ok.clone() }, "needs a PAN of 1-19 digits"),
        (Track2 { pan: "62636001007136A2".into(), ..ok.clone() }, "needs a PAN of 1-19 digits"),
        (Track2 { expiry: "231".into(), ..ok.clone() }, "needs a 4-digit expiry date YYMM"),
        (Track2 { expiry: "23120".into(), ..ok.clone() }, "needs a 4-digit expiry date YYMM"),
        (Track2 { expiry: "23A2".into(), ..ok.clone() }, "needs a 4-digit expiry date YYMM"),
        (Track2 { service_code: "20".into(), ..ok.clone() }, "needs a 3-digit service code"),
        (Track2 { service_code: "2010".into(), ..ok.clone() }, "needs a 3-digit service code"),
        (Track2 { service_code: "2A1".into(), ..ok.clone() }, "needs a 3-digit service code"),
        (Track2 { discretionary: "00A".into(), ..ok.clone() }, "discretionary data must be digits"),
    ];
    for (t, why) in cases {
        let e = t.to_bytes().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue, "{t:?}");
        assert_eq!(e.message().to_string(), format!("Track 2 equivalent data (57) {why}"), "{t:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// MPM dictionary, builder and owned model (src/emv/mpm/fields.rs, encode.rs, model.rs)
// ---------------------------------------------------------------------------------------------

use hutong::emv::mpm::{
    field_name, spec, Format, MerchantAccount, MerchantPayload, Mpm, MpmBuilder, Object, PointOfInitiation, Tip, Value,
};

/// RFU positions are named "rfu", sub-objects of 80–99 and 62/50–99 are payment-system data
/// of any text, and an unknown position is "unknown".
#[test]
fn spec_names_rfu_payment_system_and_unknown_positions() {
    let cases: [(&[u8], &str, Format, u8, bool); 12] = [
        (&[65], "rfu", Format::S, 99, false),
        (&[79], "rfu", Format::S, 99, false),
        (&[80, 1], "payment_system_specific", Format::S, 99, false),
        (&[99, 99], "payment_system_specific", Format::S, 99, false),
        (&[62, 50, 1], "payment_system_specific", Format::S, 99, false),
        (&[62, 99, 5], "payment_system_specific", Format::S, 99, false),
        (&[62, 12], "rfu", Format::S, 99, false),
        (&[62, 49], "rfu", Format::S, 99, false),
        (&[64, 3], "rfu", Format::S, 99, false),
        (&[64, 99], "rfu", Format::S, 99, false),
        (&[100], "unknown", Format::S, 99, false),
        (&[59, 1], "unknown", Format::S, 99, false),
    ];
    for (path, name, format, max, template) in cases {
        let s = spec(path);
        assert_eq!((s.name, s.format, s.fixed, s.max, s.template), (name, format, None, max, template), "{path:?}");
        assert_eq!(field_name(path), name, "{path:?}");
    }
    assert_eq!(field_name(&[59]), "merchant_name");
    assert_eq!(field_name(&[62, 5]), "reference_label");
    assert_eq!(field_name(&[26, 0]), "globally_unique_identifier");
}

/// `MpmBuilder::template` writes the GUID in sub-ID 00, then the sub-objects in order.
#[test]
fn the_builder_writes_a_template_guid_first() {
    let b = MpmBuilder::new()
        .merchant_category_code("5812")
        .template(26, "COM.EXAMPLE", [(1, "M1"), (2, "XY")])
        .transaction_currency("156")
        .country_code("CN")
        .merchant_name("A")
        .merchant_city("B");
    let code = b.clone().encode().unwrap();
    assert!(code.starts_with("0002012627" /* 0011COM.EXAMPLE0102M10202XY */), "{code}");
    assert!(code.contains("26270011COM.EXAMPLE0102M10202XY52045812"), "{code}");
    let p = b.as_payload();
    assert_eq!(
        p.get(26),
        Some(&Object::template(26, vec![Object::text(0, "COM.EXAMPLE"), Object::text(1, "M1"), Object::text(2, "XY")]))
    );
}

/// A payload with every accessor's object, each value distinct.
fn full_payload() -> MerchantPayload {
    let mut p = MerchantPayload::default();
    for (path, v) in [
        (&[0u8][..], "01"),
        (&[1], "12"),
        (&[15], "UPI-ACCOUNT"),
        (&[26, 0], "COM.EXAMPLE"),
        (&[26, 1], "M1"),
        (&[52], "5812"),
        (&[53], "156"),
        (&[54], "23.50"),
        (&[55], "02"),
        (&[56], "1.00"),
        (&[57], "3.5"),
        (&[58], "CN"),
        (&[59], "SHOP"),
        (&[60], "CITY"),
        (&[61], "518000"),
        (&[62, 1], "B1"),
        (&[62, 2], "M2"),
        (&[62, 3], "S3"),
        (&[62, 4], "L4"),
        (&[62, 5], "R5"),
        (&[62, 6], "C6"),
        (&[62, 7], "T7"),
        (&[62, 8], "P8"),
        (&[62, 9], "AME"),
        (&[62, 10], "X10"),
        (&[62, 11], "012"),
        (&[62, 50, 0], "G1"),
        (&[62, 51, 0], "G2"),
        (&[64, 0], "ZH"),
        (&[64, 1], "商店"),
        (&[64, 2], "城市"),
        (&[80, 0], "UNRESERVED"),
        (&[81, 0], "UNRESERVED2"),
    ] {
        assert!(p.set_path(path, v), "{path:?}");
    }
    p
}

/// Every typed accessor of the owned model reads its own object.
#[test]
fn the_owned_model_reads_each_object_through_its_accessor() {
    let p = full_payload();
    assert_eq!(p.payload_format_indicator(), Some("01"));
    assert_eq!(p.point_of_initiation(), Some(PointOfInitiation::Dynamic));
    assert_eq!(p.merchant_category_code(), Some("5812"));
    assert_eq!(p.transaction_currency(), Some("156"));
    assert_eq!(p.transaction_amount(), Some("23.50"));
    assert_eq!(p.tip(), Some(Tip::Fixed(Some("1.00"))));
    assert_eq!(p.country_code(), Some("CN"));
    assert_eq!(p.merchant_name(), Some("SHOP"));
    assert_eq!(p.merchant_city(), Some("CITY"));
    assert_eq!(p.postal_code(), Some("518000"));
    assert_eq!(p.text(59), Some("SHOP"));
    assert_eq!(p.text(62), None, "a template has no text");
    assert_eq!(p.text(63), None, "absent");
    assert_eq!(p.crc(), None);
    let accounts: Vec<MerchantAccount<'_>> = p.merchant_accounts().collect();
    assert_eq!(accounts.len(), 2);
    assert_eq!(accounts[0], MerchantAccount::Primitive { id: 15, value: "UPI-ACCOUNT" });
    match accounts[1] {
        MerchantAccount::Template { id, guid, objects } => {
            assert_eq!((id, guid, objects.len()), (26, Some("COM.EXAMPLE"), 2));
        }
        other => panic!("{other:?}"),
    }
    let ad = p.additional_data().unwrap();
    assert_eq!(ad.bill_number(), Some("B1"));
    assert_eq!(ad.mobile_number(), Some("M2"));
    assert_eq!(ad.store_label(), Some("S3"));
    assert_eq!(ad.loyalty_number(), Some("L4"));
    assert_eq!(ad.reference_label(), Some("R5"));
    assert_eq!(ad.customer_label(), Some("C6"));
    assert_eq!(ad.terminal_label(), Some("T7"));
    assert_eq!(ad.purpose_of_transaction(), Some("P8"));
    assert_eq!(ad.additional_consumer_data_request(), Some("AME"));
    assert_eq!(ad.merchant_tax_id(), Some("X10"));
    assert_eq!(ad.merchant_channel(), Some("012"));
    assert_eq!(ad.get(1), Some("B1"));
    assert_eq!(ad.get(12), None);
    assert_eq!(ad.get(50), None, "62.50 is a template");
    let ps: Vec<u8> = ad.payment_system_templates().map(|o| o.id).collect();
    assert_eq!(ps, [50, 51]);
    let lt = p.language_template().unwrap();
    assert_eq!(lt.language_preference(), Some("ZH"));
    assert_eq!(lt.merchant_name(), Some("商店"));
    assert_eq!(lt.merchant_city(), Some("城市"));
    let unreserved: Vec<u8> = p.unreserved_templates().map(|o| o.id).collect();
    assert_eq!(unreserved, [80, 81]);
    // The same through a parse of the encoding, which the model reads back unchanged.
    let code = p.encode().unwrap();
    let back = MerchantPayload::from(&Mpm::parse(&code).unwrap());
    assert_eq!(back.crc(), Some(&code[code.len() - 4..]));
    assert_eq!(back.additional_data().unwrap().store_label(), Some("S3"));
    assert_eq!(back.language_template().unwrap().merchant_city(), Some("城市"));
    // An empty payload has none of them.
    let empty = MerchantPayload::default();
    assert_eq!(empty.additional_data(), None);
    assert_eq!(empty.language_template(), None);
    assert_eq!(empty.tip(), None);
    assert_eq!(empty.point_of_initiation(), None);
    assert_eq!(empty.merchant_accounts().count(), 0);
}

/// Each tip indicator and each point of initiation reads as its variant.
#[test]
fn tip_and_point_of_initiation_variants() {
    let mut p = MerchantPayload::default();
    for (poi, want) in
        [("11", PointOfInitiation::Static), ("12", PointOfInitiation::Dynamic), ("13", PointOfInitiation::Other)]
    {
        p.set(1, poi);
        assert_eq!(p.point_of_initiation(), Some(want), "{poi}");
    }
    p.set(55, "01");
    assert_eq!(p.tip(), Some(Tip::Prompt));
    p.set(55, "02");
    assert_eq!(p.tip(), Some(Tip::Fixed(None)));
    p.set(56, "1.00");
    assert_eq!(p.tip(), Some(Tip::Fixed(Some("1.00"))));
    p.set(55, "03");
    assert_eq!(p.tip(), Some(Tip::Percentage(None)));
    p.set(57, "5");
    assert_eq!(p.tip(), Some(Tip::Percentage(Some("5"))));
    p.set(55, "04");
    assert_eq!(p.tip(), Some(Tip::Other("04")));
}

/// A value's length in characters as its length field says it: characters of text, not
/// bytes; for a template, four header characters per object plus its value.
#[test]
fn value_char_len_counts_characters_and_headers() {
    assert_eq!(Value::from("商店").char_len(), 2);
    assert_eq!(Value::from("AB").char_len(), 2);
    assert_eq!(Value::from(String::new()).char_len(), 0);
    let t = Value::from(vec![
        Object::text(0, "ZH"),
        Object::text(1, "商店"),
        Object::template(2, vec![Object::text(0, "X")]),
    ]);
    assert_eq!(t.char_len(), (4 + 2) + (4 + 2) + (4 + 5));
    assert_eq!(Value::from(Vec::<Object>::new()).char_len(), 0);
    // The encoder writes what char_len says.
    let mut p = MerchantPayload::default();
    p.set(64, t.clone());
    let code = p.encode().unwrap();
    assert!(code.starts_with("6421"), "{code}");
}

/// The encoder reserves exactly the bytes it writes: every object's header and value bytes,
/// a template's children included, and the eight of the CRC object.
#[test]
fn the_encoder_reserves_exactly_what_it_writes() {
    let mut p = full_payload();
    p.set(59, "商店商店商店");
    let code = p.encode().unwrap();
    assert_eq!(code.capacity(), code.len(), "{code}");
    let small = MerchantPayload::from_objects(vec![Object::text(0, "01")]);
    let code = small.encode().unwrap();
    assert_eq!((code.len(), code.capacity()), (14, 14));
}

/// Paths into the owned model: get, set (creating templates, refusing a step through a
/// primitive or a path naming no MPM object) and remove.
#[test]
fn the_owned_model_gets_sets_and_removes_by_path() {
    let mut p = full_payload();
    assert_eq!(p.get_path([62, 50, 0]), Some(&Object::text(0, "G1")));
    assert_eq!(p.get_path([62, 5]).and_then(|o| o.value.as_text()), Some("R5"));
    assert_eq!(p.get_path([59]).and_then(|o| o.value.as_text()), Some("SHOP"));
    assert_eq!(p.get_path([59, 1]), None, "59 is a primitive");
    assert_eq!(p.get_path([62, 13]), None);
    assert_eq!(p.get_path([100]), None);
    assert_eq!(p.get_path(&[][..]), None);
    assert_eq!(p.get_path(hutong::TagPath::mpm(60)).and_then(|o| o.value.as_text()), Some("CITY"));
    let before = p.clone();
    assert!(!p.set_path([59, 1], "X"), "a step through a primitive");
    assert!(!p.set_path([100], "X"), "no MPM ID");
    assert_eq!(p, before);
    // A new object goes at its place in ID order, after 00 and before the CRC.
    let mut q =
        MerchantPayload::from_objects(vec![Object::text(0, "01"), Object::text(59, "A"), Object::text(63, "ABCD")]);
    assert!(q.set_path([62, 1], "B"));
    assert!(q.set_path([52], "5812"));
    assert!(q.set_path([70], "Z"));
    let ids: Vec<u8> = q.objects().iter().map(|o| o.id).collect();
    assert_eq!(ids, [0, 52, 59, 62, 70, 63]);
    assert_eq!(q.get_path([62, 1]), Some(&Object::text(1, "B")));
    // Setting an existing object replaces it in place.
    assert!(q.set_path([59], "C"));
    assert_eq!(q.objects()[2], Object::text(59, "C"));
    // remove_path takes the object out and hands it back.
    assert_eq!(p.remove_path([62, 3]), Some(Object::text(3, "S3")));
    assert_eq!(p.additional_data().unwrap().store_label(), None);
    assert_eq!(p.remove_path([62, 3]), None);
    assert_eq!(p.remove_path([59, 1]), None, "59 is a primitive");
    assert_eq!(p.remove_path([100]), None);
    assert_eq!(p.remove_path([59]).map(|o| o.id), Some(59));
    assert_eq!(p.merchant_name(), None);
}

/// What two digits cannot express is an error naming the object, where its header starts.
#[test]
fn encoding_refuses_what_two_digits_cannot_express() {
    let long = "a".repeat(100);
    let cases = [
        (
            vec![Object::text(0, "01"), Object::text(59, long.as_str())],
            ErrorKind::TooLong,
            6,
            "59",
            "data object 59 has 100 characters; the 2-digit length allows at most 99",
        ),
        (
            vec![Object::text(0, "01"), Object::text(100, "A")],
            ErrorKind::InvalidId,
            6,
            "100",
            "data object 100 is not a valid ID here: IDs are two decimal digits",
        ),
        (
            vec![Object::text(0, "01"), Object::template(100, vec![])],
            ErrorKind::InvalidId,
            6,
            "100",
            "data object 100 is not a valid ID here: IDs are two decimal digits",
        ),
        (
            vec![Object::text(0, "01"), Object::template(62, vec![Object::text(1, "B"), Object::text(5, &long[..93])])],
            ErrorKind::TooLong,
            6,
            "62",
            "template 62 holds 102 characters; a template's content is at most 99",
        ),
        (
            vec![
                Object::text(0, "01"),
                Object::template(62, vec![Object::text(1, "B"), Object::text(5, long.as_str())]),
            ],
            ErrorKind::TooLong,
            15,
            "62.05",
            "data object 05 has 100 characters; the 2-digit length allows at most 99",
        ),
        (
            vec![
                Object::text(0, "01"),
                Object::template(62, vec![Object::template(50, vec![Object::text(0, long.as_str())])]),
            ],
            ErrorKind::TooLong,
            14,
            "62.50.00",
            "data object 00 has 100 characters; the 2-digit length allows at most 99",
        ),
    ];
    for (objects, kind, offset, path, message) in cases {
        let e = MerchantPayload::from_objects(objects).encode().unwrap_err();
        assert_eq!((e.kind(), e.offset()), (kind, offset), "{e}");
        assert_eq!(e.path().map(|p| p.to_string()).unwrap_or_default(), path, "{e}");
        assert_eq!(e.message().to_string(), message);
    }
    // ID 99 is two digits: a value of 100 characters there is too long, not a bad ID.
    let e = MerchantPayload::from_objects(vec![Object::text(99, long.as_str())]).encode().unwrap_err();
    assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::TooLong, 0, Some(hutong::TagPath::mpm(99))));
    assert_eq!(e.message().to_string(), "data object 99 has 100 characters; the 2-digit length allows at most 99");
    let e = MerchantPayload::from_objects(vec![Object::template(99, vec![Object::text(0, long.as_str())])])
        .encode()
        .unwrap_err();
    assert_eq!(e.message().to_string(), "data object 00 has 100 characters; the 2-digit length allows at most 99");
    let e = MerchantPayload::from_objects(vec![Object::template(
        99,
        vec![Object::text(0, &long[..50]), Object::text(1, &long[..50])],
    )])
    .encode()
    .unwrap_err();
    assert_eq!(e.message().to_string(), "template 99 holds 108 characters; a template's content is at most 99");
    // 99 characters fit.
    let ok = MerchantPayload::from_objects(vec![Object::text(0, "01"), Object::text(59, &long[..99])]);
    assert!(ok.encode().unwrap().starts_with("00020159" /* 99 */));
}

/// encode_into clears the buffer and writes the same as encode; check and findings see the
/// encoding's rule breaches, with offsets into it.
#[test]
fn encode_into_check_and_findings() {
    let p = MpmBuilder::new()
        .merchant_account(15, "1")
        .merchant_category_code("5812")
        .transaction_currency("156")
        .country_code("CN")
        .merchant_name("A")
        .merchant_city("B")
        .build()
        .unwrap();
    let mut buf = String::from("stale");
    p.encode_into(&mut buf).unwrap();
    assert_eq!(buf, p.encode().unwrap());
    assert_eq!(p.check(), Ok(()));
    assert_eq!(p.findings().unwrap(), vec![]);
    let mut bad = p.clone();
    bad.set(59, "");
    bad.set(1, "13");
    let code = bad.encode().unwrap();
    let f = bad.findings().unwrap();
    let got: Vec<(&str, String, usize)> = f.iter().map(|f| (f.rule.id(), f.path.to_string(), f.offset)).collect();
    assert_eq!(got, [("poi-value", "01".into(), 6), ("zero-length", "59".into(), code.find("5900").unwrap())]);
    let e = bad.check().unwrap_err();
    assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::InvalidValue, 6, Some(hutong::TagPath::mpm(1))));
    // A payload that does not encode fails check and findings with the encoding's error.
    let long = MerchantPayload::from_objects(vec![Object::text(59, "a".repeat(100))]);
    assert_eq!(long.check().unwrap_err().kind(), ErrorKind::TooLong);
    assert_eq!(long.findings().unwrap_err().kind(), ErrorKind::TooLong);
}

/// The owned model as JSON: two-digit IDs, each object's specification name at its depth
/// (root, template child, 62/50–99 grandchild), and back.
#[test]
fn the_owned_model_serialises_with_names_at_every_depth() {
    let p = MerchantPayload::from_objects(vec![
        Object::text(0, "01"),
        Object::with_guid(26, "G", [Object::text(1, "M")]),
        Object::text(59, "SHOP"),
        Object::template(62, vec![Object::text(5, "R"), Object::with_guid(50, "PS", [Object::text(1, "X")])]),
        Object::template(64, vec![Object::text(0, "ZH"), Object::text(1, "商店")]),
        Object::with_guid(80, "U", [Object::text(7, "Y")]),
    ]);
    let json = serde_json::to_value(&p).unwrap();
    let want = serde_json::json!([
        {"id": "00", "name": "payload_format_indicator", "value": "01"},
        {"id": "26", "name": "merchant_account_template", "value": [
            {"id": "00", "name": "globally_unique_identifier", "value": "G"},
            {"id": "01", "name": "payment_system_specific", "value": "M"}]},
        {"id": "59", "name": "merchant_name", "value": "SHOP"},
        {"id": "62", "name": "additional_data", "value": [
            {"id": "05", "name": "reference_label", "value": "R"},
            {"id": "50", "name": "payment_system_template", "value": [
                {"id": "00", "name": "globally_unique_identifier", "value": "PS"},
                {"id": "01", "name": "payment_system_specific", "value": "X"}]}]},
        {"id": "64", "name": "merchant_information_language", "value": [
            {"id": "00", "name": "language_preference", "value": "ZH"},
            {"id": "01", "name": "merchant_name_alternate_language", "value": "商店"}]},
        {"id": "80", "name": "unreserved_template", "value": [
            {"id": "00", "name": "globally_unique_identifier", "value": "U"},
            {"id": "07", "name": "payment_system_specific", "value": "Y"}]},
    ]);
    assert_eq!(json, want);
    let back: MerchantPayload = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
    let one: Object =
        serde_json::from_value(serde_json::json!({"id": "62", "value": [{"id": "09", "value": "AME"}]})).unwrap();
    assert_eq!(one, Object::template(62, vec![Object::text(9, "AME")]));
    assert_eq!(serde_json::to_value(&one).unwrap()["value"][0]["name"], "additional_consumer_data_request");
    for bad in ["5", "100", "a1", "1a", "", "0x"] {
        let e = serde_json::from_value::<MerchantPayload>(serde_json::json!([{"id": bad, "value": "X"}])).unwrap_err();
        assert!(e.to_string().contains(&format!("object id must be two digits, found {bad:?}")), "{bad}: {e}");
    }
    let nested = serde_json::json!([{"id": "62", "value": [{"id": "5", "value": "X"}]}]);
    assert!(serde_json::from_value::<MerchantPayload>(nested).is_err());
    let ids: Vec<String> = [9u8, 10, 99]
        .iter()
        .map(|&id| serde_json::to_value(Object::text(id, "v")).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["09", "10", "99"]);
}

// ---------------------------------------------------------------------------------------------
// MPM parser (src/emv/mpm/parse.rs)
// ---------------------------------------------------------------------------------------------

/// A value cut short says the length its two digits declare and the characters left.
#[test]
fn a_truncated_value_names_the_declared_and_remaining_characters() {
    for (input, need, have) in
        [("0002015925ABC", 25, 3), ("0002015937商店", 37, 2), ("0002015990", 90, 0), ("0002015909AB", 9, 2)]
    {
        let e = Mpm::parse(input).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset(), e.path()),
            (ErrorKind::Truncated, 6, Some(hutong::TagPath::mpm(59))),
            "{input}"
        );
        assert_eq!(
            e.message().to_string(),
            format!("data object 59 declares {need} characters but only {have} remain (lengths count characters, not bytes)"),
            "{input}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// MPM rules (src/emv/mpm/rules.rs): each rule's message says which check failed
// ---------------------------------------------------------------------------------------------

/// A payload that breaks no rule, plus `extra` objects.
fn mpm_with(extra: Vec<Object>) -> Vec<(String, String, usize, String)> {
    let mut v = vec![
        Object::text(0, "01"),
        Object::text(15, "1"),
        Object::text(52, "5812"),
        Object::text(53, "156"),
        Object::text(58, "CN"),
        Object::text(59, "A"),
        Object::text(60, "B"),
    ];
    v.extend(extra);
    let p = MerchantPayload::from_objects(v);
    p.findings()
        .unwrap()
        .iter()
        .map(|f| (f.rule.id().to_string(), f.path.to_string(), f.offset, f.message().to_string()))
        .collect()
}

fn one(rule: &str, path: &str, offset: usize, message: &str) -> Vec<(String, String, usize, String)> {
    vec![(rule.into(), path.into(), offset, message.into())]
}

/// Amounts (54) and percentages (57): each reason gets its own message.
#[test]
fn amount_and_percentage_findings_say_which_check_failed() {
    let amount = |v: &str| mpm_with(vec![Object::text(54, v)]);
    let bad = |v: &str, why: &str| one("amount-format", "54", 42, &format!("amount \"{v}\" in 54 is invalid: {why}"));
    assert_eq!(amount("0"), bad("0", "an amount must not be zero"));
    assert_eq!(amount("0.00"), bad("0.00", "an amount must not be zero"));
    assert_eq!(amount("."), bad(".", "an amount needs digits"));
    assert_eq!(amount("1.2.3"), bad("1.2.3", "only one '.' is allowed"));
    assert_eq!(amount("-5"), bad("-5", "only digits and one '.' are allowed (no sign, comma, space or exponent)"));
    assert_eq!(amount("1234567890.12"), vec![]);
    let mut fourteen = one("length-max", "54", 42, "data object 54 has 14 characters; its format allows at most 13");
    fourteen.extend(one(
        "amount-format",
        "54",
        42,
        "amount \"12345678…\" in 54 is invalid: an amount has at most 13 characters",
    ));
    assert_eq!(amount("12345678901234"), fourteen);

    let pct = |v: &str| mpm_with(vec![Object::text(55, "03"), Object::text(57, v)]);
    let bad = |v: &str, why: &str| one("fee-percentage", "57", 48, &format!("amount \"{v}\" in 57 is invalid: {why}"));
    for ok in ["99.99", "5", "12.5", "0.01", "99."] {
        assert_eq!(pct(ok), vec![], "{ok}");
    }
    assert_eq!(pct("100"), bad("100", "a percentage is below 100"));
    assert_eq!(pct("1.234"), bad("1.234", "a percentage has at most two decimals"));
    assert_eq!(pct("0"), bad("0", "a percentage is digits with at most one '.', not zero"));
    assert_eq!(pct("5%"), bad("5%", "a percentage is digits with at most one '.', not zero"));
    let mut six = one("length-max", "57", 48, "data object 57 has 6 characters; its format allows at most 5");
    six.extend(bad("1.0000", "a percentage has at most 5 characters"));
    assert_eq!(pct("1.0000"), six);
}

/// 62.09 lists A, M and E at most once each; 62.11 is media 0-7, location 0-3, presence 0-3.
#[test]
fn consumer_data_request_and_merchant_channel_values() {
    let cdr = |v: &str| mpm_with(vec![Object::template(62, vec![Object::text(9, v)])]);
    let bad = one(
        "consumer-data-request",
        "62.09",
        46,
        "data object 09 is invalid: 62.09 lists A (address), M (mobile), E (email), each at most once",
    );
    for ok in ["AME", "E", "M", "A", "EA", "MEA"] {
        assert_eq!(cdr(ok), vec![], "{ok}");
    }
    for v in ["AX", "MM", "EE", "AA", "X", "AEA"] {
        assert_eq!(cdr(v), bad, "{v}");
    }
    let channel = |v: &str| mpm_with(vec![Object::template(62, vec![Object::text(11, v)])]);
    let bad = one(
        "merchant-channel",
        "62.11",
        46,
        "data object 11 is invalid: 62.11 is media 0-7, location 0-3, presence 0-3",
    );
    for ok in ["000", "012", "733", "333"] {
        assert_eq!(channel(ok), vec![], "{ok}");
    }
    for v in ["800", "040", "004", "A00"] {
        assert_eq!(channel(v), bad, "{v}");
    }
}

/// The language template names the first of 64.00 and 64.01 it lacks, by its name in 64.
#[test]
fn the_language_template_names_the_id_it_lacks() {
    for (children, id) in [
        (vec![Object::text(1, "X")], "64.00 (language_preference)"),
        (vec![Object::text(2, "C")], "64.00 (language_preference)"),
        (vec![Object::text(0, "ZH")], "64.01 (merchant_name_alternate_language)"),
        (vec![Object::text(0, "ZH"), Object::text(2, "C")], "64.01 (merchant_name_alternate_language)"),
    ] {
        let got = mpm_with(vec![Object::template(64, children.clone())]);
        assert_eq!(got.len(), 1, "{children:?}");
        let (rule, path, offset, message) = &got[0];
        assert_eq!((rule.as_str(), path.as_str(), *offset), ("language-template", "64", 42), "{children:?}");
        // Named by its place in 64, not as the root object with the same two digits.
        assert_eq!(*message, format!("mandatory data object {id} is missing"), "{children:?}");
    }
    assert_eq!(mpm_with(vec![Object::template(64, vec![Object::text(0, "ZH"), Object::text(1, "X")])]), vec![]);
}

/// The tip indicator and its fee objects: each missing half has its own message.
#[test]
fn tip_coupling_messages() {
    assert_eq!(
        mpm_with(vec![Object::text(55, "02")]),
        one("tip-coupling", "55", 42, "data object 55 = \"02\" requires the fixed fee 56")
    );
    assert_eq!(
        mpm_with(vec![Object::text(55, "03")]),
        one("tip-coupling", "55", 42, "data object 55 = \"03\" requires the percentage 57")
    );
    assert_eq!(
        mpm_with(vec![Object::text(55, "01"), Object::text(56, "1.00")]),
        one("tip-coupling", "56", 48, "data object 56 (fixed convenience fee) requires 55 = \"02\"")
    );
    assert_eq!(
        mpm_with(vec![Object::text(55, "01"), Object::text(57, "5")]),
        one("tip-coupling", "57", 48, "data object 57 (percentage convenience fee) requires 55 = \"03\"")
    );
    assert_eq!(mpm_with(vec![Object::text(55, "02"), Object::text(56, "1.00")]), vec![]);
    assert_eq!(mpm_with(vec![Object::text(55, "03"), Object::text(57, "5")]), vec![]);
    assert_eq!(mpm_with(vec![Object::text(55, "01")]), vec![]);
}

fn with_crc(body: &str) -> String {
    let b = format!("{body}6304");
    let c = hutong::emv::crc_hex(hutong::emv::crc16(b.as_bytes()));
    format!("{b}{}", std::str::from_utf8(&c).unwrap())
}

/// A payload of `n` characters: 00, then RFU objects 70 of up to 99 x's, then the CRC; `wide`
/// makes the first x a three-byte character.
fn payload_of_chars(n: usize, wide: bool) -> String {
    let mut s = String::from("000201");
    let mut left = n - 14;
    while left > 0 {
        let k = left.min(103);
        s.push_str(&format!("70{:02}{}", k - 4, "x".repeat(k - 4)));
        left -= k;
    }
    if wide {
        s = s.replacen('x', "商", 1);
    }
    with_crc(&s)
}

/// Values are counted in characters of one to four bytes: each object's offsets, length and
/// text follow from that, and the object after a wide value starts where its bytes end.
#[test]
fn values_of_one_to_four_byte_characters() {
    let input = with_crc("00020164140002ZH0104aé商𝔸5902AB");
    let m = Mpm::parse(&input).unwrap();
    let o = m.get_path([64, 1]).unwrap();
    assert_eq!((o.value(), o.char_len(), o.offset(), o.value_offset()), ("aé商𝔸", 4, 16, 20));
    assert_eq!(o.as_str(), "0104aé商𝔸");
    let lt = m.get(64).unwrap();
    assert_eq!((lt.char_len(), lt.value().len()), (14, 20));
    let name = m.get(59).unwrap();
    assert_eq!((name.offset(), name.value(), name.char_len()), (30, "AB", 2));
    assert_eq!(m.crc(), &input[input.len() - 4..]);
    let ids: Vec<u8> = m.objects().map(|o| o.id()).collect();
    assert_eq!(ids, [0, 64, 59, 63]);
    // Each width alone, with the objects after it.
    for c in ["é", "商", "𝔸", "ÿ", "\u{7FF}", "\u{FFFF}", "\u{10FFFF}"] {
        let input = with_crc(&format!("00020164110002ZH0101{c}5902AB"));
        let m = Mpm::parse(&input).unwrap_or_else(|e| panic!("{c}: {e}"));
        assert_eq!(m.get_path([64, 1]).unwrap().value(), c);
        assert_eq!(m.merchant_name(), Some("AB"), "{c}");
        assert_eq!(m.get(59).unwrap().offset(), 20 + c.len(), "{c}");
    }
}

/// Strict mode holds 512 characters, counted as characters: 512 with a wide one (514 bytes)
/// parse, 513 are refused at the 513th character; lenient mode reads them with a finding.
#[test]
fn the_512_character_cap_counts_characters() {
    let ok = payload_of_chars(512, true);
    assert_eq!((ok.len(), ok.chars().count()), (514, 512));
    assert!(Mpm::parse(&ok).is_ok());
    for wide in [false, true] {
        let long = payload_of_chars(513, wide);
        let e = Mpm::parse(&long).unwrap_err();
        let at = long.char_indices().nth(512).unwrap().0;
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::TooLong, at, None), "{wide}");
        assert_eq!(e.message().to_string(), "payload has 513 characters; EMVCo allows at most 512");
        let m = Mpm::parse_with(&long, hutong::emv::mpm::Mode::Lenient).unwrap();
        let f = m.findings();
        let last = f.last().unwrap();
        assert_eq!((last.rule.id(), last.path.to_string(), last.offset), ("payload-length", "63".into(), 0));
        assert_eq!(last.message().to_string(), "payload has 513 characters; EMVCo allows at most 512");
    }
    let m = Mpm::parse_with(&ok, hutong::emv::mpm::Mode::Lenient).unwrap();
    assert!(m.findings().iter().all(|f| f.rule.id() != "payload-length"));
}

/// No QR symbol holds more than 7089 bytes: 7089 are read (lenient), 7090 are refused at byte
/// 7089 before anything else.
#[test]
fn the_7089_byte_cap() {
    let max = payload_of_chars(7089, false);
    assert_eq!(max.len(), 7089);
    assert!(Mpm::parse_with(&max, hutong::emv::mpm::Mode::Lenient).is_ok());
    for over in [format!("{max}x"), format!("{}x", payload_of_chars(7088, true))] {
        let e = Mpm::parse_with(&over, hutong::emv::mpm::Mode::Lenient).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::TooLong, 7089, None));
        assert_eq!(
            e.message().to_string(),
            format!(
                "input has {} bytes; no QR symbol holds more than 7089 characters, so it was not scanned from one",
                over.len()
            )
        );
    }
}

/// Each CRC problem: not last (with the bytes after it), a length other than 04, a value
/// that is four characters but not four hex digits, missing, lower-case in strict mode.
#[test]
fn each_crc_problem_is_its_own_error() {
    let crc_path = Some(hutong::TagPath::mpm(63));
    let lower = with_crc("000201").to_lowercase();
    let cases = [
        (format!("{}5902AB", with_crc("000201")), 6, "CRC data object 63 must be last, but 6 bytes follow it"),
        (format!("{}5902ABC", with_crc("000201")), 6, "CRC data object 63 must be last, but 7 bytes follow it"),
        ("0002016303ABC".into(), 6, "CRC data object 63 must have length 04, found 03"),
        ("0002016305ABCDE".into(), 6, "CRC data object 63 must have length 04, found 05"),
        ("0002016304AB商C".into(), 10, "CRC must be four hex digits, found \"AB商C\""),
        ("0002015902AB".into(), 12, "no CRC: the payload must end with \"6304\" and four hex digits"),
        (lower.clone(), 10, "CRC aae6 is lower-case; EMVCo MPM v1.1 requires upper-case hex (lenient mode accepts it)"),
    ];
    for (input, offset, message) in cases {
        let e = Mpm::parse(&input).unwrap_err();
        assert_eq!((e.offset(), e.path()), (offset, crc_path), "{input}");
        assert_eq!(e.message().to_string(), message, "{input}");
    }
    let m = Mpm::parse_with(&lower, hutong::emv::mpm::Mode::Lenient).unwrap();
    assert_eq!(m.crc(), "aae6");
    assert_eq!(m.findings()[0].rule.id(), "crc-lowercase");
}

/// The borrowed view: template positions (26–51, 62, 64, 80–99 at the root, 50–99 in 62),
/// children only there, `nested` anywhere the value is TLV, the GUID only when 00 comes first,
/// merchant accounts 02–51, templates by GUID ignoring case.
#[test]
fn the_borrowed_view_of_templates_and_accounts() {
    let input = with_crc("0002010203ABC17120102XY0202ZZ26120002G10102M127060102M162150102B150050001G80080004GUID");
    let m = Mpm::parse(&input).unwrap();
    type View<'a> = (u8, bool, Option<usize>, Option<usize>, Option<&'a str>);
    let view: Vec<View<'_>> = m
        .objects()
        .map(|o| {
            (o.id(), o.is_template_position(), o.children().map(|c| c.count()), o.nested().map(|c| c.count()), o.guid())
        })
        .collect();
    assert_eq!(
        view,
        [
            (0, false, None, None, None),
            (2, false, None, None, None),
            (17, false, None, Some(2), None),
            (26, true, Some(2), Some(2), Some("G1")),
            (27, true, Some(1), Some(1), None),
            (62, true, Some(2), Some(2), None),
            (80, true, Some(1), Some(1), Some("GUID")),
            (63, false, None, None, None),
        ]
    );
    let in17: Vec<(String, &str)> =
        m.get(17).unwrap().nested().unwrap().map(|o| (o.path().to_string(), o.value())).collect();
    assert_eq!(in17, [("17.01".to_string(), "XY"), ("17.02".to_string(), "ZZ")]);
    assert_eq!(m.get(17).unwrap().get(1), None, "17 is not a template position");
    let ps = m.get_path([62, 50]).unwrap();
    assert!(ps.is_template_position());
    assert_eq!((ps.guid(), ps.path().to_string()), (Some("G"), "62.50".to_string()));
    assert!(!m.get_path([62, 1]).unwrap().is_template_position());
    assert!(!m.get_path([26, 1]).unwrap().is_template_position());
    assert_eq!(m.get_path([62, 50, 0]).map(|o| o.value()), Some("G"));
    assert_eq!(m.get_path([62, 50, 0, 0]), None);
    assert_eq!(m.get_path([2, 1]), None);
    let accounts: Vec<u8> = m.merchant_accounts().map(|o| o.id()).collect();
    assert_eq!(accounts, [2, 17, 26, 27]);
    let by_guid: Vec<u8> = m.templates_with_guid("g1").map(|o| o.id()).collect();
    assert_eq!(by_guid, [26]);
    assert_eq!(m.templates_with_guid("guid").map(|o| o.id()).collect::<Vec<_>>(), [80]);
    assert_eq!(m.templates_with_guid("G").count(), 0, "62.50 is not a root template");
    assert_eq!(format!("{m:?}"), format!("Mpm {{ mode: Strict, input: {input:?} }}"));
    assert_eq!(format!("{:?}", m.get(2).unwrap()), "DataObject { path: TagPath(02), offset: 6, value: \"ABC\" }");
    // Lenient mode keeps a root template that is not TLV raw: no children, and strict mode
    // refuses it at the template.
    let raw = with_crc("000201620605020A6202ZZ");
    let lm = Mpm::parse_with(&raw, hutong::emv::mpm::Mode::Lenient).unwrap();
    let kids: Vec<(u8, Option<usize>)> = lm.objects().map(|o| (o.id(), o.children().map(|c| c.count()))).collect();
    assert_eq!(kids, [(0, None), (62, Some(1)), (62, None), (63, None)]);
    let e = Mpm::parse(&raw).unwrap_err();
    assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::TemplateNotTlv, 16, Some(hutong::TagPath::mpm(62))));
}

/// The borrowed accessors read their own root objects, and the mode is the one asked for.
#[test]
fn the_borrowed_accessors_and_mode() {
    let input = with_crc("000201010212150212520458125303156540523.505802CN5904SHOP6004CITY");
    for mode in [hutong::emv::mpm::Mode::Strict, hutong::emv::mpm::Mode::Lenient] {
        let m = Mpm::parse_with(&input, mode).unwrap();
        assert_eq!(m.mode(), mode);
        assert_eq!(m.as_str(), input);
        assert_eq!(m.payload_format_indicator(), Some("01"));
        assert_eq!(m.point_of_initiation(), Some("12"));
        assert_eq!(m.merchant_category_code(), Some("5812"));
        assert_eq!(m.transaction_currency(), Some("156"));
        assert_eq!(m.transaction_amount(), Some("23.50"));
        assert_eq!(m.country_code(), Some("CN"));
        assert_eq!(m.merchant_name(), Some("SHOP"));
        assert_eq!(m.merchant_city(), Some("CITY"));
        assert_eq!(m.value(15), Some("12"));
        assert_eq!(m.value(62), None);
        assert_eq!(m.crc(), &input[input.len() - 4..]);
    }
    let bare = with_crc("5902AB");
    let m = Mpm::parse(&bare).unwrap();
    assert_eq!((m.payload_format_indicator(), m.point_of_initiation(), m.merchant_name()), (None, None, Some("AB")));
}
