//! Payment-code routing: the payment-code and numeric reject rows of
//! tests/data/legacy.tsv, one test per rule of SPEC.md section 8.2 (every overlap and every
//! wrong length), the run-time router, and properties over arbitrary input.

mod common;

use hutong::ecny::CodeType;
use hutong::paycode::{builtin_rules, route, Charset, Confidence, Route, Router, RoutingRule};
use hutong::{ErrorKind, Provider};
use proptest::prelude::*;

/// `prefix` followed by `1`s up to `len` characters.
fn code(prefix: &str, len: usize) -> String {
    let mut s = String::from(prefix);
    while s.len() < len {
        s.push('1');
    }
    s
}

fn ok(code: &str) -> Route<'static> {
    route(code).unwrap_or_else(|e| panic!("{code}: {e}"))
}

fn candidates(r: &Route<'_>) -> Vec<Provider> {
    r.candidates().collect()
}

fn err(code: &str) -> hutong::Error {
    match route(code) {
        Ok(r) => panic!("{code} routed to {:?}", r.provider()),
        Err(e) => e,
    }
}

#[test]
fn legacy_payment_code_rows_route_to_their_provider() {
    let rows: Vec<_> = common::tsv("legacy.tsv").into_iter().filter(|r| r[1] == "payment-code").collect();
    assert!(rows.len() >= 12, "expected the payment-code rows, got {}", rows.len());
    for row in rows {
        let input = common::unescape(&row[0]);
        let r = route(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(r.provider().id(), row[2], "{input} ({})", row[3]);
        assert_eq!(r.ecny().qt, CodeType::PersonalPayment);
        assert_eq!(r.ecny().qet, None);
    }
}

#[test]
fn legacy_numeric_reject_rows_are_errors() {
    let rows: Vec<_> = common::tsv("legacy.tsv")
        .into_iter()
        .filter(|r| r[1] == "reject")
        .map(|r| common::unescape(&r[0]))
        .filter(|i| i.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    assert!(rows.iter().any(String::is_empty), "the empty-input row is numeric by this filter");
    assert!(rows.len() >= 3);
    for input in rows {
        let e = route(&input).expect_err(&input);
        let want = if input.is_empty() { ErrorKind::Empty } else { ErrorKind::WrongLength };
        assert_eq!(e.kind(), want, "{input:?}: {e}");
    }
}

#[test]
fn wechat_pay_is_18_digits_with_prefix_10_to_15() {
    for p in ["10", "11", "12", "13", "14"] {
        let r = ok(&code(p, 18));
        assert_eq!((r.provider(), r.network(), r.variant()), (Provider::WeChatPay, Provider::WeChatPay, None), "{p}");
        assert_eq!(r.confidence(), Confidence::Spec);
        assert!(candidates(&r).is_empty());
    }
    let hk = ok("151234567890123456");
    assert_eq!((hk.provider(), hk.variant()), (Provider::WeChatPay, Some("hong-kong-wallet")));
    // Real public samples (WeChat micropay doc, a blog).
    assert_eq!(ok("120061098828009406").provider(), Provider::WeChatPay);
    assert_eq!(ok("135112298638468293").provider(), Provider::WeChatPay);
}

#[test]
fn wechat_pay_wrong_lengths() {
    let e = err("13913909960308246");
    assert_eq!(e.kind(), ErrorKind::WrongLength);
    assert_eq!(e.message().to_string(), "prefix 13 is WeChat Pay, which uses 18 digits; got 17");
    assert_eq!(e.offset(), 17, "a short code is wrong where it ends");
    let e = err(&code("15", 19));
    assert_eq!(e.message().to_string(), "prefix 15 is WeChat Pay, which uses 18 digits; got 19");
    assert_eq!(e.offset(), 18, "a long code is wrong at its first extra digit");
    for p in ["10", "11", "12", "14"] {
        assert_eq!(err(&code(p, 16)).kind(), ErrorKind::WrongLength, "{p}");
    }
    // Codes too short to fill a three-digit bucket take the slow path to the same answers.
    assert_eq!(err("13").message().to_string(), "prefix 13 is WeChat Pay, which uses 18 digits; got 2");
    assert_eq!(err("1").kind(), ErrorKind::Unrecognised);
    assert_eq!(err("1x").kind(), ErrorKind::InvalidCharacter);
}

#[test]
fn alipay_is_16_to_24_digits_with_prefix_25_to_30() {
    for p in ["25", "26", "27", "28", "29", "30"] {
        for len in 16..=24 {
            let r = ok(&code(p, len));
            assert_eq!((r.provider(), r.network()), (Provider::Alipay, Provider::Alipay), "{p}/{len}");
            assert_eq!(r.confidence(), Confidence::Spec);
        }
        let e = err(&code(p, 15));
        assert_eq!(e.kind(), ErrorKind::WrongLength);
        assert_eq!(e.message().to_string(), format!("prefix {p} is Alipay, which uses 16-24 digits; got 15"));
        assert_eq!(err(&code(p, 25)).kind(), ErrorKind::WrongLength);
    }
    assert_eq!(ok("28763443825664394").provider(), Provider::Alipay);
    assert_eq!(ok("283854702356157409").provider(), Provider::Alipay);
    let e = err("252819482199");
    assert_eq!(e.message().to_string(), "prefix 25 is Alipay, which uses 16-24 digits; got 12");
}

#[test]
fn alipay_plus_overlaps_alipay_as_a_candidate() {
    // Legacy Alipay+ codes: 28 + 15..17 digits.
    for len in 17..=19 {
        let r = ok(&code("28", len));
        assert_eq!(r.provider(), Provider::Alipay);
        assert_eq!(candidates(&r), [Provider::AlipayPlus], "28/{len}");
    }
    assert!(candidates(&ok(&code("28", 16))).is_empty());
    assert!(candidates(&ok(&code("28", 20))).is_empty());
    // The documented 24-digit example: CII 251001, BTI 02, 16-digit user number.
    let r = ok("251001020123456789012345");
    assert_eq!(r.provider(), Provider::Alipay);
    assert_eq!(candidates(&r), [Provider::AlipayPlus]);
    assert!(candidates(&ok(&code("27", 23))).is_empty());
}

#[test]
fn alipay_face_pay_token() {
    let token = "fp0123456789abcdefghijABCDEFGHIJxyz";
    assert_eq!(token.len(), 35);
    let r = ok(token);
    assert_eq!((r.provider(), r.network(), r.variant()), (Provider::Alipay, Provider::Alipay, Some("face-pay")));
    assert_eq!(r.confidence(), Confidence::PublicCode);
    assert_eq!(r.rule().charset, Charset::Alphanumeric);
    let e = err(&token[..34]);
    assert_eq!(e.kind(), ErrorKind::WrongLength);
    assert_eq!(e.message().to_string(), "prefix fp is Alipay, which uses 35 characters; got 34");
    let e = err("fp0123456789abcdefghij-BCDEFGHIJxyz");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 22));
    assert!(e.message().to_string().starts_with("'-' is not allowed"), "{e}");
    // Only lower-case "fp" is the token's prefix.
    assert_eq!(err("FP0123456789abcdefghijABCDEFGHIJxyz").kind(), ErrorKind::InvalidCharacter);
}

#[test]
fn unionpay_is_19_digits_with_prefix_62_and_jd_pay_is_a_candidate() {
    let r = ok("6225881234567890123");
    assert_eq!((r.provider(), r.network(), r.variant()), (Provider::UnionPay, Provider::UnionPay, None));
    assert_eq!(candidates(&r), [Provider::JdPay]);
    assert_eq!(r.confidence(), Confidence::PublicCode);
    assert_eq!(ok("6249466629041038759").provider(), Provider::UnionPay);
    for len in [16, 18, 20] {
        let e = err(&code("62", len));
        assert_eq!(e.kind(), ErrorKind::WrongLength);
        assert_eq!(e.message().to_string(), format!("prefix 62 is UnionPay, which uses 19 digits; got {len}"));
    }
}

#[test]
fn ccb_long_pay_is_a_unionpay_variant() {
    for d in '2'..='7' {
        let r = ok(&code(&format!("62{d}0105"), 19));
        assert_eq!(
            (r.provider(), r.network(), r.variant()),
            (Provider::UnionPay, Provider::UnionPay, Some("ccb-long-pay"))
        );
        assert_eq!(candidates(&r), [Provider::JdPay], "JD's 62 rule matches CCB codes too");
    }
    // Digit 3 outside 2-7 is not CCB.
    for d in ['0', '1', '8', '9'] {
        assert_eq!(ok(&code(&format!("62{d}0105"), 19)).variant(), None, "62{d}0105");
    }
    let e = err(&code("6220105", 18));
    assert_eq!(e.message().to_string(), "prefix 6220105 is UnionPay, which uses 19 digits; got 18");
}

#[test]
fn jd_pay_is_18_digits_with_prefix_18() {
    let r = ok(&code("18", 18));
    assert_eq!((r.provider(), r.network(), r.variant()), (Provider::JdPay, Provider::JdPay, None));
    assert!(candidates(&r).is_empty());
    assert_eq!(err(&code("18", 19)).message().to_string(), "prefix 18 is JD Pay, which uses 18 digits; got 19");
    // Its 62 codes travel on the UnionPay network.
    let jd62 = builtin_rules().iter().find(|r| r.provider == Provider::JdPay && r.prefix == "62").expect("JD 62 rule");
    assert_eq!((jd62.route, jd62.variant), (Provider::UnionPay, Some("unionpay-network")));
}

#[test]
fn ecny_is_19_digits_with_prefix_01() {
    let r = ok("0123456789012345678");
    assert_eq!((r.provider(), r.network()), (Provider::Ecny, Provider::Ecny));
    assert_eq!(r.ecny().to_string(), "QT02");
    assert_eq!(err(&code("01", 18)).message().to_string(), "prefix 01 is e-CNY, which uses 19 digits; got 18");
    assert_eq!(err(&code("01", 20)).kind(), ErrorKind::WrongLength);
}

#[test]
fn bestpay_is_18_digits_with_prefix_51() {
    let r = ok("516410754958340963");
    assert_eq!((r.provider(), r.network()), (Provider::Bestpay, Provider::Bestpay));
    assert_eq!(err(&code("51", 19)).message().to_string(), "prefix 51 is Bestpay, which uses 18 digits; got 19");
}

#[test]
fn webank_is_19_digits_with_prefix_5678() {
    let r = ok(&code("5678", 19));
    assert_eq!((r.provider(), r.network()), (Provider::WeBank, Provider::WeBank));
    assert_eq!(err(&code("5678", 18)).message().to_string(), "prefix 5678 is WeBank, which uses 19 digits; got 18");
    assert_eq!(err(&code("5677", 19)).kind(), ErrorKind::Unrecognised);
}

#[test]
fn lakala_points_and_finance() {
    for (p, v) in [("810", "points"), ("820", "points"), ("812", "finance"), ("822", "finance")] {
        let r = ok(&code(p, 19));
        assert_eq!((r.provider(), r.variant()), (Provider::Lakala, Some(v)), "{p}");
        let e = err(&code(p, 18));
        assert_eq!(e.message().to_string(), format!("prefix {p} is Lakala, which uses 19 digits; got 18"));
    }
    for p in ["811", "813", "821", "800"] {
        assert_eq!(err(&code(p, 19)).kind(), ErrorKind::Unrecognised, "{p}");
    }
}

#[test]
fn suning_is_at_least_16_digits_with_prefix_83() {
    for len in [16, 19, 24, 32] {
        assert_eq!(ok(&code("83", len)).provider(), Provider::Suning, "{len}");
    }
    assert_eq!(err(&code("83", 15)).message().to_string(), "prefix 83 is Suning Pay, which uses 16-32 digits; got 15");
    assert_eq!(err(&code("83", 33)).kind(), ErrorKind::WrongLength);
}

#[test]
fn same_length_codes_are_told_apart_by_prefix() {
    // 18 digits: WeChat 10-15, JD 18, Bestpay 51, Alipay 25-30.
    let eighteen =
        [("10", Provider::WeChatPay), ("18", Provider::JdPay), ("51", Provider::Bestpay), ("25", Provider::Alipay)];
    for (p, want) in eighteen {
        assert_eq!(ok(&code(p, 18)).provider(), want, "{p}/18");
    }
    // 19 digits: UnionPay 62, e-CNY 01, WeBank 5678, Lakala 81x/82x, Alipay, Suning 83.
    let nineteen = [
        ("62", Provider::UnionPay),
        ("01", Provider::Ecny),
        ("5678", Provider::WeBank),
        ("810", Provider::Lakala),
        ("822", Provider::Lakala),
        ("29", Provider::Alipay),
        ("83", Provider::Suning),
    ];
    for (p, want) in nineteen {
        assert_eq!(ok(&code(p, 19)).provider(), want, "{p}/19");
    }
}

#[test]
fn every_builtin_rule_is_reachable_or_named_as_a_candidate() {
    for rule in builtin_rules() {
        for len in [rule.min_len as usize, rule.max_len as usize] {
            let c = if rule.charset == Charset::Alphanumeric {
                code(rule.prefix, len).replace('1', "a")
            } else {
                code(rule.prefix, len)
            };
            let r = ok(&c);
            assert!(
                (r.provider() == rule.provider && r.variant() == rule.variant)
                    || r.candidates().any(|p| p == rule.provider),
                "{} {}/{len}: routed to {:?} {:?}",
                rule.provider,
                rule.prefix,
                r.provider(),
                r.variant()
            );
        }
    }
}

#[test]
fn characters_other_than_digits_are_refused_with_their_offset() {
    let cases = [
        ("13456789012345678 ", 17, "U+0020"),
        (" 134567890123456789", 0, "U+0020"),
        ("1345678901 23456789", 10, "U+0020"),
        ("134567890123456789\n", 18, "U+000A"),
        ("13456789a012345678", 8, "'a'"),
        ("１34567890123456789", 0, "'１'"),
        ("13-4567-8901-2345", 2, "'-'"),
        ("\u{202E}134567890123456789", 0, "U+202E"),
    ];
    for (input, offset, quoted) in cases {
        let e = err(input);
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, offset), "{input:?}: {e}");
        assert!(e.message().to_string().starts_with(&format!("{quoted} is not allowed")), "{input:?}: {e}");
    }
    let e = err("");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Empty, 0));
}

#[test]
fn digits_matching_no_rule_are_unrecognised_never_guessed() {
    for input in ["9", "99", "9912345678901234567", "2088123456789012", "0012345678901234567", "77777777777777777777"] {
        let e = err(input);
        assert_eq!(e.kind(), ErrorKind::Unrecognised, "{input}: {e}");
        assert!(e.to_string().contains("unrecognised payment code"), "{e}");
    }
    let e = err("9912345678901234567");
    assert_eq!(
        e.message().to_string(),
        "no routing rule matches a 19-digit code starting 9912; unrecognised payment code"
    );
}

#[test]
fn a_router_adds_a_new_wallet() {
    let mut router = Router::new();
    let code = "8800000000000000000";
    assert_eq!(router.route(code).unwrap_err().kind(), ErrorKind::Unrecognised);
    router.add(RoutingRule::digits("88", 19, 19, Provider::CmPay).variant("pilot")).unwrap();
    let r = router.route(code).unwrap();
    assert_eq!((r.provider(), r.network(), r.variant()), (Provider::CmPay, Provider::CmPay, Some("pilot")));
    assert_eq!(r.confidence(), Confidence::Integrator);
    assert_eq!(
        router.route(&code[..18]).unwrap_err().message().to_string(),
        "prefix 88 is China Mobile Hebao, which uses 19 digits; got 18"
    );
    // The built-in rules still answer, and the free function is untouched.
    assert_eq!(router.route("120061098828009406").unwrap().provider(), Provider::WeChatPay);
    assert_eq!(route(code).unwrap_err().kind(), ErrorKind::Unrecognised);
}

#[test]
fn an_added_rule_overrides_and_the_shadowed_provider_is_a_candidate() {
    let mut router = Router::new();
    router.add(RoutingRule::digits("13", 18, 18, Provider::QqWallet)).unwrap();
    let r = router.route("134567890123456789").unwrap();
    assert_eq!(r.provider(), Provider::QqWallet);
    assert_eq!(r.candidates().collect::<Vec<_>>(), [Provider::WeChatPay]);
    // A rule with a shorter prefix still wins: added rules come first.
    router.add(RoutingRule::digits("1", 18, 18, Provider::UnicomPay).route(Provider::UnionPay)).unwrap();
    let r = router.route("104567890123456789").unwrap();
    assert_eq!((r.provider(), r.network()), (Provider::UnicomPay, Provider::UnionPay));
    assert_eq!(r.candidates().collect::<Vec<_>>(), [Provider::WeChatPay]);
}

#[test]
fn replace_and_remove_drop_the_old_answer() {
    let mut router = Router::new();
    router.replace(RoutingRule::digits("51", 20, 20, Provider::Bestpay).variant("v2")).unwrap();
    assert_eq!(router.route("516410754958340963").unwrap_err().kind(), ErrorKind::WrongLength);
    let r = router.route(&code("51", 20)).unwrap();
    assert_eq!((r.provider(), r.variant()), (Provider::Bestpay, Some("v2")));
    assert_eq!(router.remove("51"), 1);
    assert_eq!(router.route(&code("51", 20)).unwrap_err().kind(), ErrorKind::Unrecognised);
    assert_eq!(router.remove("51"), 0);
    let builtin_62 = builtin_rules().iter().filter(|r| r.prefix == "62").count();
    assert_eq!(router.remove("62"), builtin_62);
    // The CCB rules have longer prefixes and stay.
    assert_eq!(router.route(&code("6220105", 19)).unwrap().variant(), Some("ccb-long-pay"));
    assert_eq!(router.route(&code("6280105", 19)).unwrap_err().kind(), ErrorKind::Unrecognised);
}

#[test]
fn short_and_alphanumeric_integrator_rules() {
    let mut router = Router::empty();
    assert!(router.rules().is_empty());
    assert_eq!(router.route("134567890123456789").unwrap_err().kind(), ErrorKind::Unrecognised);
    router.add(RoutingRule::digits("7", 1, 20, Provider::Suning)).unwrap();
    assert_eq!(router.route("7").unwrap().provider(), Provider::Suning);
    assert_eq!(router.route("79").unwrap().provider(), Provider::Suning);
    assert_eq!(router.route("7x").unwrap_err().kind(), ErrorKind::InvalidCharacter);
    router.add(RoutingRule::digits("qq", 10, 10, Provider::QqWallet).charset(Charset::Alphanumeric)).unwrap();
    assert_eq!(router.route("qqAbc12345").unwrap().provider(), Provider::QqWallet);
    assert_eq!(router.route("qqAbc1234").unwrap_err().kind(), ErrorKind::WrongLength);
}

#[test]
fn invalid_rules_are_refused() {
    let mut router = Router::new();
    let n = router.rules().len();
    let bad = [
        RoutingRule::digits("", 18, 18, Provider::CmPay),
        RoutingRule::digits("1a", 18, 18, Provider::CmPay),
        RoutingRule::digits("12", 19, 18, Provider::CmPay),
        RoutingRule::digits("123", 1, 2, Provider::CmPay),
        RoutingRule::digits("f-", 10, 10, Provider::CmPay).charset(Charset::Alphanumeric),
    ];
    for rule in bad {
        let e = router.add(rule).map(|_| ()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue, "{rule:?}");
        assert!(e.message().to_string().starts_with("routing rule refused"), "{e}");
    }
    assert_eq!(router.rules().len(), n, "refused rules leave the table alone");
    assert!(router.replace(RoutingRule::digits("", 1, 1, Provider::CmPay)).is_err());
}

#[test]
fn router_new_holds_the_builtin_table() {
    let router = Router::default();
    assert_eq!(router.rules(), builtin_rules());
    // Every provider of SPEC.md section 8.2 has a rule; China Mobile, China Unicom and QQ Wallet have none.
    for &p in Provider::ALL {
        let has = builtin_rules().iter().any(|r| r.provider == p);
        let unknown = matches!(p, Provider::CmPay | Provider::UnicomPay | Provider::QqWallet);
        assert_eq!(has, !unknown, "{p}");
    }
}

#[cfg(feature = "serde")]
#[test]
fn a_route_serialises_with_provider_ids() {
    let r = ok("6220105123456789012");
    let v = serde_json::to_value(r).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "provider": "unionpay",
            "network": "unionpay",
            "variant": "ccb-long-pay",
            "candidates": ["jd-pay"],
            "confidence": "public-code",
            "ecny": {"qt": "QT02", "qet": null}
        })
    );
}

proptest! {
    #[test]
    fn routing_never_panics_and_an_answer_fits_its_rule(code in "\\PC{0,40}") {
        check_answer(&code);
    }

    #[test]
    fn digit_codes_route_consistently(code in "[0-9]{1,40}") {
        check_answer(&code);
        let a = route(&code).map(|r| (r.provider(), r.variant(), r.candidates().collect::<Vec<_>>()));
        let router = Router::new();
        let b = router.route(&code).map(|r| (r.provider(), r.variant(), r.candidates().collect::<Vec<_>>()));
        prop_assert_eq!(a.map_err(|e| e.kind()), b.map_err(|e| e.kind()));
    }

    #[test]
    fn face_pay_tokens_route(body in "[A-Za-z0-9]{33}") {
        let token = format!("fp{body}");
        let r = route(&token).unwrap();
        prop_assert_eq!(r.variant(), Some("face-pay"));
    }
}

fn check_answer(code: &str) {
    match route(code) {
        Ok(r) => {
            let rule = r.rule();
            assert!(code.starts_with(rule.prefix), "{code:?}");
            assert!(rule.allows_len(code.len()), "{code:?}");
            let fits = match rule.charset {
                Charset::Digits => code.bytes().all(|b| b.is_ascii_digit()),
                Charset::Alphanumeric => code.bytes().all(|b| b.is_ascii_alphanumeric()),
            };
            assert!(fits, "{code:?}");
        }
        Err(e) => {
            assert!(e.offset() <= code.len(), "{code:?}: {e:?}");
            let kinds =
                [ErrorKind::Empty, ErrorKind::InvalidCharacter, ErrorKind::WrongLength, ErrorKind::Unrecognised];
            assert!(kinds.contains(&e.kind()), "{code:?}: {e:?}");
            if e.kind() == ErrorKind::InvalidCharacter {
                let c = code[e.offset()..].chars().next().unwrap();
                assert!(!c.is_ascii_digit(), "{code:?}: {e:?}");
            }
        }
    }
}

/// SPEC 8.1: a rule may be as short as its prefix (a code that is the prefix alone), never
/// shorter; each of `check`'s reasons is named in the error.
#[test]
fn a_rule_is_refused_for_each_reason_and_accepted_at_its_bounds() {
    let refused = [
        (
            RoutingRule::digits("", 18, 18, Provider::CmPay),
            "a rule needs a prefix: without one it would claim every code of its length",
        ),
        (
            RoutingRule::digits("1a", 18, 18, Provider::CmPay),
            "the prefix has characters outside the rule's character set",
        ),
        (RoutingRule::digits("12", 19, 18, Provider::CmPay), "the shortest length is greater than the longest"),
        (RoutingRule::digits("123", 1, 2, Provider::CmPay), "the longest length is shorter than the prefix"),
    ];
    for (rule, why) in refused {
        let e = Router::empty().add(rule).map(|_| ()).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::InvalidValue, 0, None), "{rule:?}");
        assert_eq!(e.message().to_string(), format!("routing rule refused: {why}"), "{rule:?}");
    }
    // The longest length equal to the prefix's, and the shortest equal to the longest: accepted.
    let mut router = Router::empty();
    router.add(RoutingRule::digits("123", 3, 3, Provider::CmPay)).unwrap();
    router.add(RoutingRule::digits("45", 2, 3, Provider::UnicomPay)).unwrap();
    assert_eq!(router.route("123").unwrap().provider(), Provider::CmPay);
    assert_eq!(router.route("45").unwrap().provider(), Provider::UnicomPay);
    assert_eq!(router.route("456").unwrap().provider(), Provider::UnicomPay);
    assert_eq!(
        router.route("1234").unwrap_err().message().to_string(),
        "prefix 123 is China Mobile Hebao, which uses 3 digits; got 4"
    );
}

/// A rule's prefix of one, two, three or more digits reaches every code of three or more
/// digits that starts with it (the first and last of its range included), and no other.
#[test]
fn integrator_prefixes_of_every_length_reach_every_code_they_start() {
    let cases: [(&str, &[&str], &[&str]); 6] = [
        ("0", &["000000", "012345", "099999"], &["100000", "900000"]),
        ("7", &["700000", "745678", "799999"], &["107000", "170000", "800000", "600000"]),
        ("9", &["900000", "999999"], &["190000", "109000"]),
        ("70", &["700000", "709999"], &["710000", "170000", "690000"]),
        ("99", &["990000", "999999"], &["989999"]),
        ("7012", &["701200", "701299"], &["701300", "701100", "700120"]),
    ];
    for (prefix, reached, missed) in cases {
        let mut router = Router::empty();
        router.add(RoutingRule::digits(prefix, 6, 6, Provider::CmPay)).unwrap();
        for code in reached {
            let r = router.route(code).unwrap_or_else(|e| panic!("prefix {prefix}, {code}: {e}"));
            assert_eq!(r.provider(), Provider::CmPay, "prefix {prefix}, {code}");
        }
        for code in missed {
            let e = router.route(code).map(|r| r.provider()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unrecognised, "prefix {prefix}, {code}: {e}");
        }
    }
}

/// The byte after `9` (`:`) is no digit: neither on the path of codes that are all digits nor
/// on the path of codes that are none.
#[test]
fn the_byte_after_nine_is_no_digit() {
    let cases =
        [(":", 0), ("::::", 0), ("1345678901234567:8", 16), ("13456789012345678:", 17), ("622588123456789012:", 18)];
    for (input, offset) in cases {
        let e = err(input);
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::InvalidCharacter, offset, None), "{input:?}: {e}");
        assert!(e.message().to_string().starts_with("':' is not allowed in a payment code"), "{input:?}: {e}");
    }
    // `/`, the byte before `0`, is not one either.
    assert_eq!(err("13456789012345678/").offset(), 17);
}

/// `Candidates` is an exact-size iterator: its size hint and length are the number of
/// providers it still yields, before and after each one.
#[test]
fn candidates_report_exactly_how_many_remain() {
    let mut router = Router::new();
    router.add(RoutingRule::digits("62", 19, 19, Provider::CmPay)).unwrap();
    let unionpay = code("62", 19);
    let shadowing = router.route(&unionpay).unwrap();
    let cases: [(Route<'_>, Vec<Provider>); 3] = [
        (ok("134567890123456789"), vec![]),
        (ok(&unionpay), vec![Provider::JdPay]),
        (shadowing, vec![Provider::UnionPay, Provider::JdPay]),
    ];
    for (route, expected) in cases {
        assert_eq!(candidates(&route), expected);
        let mut it = route.candidates();
        for left in (0..=expected.len()).rev() {
            assert_eq!(it.size_hint(), (left, Some(left)), "{expected:?}");
            assert_eq!(it.len(), left, "{expected:?}");
            assert_eq!(it.next().is_some(), left > 0);
        }
        assert_eq!(it.size_hint(), (0, Some(0)));
    }
}
