//! Laws of the MPM codec on generated payloads: encode → parse → encode is the identity, the
//! owned model survives the trip, and editing one field changes only that field's bytes, the
//! enclosing lengths and the CRC.

use hutong::emv::mpm::{MerchantPayload, Mode, Mpm, Object, Value};
use proptest::prelude::*;

fn ans_text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[ -~]{{1,{max}}}")).expect("regex")
}

/// Any text, non-ASCII included (Chinese, accents, an astral character).
fn s_text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        ans_text(max),
        proptest::string::string_regex(&format!("[\u{4e00}-\u{9fa5}]{{1,{max}}}")).expect("regex"),
        proptest::string::string_regex(&format!("[a-zA-Zàáâđ😀]{{1,{max}}}")).expect("regex"),
    ]
}

fn guid() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("com.qq.weixin.pay".to_string()),
        Just("A000000677010111".to_string()),
        proptest::string::string_regex("[a-z]{2,8}\\.[a-z]{2,10}").expect("regex"),
    ]
}

/// A payment-system template: GUID then 0–3 sub-objects, content well under 99 characters.
fn payment_template(id: u8) -> impl Strategy<Value = Object> {
    (guid(), proptest::collection::vec((1u8..=99, s_text(15)), 0..3))
        .prop_map(move |(g, subs)| Object::with_guid(id, g, subs.into_iter().map(|(s, v)| Object::text(s, v))))
}

fn additional_data() -> impl Strategy<Value = Object> {
    let sub = prop_oneof![
        (1u8..=11, ans_text(12)).prop_map(|(s, v)| Object::text(s, v)),
        (12u8..=49, s_text(8)).prop_map(|(s, v)| Object::text(s, v)),
        (50u8..=99, guid(), ans_text(6)).prop_map(|(s, g, v)| Object::with_guid(s, g, [Object::text(1, v)])),
    ];
    proptest::collection::vec(sub, 1..3).prop_map(|v| Object::template(62, v))
}

fn language() -> impl Strategy<Value = Object> {
    (s_text(10), proptest::option::of(s_text(8))).prop_map(|(name, city)| {
        let mut v = vec![Object::text(0, "ZH"), Object::text(1, name)];
        if let Some(c) = city {
            v.push(Object::text(2, c));
        }
        Object::template(64, v)
    })
}

fn root_object() -> impl Strategy<Value = Object> {
    prop_oneof![
        (2u8..=25, ans_text(40)).prop_map(|(id, v)| Object::text(id, v)),
        (26u8..=51).prop_flat_map(payment_template),
        (52u8..=61, ans_text(20)).prop_map(|(id, v)| Object::text(id, v)),
        additional_data(),
        language(),
        (65u8..=79, s_text(20)).prop_map(|(id, v)| Object::text(id, v)),
        (80u8..=99).prop_flat_map(payment_template),
    ]
}

fn payload() -> impl Strategy<Value = MerchantPayload> {
    proptest::collection::vec(root_object(), 1..10).prop_map(|objs| {
        let mut all = vec![Object::text(0, "01")];
        all.extend(objs);
        MerchantPayload::from_objects(all)
    })
}

/// The model as the parser gives it back: a generated CRC-less model gains its CRC object.
fn without_crc(p: &MerchantPayload) -> Vec<Object> {
    p.objects().iter().filter(|o| o.id != 63).cloned().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encode_parse_encode_is_identity(p in payload()) {
        let first = p.encode().unwrap();
        let parsed = Mpm::parse_with(&first, Mode::Strict).unwrap();
        let owned = MerchantPayload::from(&parsed);
        prop_assert_eq!(without_crc(&owned), without_crc(&p));
        prop_assert_eq!(owned.encode().unwrap(), first.clone());
        // Lenient reads the same.
        let lenient = Mpm::parse_with(&first, Mode::Lenient).map(|m| MerchantPayload::from(&m)).unwrap();
        prop_assert_eq!(lenient, owned);
    }

    #[test]
    fn editing_one_field_changes_only_its_bytes_and_the_crc(p in payload(), new in ans_text(30), pick in any::<prop::sample::Index>()) {
        let before = p.encode().unwrap();
        let texts: Vec<usize> = p.objects().iter().enumerate()
            .filter(|(_, o)| matches!(o.value, Value::Text(_)) && o.id != 0).map(|(i, _)| i).collect();
        prop_assume!(!texts.is_empty());
        let i = texts[pick.index(texts.len())];
        let mut edited = p.clone();
        let id = edited.objects()[i].id;
        edited.objects_mut()[i].value = Value::Text(new.clone());
        let after = edited.encode().unwrap();

        let parsed = Mpm::parse(&before).unwrap();
        let old = parsed.objects().nth(i).unwrap();
        let (start, end) = (old.offset(), old.offset() + old.as_str().len());
        let new_object = format!("{id:02}{:02}{new}", new.chars().count());
        let expected_body = format!("{}{}{}", &before[..start], new_object, &before[end..before.len() - 4]);
        prop_assert_eq!(&after[..after.len() - 4], expected_body.as_str());
        prop_assert!(Mpm::parse(&after).is_ok());
    }
}

#[test]
fn lower_case_crc_survives_only_while_it_still_matches() {
    let input = "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA53037045802VN6304a3cf";
    let mut p = Mpm::parse_with(input, Mode::Lenient).map(|m| MerchantPayload::from(&m)).unwrap();
    assert_eq!(p.encode().unwrap(), input);
    p.set(58, "CN");
    let edited = p.encode().unwrap();
    assert!(Mpm::parse(&edited).is_ok(), "an edited payload gets a fresh upper-case CRC: {edited}");
}

#[test]
fn zero_length_and_raw_templates_round_trip_in_lenient_mode() {
    // 6200 (empty template) and an 82 template holding a bare hash, both from real codes.
    for input in [
        "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA5303704540440005802VN62006304A6AF",
        "00020201021126580014A000000615000101065641600226120710300065965RHBQR0240445204739953034585802MY5912NUNU APPAREL6002MY61051420062230309ROA050888070617303582649CA02A0851CC2F6B40C1DC180AA2A84A31475C58253CB22FD3EDAD88E8616FE563044660",
    ] {
        assert!(Mpm::parse(input).is_err());
        let p = Mpm::parse_with(input, Mode::Lenient).map(|m| MerchantPayload::from(&m)).unwrap();
        assert_eq!(p.encode().unwrap(), input);
    }
}
