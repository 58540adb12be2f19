//! The unified code: legacy → unified → legacy is the identity for every merchant-code row of
//! tests/data/legacy.tsv, every unified code is a strict EMVCo MPM payload with no
//! findings, several codes merge and split back in order, and what cannot fit is a typed error.

mod common;

use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::MerchantCode;
use hutong::unified::{self, Merchant};
use hutong::{ErrorKind, Provider};

fn merchant_rows() -> Vec<(String, String)> {
    common::tsv("legacy.tsv")
        .into_iter()
        .filter(|r| r[1] == "merchant-code")
        .map(|r| (common::unescape(&r[0]), r[2].clone()))
        .collect()
}

fn assert_profile(code: &str) {
    let mpm = Mpm::parse(code).unwrap_or_else(|e| panic!("unified code must parse strictly: {e}\n{code}"));
    let findings: Vec<String> =
        mpm.findings().iter().map(|f| format!("{} {} {}", f.rule, f.path, f.message())).collect();
    assert!(findings.is_empty(), "{findings:?}\n{code}");
    assert_eq!(mpm.transaction_currency(), Some("156"));
    assert_eq!(mpm.country_code(), Some("CN"));
    assert!(unified::read(code).is_ok());
    assert!(code.chars().count() <= 512);
}

#[test]
fn every_legacy_merchant_code_survives_the_unified_round_trip() {
    let rows = merchant_rows();
    assert!(rows.len() >= 20);
    for (legacy, provider) in rows {
        let code = unified::from_legacy(&legacy).unwrap_or_else(|e| panic!("{legacy}: {e}"));
        assert_profile(&code);
        let carried = unified::read(&code).map(|u| u.carried).unwrap();
        assert_eq!(carried.len(), 1, "{code}");
        assert_eq!(carried[0].code, legacy);
        assert_eq!(carried[0].provider.map(|p| p.id()), Some(provider.as_str()), "{legacy}");
        assert_eq!(carried[0].form, MerchantCode::parse(&legacy).unwrap().form().id());
        let typing = unified::read(&code).unwrap().ecny;
        assert_eq!(typing, MerchantCode::parse(&legacy).unwrap().ecny());
    }
}

#[test]
fn the_long_wechat_mode1_url_is_continued_not_truncated() {
    let long = "weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh";
    let code = unified::from_legacy(long).unwrap();
    assert_profile(&code);
    let mpm = Mpm::parse(&code).unwrap();
    let templates: Vec<_> = mpm.templates_with_guid("com.qq.weixin.pay").collect();
    assert!(templates.len() >= 3, "a 190-character code needs several templates");
    assert!(templates.iter().all(|t| t.char_len() <= 99));
    assert_eq!(unified::read(&code).map(|u| u.codes().map(String::from).collect::<Vec<_>>()).unwrap(), [long]);
}

/// The merchant of the SPEC's worked example with every field.
fn test_shop() -> Merchant {
    Merchant {
        name: "TEST SHOP".into(),
        city: "SHENZHEN".into(),
        mcc: "5812".into(),
        amount: "23.50".into(),
        name_zh: "测试商店".into(),
        city_zh: "深圳".into(),
        bill_number: "INV-0001".into(),
        ..Merchant::default()
    }
}

#[test]
fn merge_and_split_keep_order_and_merchant_data() {
    let codes = [
        "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
        "https://qr.alipay.com/bax08123k4y9xyzabc12e045",
        "https://qr.95516.com/00010000/62027533387488456892269917213370",
    ];
    let merchant = Merchant {
        reference_label: "REF-9".into(),
        unionpay_account: "1234567887654321123456789012345".into(),
        ..test_shop()
    };
    let code = unified::merge(&codes, &merchant).unwrap();
    assert_profile(&code);
    let mpm = Mpm::parse(&code).unwrap();
    assert_eq!(mpm.merchant_name(), Some("TEST SHOP"));
    assert_eq!(mpm.transaction_amount(), Some("23.50"));
    assert_eq!(mpm.point_of_initiation(), Some("12"));
    assert_eq!(mpm.get_path([64, 1]).unwrap().value(), "测试商店");
    assert_eq!(mpm.get_path([62, 1]).unwrap().value(), "INV-0001");
    assert_eq!(mpm.get_path([62, 5]).unwrap().value(), "REF-9");
    let carried = unified::read(&code).map(|u| u.carried).unwrap();
    let providers: Vec<_> = carried.iter().map(|c| c.provider).collect();
    assert_eq!(
        providers,
        [Some(Provider::UnionPay), Some(Provider::WeChatPay), Some(Provider::Alipay), Some(Provider::UnionPay)]
    );
    assert_eq!(carried[0].code, "1234567887654321123456789012345");
    assert_eq!(carried[1..].iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), codes);
    let typing = unified::read(&code).unwrap().ecny;
    assert_eq!(typing.to_string(), "QT04/QET03");
}

#[test]
fn guids_are_read_in_any_case_and_by_alias() {
    let code = unified::from_legacy("weixin://wxpay/bizpayurl?pr=p4lpSuKzz").unwrap();
    let mut p = hutong::emv::mpm::Mpm::parse_with(&code, hutong::emv::mpm::Mode::Strict)
        .map(|m| hutong::emv::mpm::MerchantPayload::from(&m))
        .unwrap();
    assert!(p.set_path([26, 0], "COM.QQ.WEIXIN.PAY"));
    let reencoded = p.encode().unwrap();
    assert!(reencoded.contains("COM.QQ.WEIXIN.PAY"));
    assert_eq!(
        unified::read(&reencoded).map(|u| u.codes().map(String::from).collect::<Vec<_>>()).unwrap(),
        ["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"]
    );
    let lookup = |g: &str| unified::guid::lookup(g).map(|e| e.network);
    assert_eq!(lookup("com.alipay"), Some(unified::guid::Network::Provider(Provider::Alipay)));
    assert_eq!(lookup("ALT.HUTONG"), Some(unified::guid::Network::Hutong));
    assert_eq!(lookup("cn.hutong.carried"), None, "the pre-v1 draft's identifiers are not read");
    assert_eq!(lookup("com.example"), None);
}

#[test]
fn what_cannot_fit_is_a_typed_error() {
    let long = "weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh";
    let err = unified::merge(&[long, long, long], &Merchant::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::CapacityExceeded, "{err}");
    let err = unified::merge(&[], &Merchant::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingField);
    let bad_name = Merchant { name: "最佳运输".into(), ..Merchant::default() };
    let err = unified::merge(&["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"], &bad_name).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidCharacter, "59 is ans: Chinese names go in 64 (name_zh)");
    let city_without_name = Merchant { city_zh: "上海".into(), ..Merchant::default() };
    let err = unified::merge(&["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"], &city_without_name).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingField);
    assert_eq!(err.path().map(|p| p.to_string()).as_deref(), Some("64.01"));
    assert_eq!(
        err.to_string(),
        "mandatory data object 64.01 (merchant_name_alternate_language) is missing (at byte 0, in 64.01)"
    );
}

#[test]
fn a_non_unified_emv_code_is_not_split() {
    // A Hong Kong code: no version marker, so the reader takes it for version 1 and refuses it at
    // the first check it fails (its currency), never reading its 15 as a carried code.
    let hk = "000201010211153125000344000203445000344701100015204701153033445802HK5916Discount Testing6008Hongkong62600120000000000000000000000520000000000000000000000708888888886304F153";
    let err = unified::read(hk).map(|u| u.carried).unwrap_err();
    let at = hk.find("5303344").unwrap();
    assert_eq!(
        (err.kind(), err.offset(), err.path().map(|p| p.to_string())),
        (ErrorKind::InvalidValue, at, Some("53".into()))
    );
    // recognise reads it as the plain EMV code it is.
    let r = hutong::recognise(hk).unwrap();
    assert_eq!(r.unified().map(|u| u.is_err()), Some(true), "a HK code has no unified code: its currency is HKD");
}

#[test]
fn emv_codes_carrying_chinese_providers_convert() {
    // Mongolian multi-scheme code: UnionPay 15, WeChat in 17 with its code_url in 05.
    let mn = "0002010102121531422604964226049600000000001020417810017com.qq.weixin.pay01091367888090202NT0537weixin://wxpay/bizpayurl?pr=siTObRFz126540014A00000084300010108HPSMMNUB0220MN09005151019910985533410037A111278300000000.alipayplus.v2025051351120008songo.mn5204581153034965406102.435802MN5916Songo.mn-Eastpay6011ULAANBAATAR62340125HPSM2506121043450000000065201180240014A0000008430001010201630412F8";
    let mpm = Mpm::parse(mn).unwrap();
    // Its amount is in MNT: a CNY code cannot carry it.
    assert_eq!(unified::from_emv(&mpm).unwrap_err().kind(), ErrorKind::WrongFormat);
    let cn = "0002010102121531330258603073801147438197929711252045411530315654073645.815802CN5913SHENZHEN MART6009GUANGZHOU63048DD3";
    let code = unified::from_emv(&Mpm::parse(cn).unwrap()).unwrap();
    assert_profile(&code);
    let carried = unified::read(&code).map(|u| u.carried).unwrap();
    assert_eq!(carried[0].provider, Some(Provider::UnionPay));
    assert_eq!(carried[0].code, "3302586030738011474381979297112");
}

/// The unified code built the slow, general way: the public builder, which refuses anything a
/// generator must not emit (every rule of SPEC.md section 3). The fast writer must agree
/// byte for byte.
fn reference(codes: &[&str], m: &Merchant) -> Result<String, hutong::Error> {
    use hutong::ecny::CodeType;
    use hutong::emv::mpm::{MpmBuilder, Object, PointOfInitiation};
    let parsed: Vec<MerchantCode<'_>> = codes.iter().map(|c| MerchantCode::parse(c)).collect::<Result<_, _>>()?;
    let dynamic = m.dynamic || !m.amount.is_empty() || parsed.iter().any(|p| p.ecny().qt == CodeType::MerchantDynamic);
    let or = |s: &str, d: &str| if s.is_empty() { d.to_string() } else { s.to_string() };
    let mut b = MpmBuilder::new()
        .merchant_category_code(&or(&m.mcc, "0000"))
        .transaction_currency("156")
        .country_code("CN")
        .merchant_name(&or(&m.name, "NA"))
        .merchant_city(&or(&m.city, "NA"));
    // A static code has no 01; version 1 has no version marker (SPEC 5.1, 5.7).
    if dynamic {
        b = b.point_of_initiation(PointOfInitiation::Dynamic);
    }
    if !m.unionpay_account.is_empty() {
        b = b.merchant_account(15, &m.unionpay_account);
    }
    let mut id = 26;
    for p in &parsed {
        let guid = unified::guid_for(p.provider());
        let room = 99 - (4 + guid.len() + 4);
        let code = p.as_str();
        let parts: Vec<&str> = code.as_bytes().chunks(room).map(|c| std::str::from_utf8(c).unwrap()).collect();
        for (i, part) in parts.iter().enumerate() {
            let sub = if i == 0 { unified::SUB_CODE } else { unified::SUB_CONTINUATION };
            let objs = vec![Object::text(sub, *part)];
            b = b.object(Object::with_guid(id, guid, objs));
            id += 1;
        }
    }
    if !m.amount.is_empty() {
        b = b.transaction_amount(&m.amount);
    }
    if !m.bill_number.is_empty() {
        b = b.additional_data(1, &m.bill_number);
    }
    if !m.reference_label.is_empty() {
        b = b.additional_data(5, &m.reference_label);
    }
    if !m.name_zh.is_empty() {
        b = b.language("ZH", &m.name_zh, (!m.city_zh.is_empty()).then_some(m.city_zh.as_str()));
    }
    b.encode()
}

#[test]
fn the_fast_writer_agrees_with_the_rule_checked_builder() {
    let rows = merchant_rows();
    let merchants = [
        Merchant::default(),
        Merchant {
            name: "TEST SHOP".into(),
            city: "SHENZHEN".into(),
            mcc: "5812".into(),
            amount: "98.".into(),
            name_zh: "测试商店".into(),
            city_zh: "深圳".into(),
            bill_number: "INV-0001".into(),
            reference_label: "***".into(),
            unionpay_account: "1234567887654321123456789012345".into(),
            ..Merchant::default()
        },
    ];
    for m in &merchants {
        for (legacy, _) in &rows {
            assert_eq!(unified::merge(&[legacy], m).ok(), reference(&[legacy], m).ok(), "{legacy}");
        }
        for pair in rows.windows(2) {
            let codes = [pair[0].0.as_str(), pair[1].0.as_str()];
            let fast = unified::merge(&codes, m);
            let slow = reference(&codes, m);
            assert_eq!(fast.as_ref().ok(), slow.as_ref().ok(), "{codes:?}");
            assert_eq!(fast.is_err(), slow.is_err());
        }
    }
    // Merchant data the builder refuses, the writer refuses too, with the same kind.
    let bad = [
        Merchant { name: "最佳运输".into(), ..Merchant::default() },
        Merchant { name: "A NAME LONGER THAN TWENTY-FIVE".into(), ..Merchant::default() },
        Merchant { city: "A CITY OVER FIFTEEN".into(), ..Merchant::default() },
        Merchant { mcc: "58a2".into(), ..Merchant::default() },
        Merchant { mcc: "581".into(), ..Merchant::default() },
        Merchant { amount: "98,73".into(), ..Merchant::default() },
        Merchant { amount: "0".into(), ..Merchant::default() },
        Merchant { amount: "-5".into(), ..Merchant::default() },
        Merchant { name_zh: "最佳\u{202E}运输".into(), ..Merchant::default() },
        Merchant { bill_number: "发票".into(), ..Merchant::default() },
    ];
    for m in &bad {
        let code = ["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"];
        let fast = unified::merge(&code, m).unwrap_err();
        let slow = reference(&code, m).unwrap_err();
        assert_eq!(fast.kind(), slow.kind(), "{m:?}: {fast} / {slow}");
        assert_eq!(fast.path(), slow.path(), "{m:?}: {fast} / {slow}");
    }
}

#[test]
fn invisible_characters_never_reach_a_unified_code() {
    let code = ["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"];
    for c in ['\u{2060}', '\u{200B}', '\u{202E}', '\u{00AD}', '\u{FE0F}', '\u{E0041}', '\n'] {
        let m = Merchant { name_zh: format!("测试{c}商店"), ..Merchant::default() };
        let err = unified::merge(&code, &m).unwrap_err();
        assert_eq!((err.kind(), err.offset()), (ErrorKind::InvalidCharacter, "测试".len()), "U+{:04X}", c as u32);
        assert_eq!(err.path().map(|p| p.to_string()).as_deref(), Some("64.01"));
    }
    // Read in any EMV code, such a name is a finding that says where.
    let m = Merchant { name_zh: "测试商店".into(), ..Merchant::default() };
    let clean = unified::merge(&code, &m).unwrap();
    let tampered = hutong::emv::mpm::Mpm::parse_with(&clean, hutong::emv::mpm::Mode::Strict)
        .map(|m| hutong::emv::mpm::MerchantPayload::from(&m))
        .map(|mut p| {
            assert!(p.set_path([64, 1], "测试\u{2060}商店"));
            p.encode().unwrap()
        });
    let tampered = tampered.unwrap();
    let mpm = Mpm::parse(&tampered).unwrap();
    let rules: Vec<_> = mpm.findings().iter().map(|f| (f.rule.id(), f.path.to_string())).collect();
    assert_eq!(rules, [("unsafe-text", "64.01".to_string())]);
    // A unified code admits no finding: the reader refuses it.
    assert_eq!(unified::read(&tampered).map(|u| u.carried).unwrap_err().kind(), ErrorKind::InvalidCharacter);
}

/// SPEC 5.10's worked examples, character for character.
#[test]
fn the_specification_worked_examples() {
    let none = Merchant::default();
    let cases: [(&[&str], Merchant, &str); 3] = [
        (
            &["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"],
            none.clone(),
            "00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz5204000053031565802CN5902NA6002NA63041169",
        ),
        (
            &[
                "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
                "https://qr.alipay.com/bax08123k4y9xyzabc12e045",
                "https://qr.95516.com/00010000/62027533387488456892269917213370",
            ],
            test_shop(),
            "00020101021226620017com.qq.weixin.pay0537weixin://wxpay/bizpayurl?pr=p4lpSuKzz27720018COM.ALIPAY.OPENAPI0546https://qr.alipay.com/bax08123k4y9xyzabc12e04528800010A0000003330562https://qr.95516.com/00010000/62027533387488456892269917213370520458125303156540523.505802CN5909TEST SHOP6008SHENZHEN62120108INV-000164200002ZH0104测试商店0202深圳6304986A",
        ),
        (
            &["weixin://wxpay/bizpayurl?sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A9012&appid=wx0123456789abcdef&mch_id=1230000109&product_id=SKU0001&time_stamp=1700000000&nonce_str=5K8264ILTKCH16CQ"],
            none,
            "00020126990017com.qq.weixin.pay0574weixin://wxpay/bizpayurl?sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A9012&appid=wx01227990017com.qq.weixin.pay91743456789abcdef&mch_id=1230000109&product_id=SKU0001&time_stamp=1700000000&n28500017com.qq.weixin.pay9125once_str=5K8264ILTKCH16CQ5204000053031565802CN5902NA6002NA63042888",
        ),
    ];
    let typings = ["QT04/QET04", "QT04/QET03", "QT03/QET04"];
    for ((codes, merchant, expected), typing) in cases.into_iter().zip(typings) {
        assert_eq!(unified::merge(codes, &merchant).unwrap(), expected);
        let read = unified::read(expected).unwrap();
        assert_eq!(read.carried.iter().map(|c| c.code.as_str()).collect::<Vec<_>>(), codes);
        assert_eq!(read.ecny.to_string(), typing);
    }
}

/// A CRC-terminated payload from its objects (a test builds hostile codes by hand).
fn with_crc(body: &str) -> String {
    let head = format!("{body}6304");
    format!("{head}{:04X}", hutong::emv::crc16(head.as_bytes()))
}

#[test]
fn from_emv_carries_over_or_refuses_naming_the_field() {
    let account = "15313302586030738011474381979297112";
    let tail = "5204541153031565802CN5913SHENZHEN MART6009GUANGZHOU";
    // 01 = 12 stays dynamic even without an amount.
    let dynamic = with_crc(&format!("000201010212{account}{tail}"));
    let code = unified::from_emv(&Mpm::parse(&dynamic).unwrap()).unwrap();
    assert_eq!(Mpm::parse(&code).unwrap().point_of_initiation(), Some("12"));
    assert_eq!(unified::read(&code).unwrap().ecny.to_string(), "QT04/QET02");
    let refused = [
        (format!("000201010211{account}{tail}550201"), "55"),
        (format!("000201010211{account}5204541153031565802MN5913SHENZHEN MART6009GUANGZHOU"), "58"),
        (format!("000201010211{account}5204541153033445802CN5913SHENZHEN MART6009GUANGZHOU"), "53"),
        (format!("000201010211{account}{tail}64140002EN0104TEST"), "64.00"),
        (format!("000201010211{account}{tail}62070703T01"), "62.07"),
        (format!("000201010211{account}26180014br.gov.bcb.pix{tail}"), "26"),
        (format!("000201010211{account}{tail}6106518000"), "61"),
        (format!("000201010211{account}16313302586030738011474381979297112{tail}"), "16"),
        // 62 and 64 whose content is not data objects (lenient mode keeps them raw).
        (format!("000201010211{account}{tail}6203XYZ"), "62"),
        (format!("000201010211{account}{tail}6403XYZ"), "64"),
    ];
    for (payload, path) in refused {
        let payload = with_crc(&payload);
        let mpm = Mpm::parse_with(&payload, Mode::Lenient).unwrap_or_else(|e| panic!("{payload}: {e}"));
        let err = unified::from_emv(&mpm).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WrongFormat, "{payload}: {err}");
        assert_eq!(err.path().map(|p| p.to_string()).as_deref(), Some(path), "{payload}: {err}");
        assert!(err.offset() < payload.len());
    }
}

#[test]
fn merchant_data_outside_the_layout_is_refused_by_the_reader() {
    let m = Merchant { name_zh: "测试商店".into(), bill_number: "INV-1".into(), ..Merchant::default() };
    let code = unified::merge(&["weixin://wxpay/bizpayurl?pr=p4lpSuKzz"], &m).unwrap();
    let edit = |path: &[u8], value: &str| {
        let mut p = hutong::emv::mpm::MerchantPayload::from(&Mpm::parse(&code).unwrap());
        assert!(p.set_path(path, value));
        p.encode().unwrap()
    };
    for (hostile, path) in [(edit(&[58], "HK"), "58"), (edit(&[62, 7], "T1"), "62.07"), (edit(&[64, 0], "EN"), "64.00")]
    {
        let err = unified::read(&hostile).map(|u| u.carried).map(|_| ()).unwrap_err();
        let got = (err.kind(), err.path().map(|p| p.to_string()));
        assert_eq!(got, (ErrorKind::InvalidValue, Some(path.to_string())), "{hostile}: {err}");
    }
    // 64.02 is a Chinese city: allowed.
    assert!(unified::read(&edit(&[64, 2], "深圳")).map(|u| u.carried).is_ok());
}

/// An `alipays://` link around a look-alike host, split across a continuation so that each
/// part looks harmless: the link opens somebody's page, so no Alipay template may carry it.
#[test]
fn a_wrapped_lookalike_is_no_alipay_code() {
    let hostile = "00020101021226990012com.alipay.x0579alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com27550012com.alipay.x9135.evil.cn%2Fbax08123k4y9xyzabc12e0455204000053031565802CN5902NA6002NA80190010alt.hutong010116304DC54";
    let err = unified::read(hostile).map(|u| u.carried).unwrap_err();
    assert_eq!(
        (err.kind(), err.path().map(|p| p.to_string())),
        (ErrorKind::WrongFormat, Some("26.05".into())),
        "{err}"
    );
    assert!(hutong::recognise(hostile).is_err());
    let r = hutong::recognise_with(hostile, hutong::emv::mpm::Mode::Lenient);
    assert!(r.is_err());
}

#[test]
fn merge_takes_a_unified_code_too_and_reads_it_first() {
    let wechat = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
    let alipay = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
    // An aggregated code longer than one template holds (81 characters beside its GUID).
    let long =
        "https://qr.example.com/pay?merchant=M1234567890123456789012345678901234567890123456789012345678901234567890";
    assert!(long.len() > 81);
    let account = "1234567887654321123456789012345";
    let merchant = Merchant { name: "TEST SHOP".into(), city: "SHENZHEN".into(), ..Merchant::default() };
    let first =
        unified::merge(&[wechat, long], &Merchant { unionpay_account: account.into(), ..merchant.clone() }).unwrap();
    // Its codes (the long one spans templates) and its account come out in order, then the rest.
    let merged = unified::merge(&[&first, alipay], &merchant).unwrap();
    assert!(unified::read(&merged).unwrap().codes().eq([account, wechat, long, alipay]), "{merged}");
    // The merchant's own account wins over the one read.
    let other = "8765432112345678123456789012345";
    let merged = unified::merge(&[&first], &Merchant { unionpay_account: other.into(), ..merchant.clone() }).unwrap();
    assert!(unified::read(&merged).unwrap().codes().eq([other, wechat, long]));
    // A unified code is read with every check: one of an unknown version is refused as read refuses it.
    let body = format!("{}80190010alt.hutong010126304", &first[..first.len() - 8]);
    let v2 =
        format!("{body}{}", core::str::from_utf8(&hutong::emv::crc_hex(hutong::emv::crc16(body.as_bytes()))).unwrap());
    let read_err = unified::read(&v2).unwrap_err();
    assert_eq!(read_err.path().map(|p| p.to_string()).as_deref(), Some("80.01"));
    assert_eq!(unified::merge(&[&v2, alipay], &merchant).unwrap_err(), read_err);
}

/// SPEC 5.1: 59, 62.01 and 62.05 hold at most 25 characters, 60 at most 15 (ans, so bytes);
/// 64.01 at most 25 and 64.02 at most 15 characters of any script. The longest value is
/// written and read back; one or two characters more is refused, naming the field.
#[test]
fn merchant_fields_are_accepted_up_to_their_longest_and_refused_beyond() {
    let wechat = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
    type Set = fn(&mut Merchant, String);
    let fields: [(&str, usize, char, Set); 6] = [
        ("59", 25, 'N', |m, v| m.name = v),
        ("60", 15, 'C', |m, v| m.city = v),
        ("62.01", 25, 'B', |m, v| m.bill_number = v),
        ("62.05", 25, 'R', |m, v| m.reference_label = v),
        ("64.01", 25, '店', |m, v| m.name_zh = v),
        ("64.02", 15, '圳', |m, v| {
            m.name_zh = "店".into();
            m.city_zh = v;
        }),
    ];
    for (path, max, c, set) in fields {
        let mut m = Merchant::default();
        let longest: String = std::iter::repeat_n(c, max).collect();
        set(&mut m, longest.clone());
        let code = unified::merge(&[wechat], &m).unwrap_or_else(|e| panic!("{path} of {max}: {e}"));
        let mpm = Mpm::parse(&code).unwrap();
        let ids: Vec<u8> = path.split('.').map(|id| id.parse().unwrap()).collect();
        assert_eq!(mpm.get_path(ids.as_slice()).map(|o| o.value()), Some(longest.as_str()), "{path}");
        for over in [max + 1, max + 2] {
            let mut m = Merchant::default();
            set(&mut m, std::iter::repeat_n(c, over).collect());
            let e = unified::merge(&[wechat], &m).unwrap_err();
            let id = ids[ids.len() - 1];
            assert_eq!(
                (e.kind(), e.offset(), e.path().map(|p| p.to_string())),
                (ErrorKind::TooLong, 0, Some(path.to_string())),
                "{path} of {over}: {e}"
            );
            assert_eq!(
                e.message().to_string(),
                format!("data object {id:02} has {over} characters; its format allows at most {max}"),
                "{path}"
            );
        }
    }
}

/// SPEC 5.2: a carried code is printable ASCII; any other character is refused, quoted, at
/// its byte offset in the code.
#[test]
fn a_character_a_unified_code_cannot_carry_is_quoted_where_it_is() {
    for (code, at, quoted) in
        [("https://pay.example.com/?n=中", 27, "中"), ("https://pay.example.com/?n=xé&m=1", 28, "é")]
    {
        assert!(MerchantCode::parse(code).is_ok(), "{code}");
        let e = unified::from_legacy(code).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::InvalidCharacter, at, None), "{code}: {e}");
        let message = e.message().to_string();
        assert!(
            message.contains(quoted) && message.ends_with("cannot be carried: a carried code is printable ASCII only"),
            "{code}: {message}"
        );
    }
}

/// SPEC 5.1: templates 26-51 are the 26 a unified code has. Twenty-six one-template codes pass
/// the template count (and are then too long for 512 characters); 27 or 28 are refused for
/// the templates they need.
#[test]
fn the_template_count_allows_26_and_refuses_more() {
    let codes: Vec<String> = (0..28).map(|i| format!("https://a.cn/{i}")).collect();
    let take = |n: usize| codes.iter().take(n).map(String::as_str).collect::<Vec<_>>();
    let e = unified::merge(&take(26), &Merchant::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::CapacityExceeded);
    assert!(e.message().to_string().starts_with("the unified code needs "), "{e}");
    assert!(
        e.message().to_string().ends_with(" characters; EMVCo allows at most 512 (carry fewer or shorter codes)"),
        "{e}"
    );
    for n in [27, 28] {
        let e = unified::merge(&take(n), &Merchant::default()).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::CapacityExceeded, 0, None), "{n}: {e}");
        assert_eq!(
            e.message().to_string(),
            format!("the codes need {n} merchant account templates; only 26-51 (26) exist")
        );
    }
    // A code that spans templates counts each of them.
    let long = format!("https://a.cn/{}", "x".repeat(81 * 25));
    let e = unified::merge(&[&long, "https://a.cn/0"], &Merchant::default()).unwrap_err();
    assert_eq!(e.message().to_string(), "the codes need 27 merchant account templates; only 26-51 (26) exist");
}

/// SPEC 5.8: what an EMV code holds beyond a unified code's layout is refused, each object
/// for its own reason; 01 = 11 or 12, 64 with ZH (in any case), a name and a city convert.
#[test]
fn from_emv_names_why_each_object_cannot_be_carried() {
    let account = "15313302586030738011474381979297112";
    let tail = "5204541153031565802CN5913SHENZHEN MART6009GUANGZHOU";
    let generic = "it is not a Chinese provider's template carrying a merchant code";
    let refused = [
        (format!("000201010213{account}{tail}"), "01", 6, "a point of initiation other than 11 or 12"),
        (format!("000201010211{account}5204541153038405802CN"), "53", 55, "a unified code is in CNY (156)"),
        (
            format!("000201010211{account}5204541153031565802HK"),
            "58",
            62,
            "a unified code is for merchants in mainland China (CN)",
        ),
        (format!("000201010211{account}{tail}550201"), "55", 98, "a unified code has no tip or convenience fee"),
        (format!("000201010211{account}{tail}56031.0"), "56", 98, "a unified code has no tip or convenience fee"),
        (format!("000201010211{account}{tail}57011"), "57", 98, "a unified code has no tip or convenience fee"),
        (
            format!("0002010102111531ABCDEFGH12345678123456789012345{tail}"),
            "15",
            12,
            "not a UnionPay International account (8 + 8 digits + 15 letters or digits)",
        ),
        (
            format!("000201010211{account}{tail}62070703T01"),
            "62.07",
            102,
            "a unified code keeps only the bill number (01) and reference label (05) of 62",
        ),
        (
            format!("000201010211{account}{tail}64140002EN0104TEST"),
            "64.00",
            102,
            "a unified code's 64 holds Chinese (ZH) names only",
        ),
        (
            format!("000201010211{account}{tail}64200002ZH0104TEST0302XY"),
            "64.03",
            116,
            "a unified code's 64 holds Chinese (ZH) names only",
        ),
        (format!("000201010211{account}26180014br.gov.bcb.pix{tail}"), "26", 47, generic),
        (format!("000201010211{account}{tail}6106518000"), "61", 98, generic),
    ];
    for (payload, path, offset, why) in refused {
        let payload = with_crc(&payload);
        let mpm = Mpm::parse_with(&payload, Mode::Lenient).unwrap_or_else(|e| panic!("{payload}: {e}"));
        let e = unified::from_emv(&mpm).unwrap_err();
        let got = (e.kind(), e.offset(), e.path().map(|p| p.to_string()));
        assert_eq!(got, (ErrorKind::WrongFormat, offset, Some(path.to_string())), "{payload}: {e}");
        let id = path.rsplit('.').next().unwrap();
        assert_eq!(e.message().to_string(), format!("data object {id} cannot be carried by a unified code: {why}"));
    }
    for (poi, language, dynamic) in [
        ("11", "64200002ZH0104深圳商店0202深圳", false),
        ("12", "64200002zh0104深圳商店0202深圳", true),
        ("11", "64140002Zh0104深圳商店", false),
    ] {
        let payload = with_crc(&format!("0002010102{poi}{account}{tail}{language}"));
        let code = unified::from_emv(&Mpm::parse_with(&payload, Mode::Lenient).unwrap())
            .unwrap_or_else(|e| panic!("{payload}: {e}"));
        let mpm = Mpm::parse(&code).unwrap();
        assert_eq!(mpm.point_of_initiation(), dynamic.then_some("12"), "{payload}: a static code has no 01");
        assert_eq!(mpm.get_path([64, 0]).map(|o| o.value()), Some("ZH"), "{payload}");
        assert_eq!(mpm.get_path([64, 1]).map(|o| o.value()), Some("深圳商店"), "{payload}");
        assert_eq!(mpm.get_path([64, 2]).map(|o| o.value()), language.contains("0202").then_some("深圳"), "{payload}");
        assert!(unified::read(&code).unwrap().codes().eq(["3302586030738011474381979297112"]));
    }
}
