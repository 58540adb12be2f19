//! Every merchant-code, not-provider, reject and emv-mpm row of tests/data/legacy.tsv
//! against the outcome table of its README, through `MerchantCode::parse`, a `Registry`, and
//! `carried` for EMV rows.

mod common;

use std::collections::BTreeSet;

use hutong::emv::mpm::{Mode, Mpm};
use hutong::providers::{carried, AlipayCode, Form, MerchantCode, Registry, UnionPayCode};
use hutong::{ErrorKind, Provider};

fn rows() -> Vec<(String, String, String, String)> {
    let rows = common::tsv("legacy.tsv");
    assert!(rows.len() >= 50, "expected the full vector file, got {} rows", rows.len());
    rows.into_iter()
        .map(|r| {
            let get = |i: usize| r.get(i).cloned().unwrap_or_default();
            (common::unescape(&get(0)), get(1), get(2), get(3))
        })
        .collect()
}

fn providers(column: &str) -> BTreeSet<Provider> {
    column.split('+').map(|id| id.parse().unwrap_or_else(|_| panic!("unknown provider id {id:?}"))).collect()
}

/// What every successfully parsed code must satisfy.
fn invariants(code: &MerchantCode<'_>, failures: &mut Vec<String>) {
    let input = code.as_str();
    if code.encode() != input {
        failures.push(format!("round trip: {:?}\n    {input}", code.encode()));
    }
    if code.code().encode() != input {
        failures.push(format!("typed round trip\n    {input}"));
    }
    if code.form() != Form::Registered && code.form().provider() != code.provider() {
        failures.push(format!("form {} disagrees with provider {:?}\n    {input}", code.form(), code.provider()));
    }
    match (code.form().is_wrapper(), code.inner()) {
        (true, None) => failures.push(format!("wrapper without a parsed inner code\n    {input}")),
        (false, Some(_)) => failures.push(format!("inner code on a non-wrapper\n    {input}")),
        (true, Some(inner)) if inner.encode() != inner.as_str() => {
            failures.push(format!("inner round trip\n    {input}"))
        }
        _ => {}
    }
    if code.ecny().qet.is_none() {
        failures.push(format!("merchant code without an encoding type\n    {input}"));
    }
}

#[test]
fn merchant_code_rows_are_recognised_and_round_trip() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for (input, kind, provider, note) in rows() {
        if kind != "merchant-code" {
            continue;
        }
        seen += 1;
        let want = providers(&provider);
        match MerchantCode::parse(&input) {
            Ok(code) => {
                if code.provider().map(|p| BTreeSet::from([p])) != Some(want.clone()) {
                    failures.push(format!("{note}: provider {:?}, want {provider}\n    {input}", code.provider()));
                }
                invariants(&code, &mut failures);
            }
            Err(e) => failures.push(format!("{note}: {e}\n    {input}")),
        }
    }
    assert!(seen >= 25, "only {seen} merchant-code rows");
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn merchant_code_rows_have_the_expected_forms_and_typing() {
    let expect = |input: &str, form: &str, typing: &str| {
        let code = MerchantCode::parse(input).unwrap_or_else(|e| panic!("{e}: {input}"));
        assert_eq!((code.form().id(), code.ecny().to_string().as_str()), (form, typing), "{input}");
    };
    for (input, kind, _, note) in rows() {
        if kind != "merchant-code" {
            continue;
        }
        let (form, typing) = match note.as_str() {
            n if n.starts_with("native dynamic") || n.contains("Native sample") => ("wechat-native", "QT04/QET04"),
            n if n.contains("/up variant") => ("wechat-native-up", "QT04/QET04"),
            n if n.contains("mode 1 long") => ("wechat-mode1", "QT03/QET04"),
            n if n.contains("short link") => ("wechat-short", "QT03/QET04"),
            n if n.contains("tenpay f2f") => ("wechat-tenpay-f2f", "QT01/QET04"),
            n if n.contains("payapp") => ("wechat-payapp", "QT01/QET04"),
            n if n.contains("precreate") => ("alipay-qr", "QT04/QET05"),
            n if n.contains("alipays wrapper") => ("alipay-wrapper", "QT04/QET05"),
            n if n.contains("domestic URL") => ("unionpay-qr", "QT03/QET02"),
            n if n.contains("face-to-face") || n.contains("public blog") => ("bestpay-f2f", "QT01/QET03"),
            _ => continue,
        };
        expect(&input, form, typing);
    }
    expect("wxp://f2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0", "wechat-f2f", "QT01/QET04");
    expect("https://qr.alipay.com/tsx11609thmpw9odmvdlxd6", "alipay-qr", "QT01/QET05");
    expect("https://qr.alipay.com/apr5032183v6mq8sye2", "alipay-qr", "QT03/QET05");
}

#[test]
fn not_provider_rows_are_never_attributed() {
    let mut failures = Vec::new();
    for (input, kind, _, note) in rows() {
        if kind != "not-provider" {
            continue;
        }
        if let Ok(code) = MerchantCode::parse(&input) {
            if code.provider().is_some() {
                failures.push(format!("{note}: attributed to {:?}\n    {input}", code.provider()));
            }
            invariants(&code, &mut failures);
        }
        if let Ok(code) = Registry::new().parse(&input) {
            if code.provider().is_some() {
                failures.push(format!("{note}: registry attributed it to {:?}\n    {input}", code.provider()));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn reject_rows_are_errors() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for (input, kind, _, note) in rows() {
        if kind != "reject" {
            continue;
        }
        seen += 1;
        if let Ok(code) = MerchantCode::parse(&input) {
            failures.push(format!("{note}: accepted as {}\n    {input:?}", code.form()));
        }
    }
    assert!(seen >= 3);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn empty_token_is_a_missing_parameter() {
    let e = MerchantCode::parse("weixin://wxpay/bizpayurl?pr=").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingParameter);
    assert_eq!(e.offset(), "weixin://wxpay/bizpayurl?pr=".len());
}

#[test]
fn payment_codes_are_left_to_their_parser() {
    for (input, kind, _, _) in rows() {
        if kind == "payment-code" {
            let e = MerchantCode::parse(&input).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unrecognised, "{input}: {e}");
        }
    }
}

#[test]
fn emv_rows_report_every_carried_provider() {
    let mut failures = Vec::new();
    let mut seen = 0;
    for (input, kind, provider, note) in rows() {
        if kind != "emv-mpm" {
            continue;
        }
        seen += 1;
        let e = MerchantCode::parse(&input).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unrecognised, "EMV payloads are not merchant URL codes");
        let mpm = match Mpm::parse(&input).or_else(|_| Mpm::parse_with(&input, Mode::Lenient)) {
            Ok(m) => m,
            Err(e) => {
                failures.push(format!("{note}: {e}\n    {input}"));
                continue;
            }
        };
        let got: BTreeSet<Provider> = carried(&mpm).iter().map(|c| c.provider).collect();
        if got != providers(&provider) {
            failures.push(format!("{note}: carried {got:?}, want {provider}\n    {input}"));
        }
        for c in carried(&mpm) {
            if c.provider == Provider::UnionPay && c.path.ids() == [15] && c.unionpay.is_none() {
                failures.push(format!("{note}: tag 15 not typed\n    {input}"));
            }
        }
    }
    assert!(seen >= 2);
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn the_registry_agrees_with_the_built_in_parser_on_every_row() {
    let registry = Registry::new();
    for (input, _, _, _) in rows() {
        let a = MerchantCode::parse(&input);
        let b = registry.parse(&input);
        assert_eq!(a, b, "{input}");
    }
}

// ---- EMVCo MPM codes that carry Chinese providers (SPEC.md section 6.4) ----

/// A payload from data objects (`(id, value)`, templates pre-built with [`tlv`]) with its CRC.
fn mpm(objects: &[(u8, &str)]) -> String {
    let mut s: String = objects.iter().map(|(id, v)| tlv(*id, v)).collect();
    s.push_str("6304");
    let crc = hutong::emv::crc_hex(hutong::emv::crc16(s.as_bytes()));
    s.push_str(std::str::from_utf8(&crc).unwrap());
    s
}

fn tlv(id: u8, value: &str) -> String {
    format!("{id:02}{:02}{value}", value.chars().count())
}

const MONGOLIA: &str = "0002010102121531422604964226049600000000001020417810017com.qq.weixin.pay01091367888090202NT0537weixin://wxpay/bizpayurl?pr=siTObRFz126540014A00000084300010108HPSMMNUB0220MN09005151019910985533410037A111278300000000.alipayplus.v2025051351120008songo.mn5204581153034965406102.435802MN5916Songo.mn-Eastpay6011ULAANBAATAR62340125HPSM2506121043450000000065201180240014A0000008430001010201630412F8";

#[test]
fn mongolian_code_carries_unionpay_wechat_in_17_and_alipay_plus() {
    let m = Mpm::parse_with(MONGOLIA, Mode::Lenient).unwrap();
    let found = carried(&m);
    let summary: Vec<(Provider, String)> = found.iter().map(|c| (c.provider, c.path.to_string())).collect();
    assert_eq!(
        summary,
        [(Provider::UnionPay, "15".into()), (Provider::WeChatPay, "17".into()), (Provider::AlipayPlus, "33".into())]
    );
    let up = found[0].unionpay.expect("tag 15 has the 31-character layout");
    assert_eq!((up.acquirer_iin(), up.forwarding_iin(), up.merchant_id()), ("42260496", "42260496", "000000000010204"));
    assert_eq!(up.encode(), "4226049642260496000000000010204");
    let wx = &found[1];
    assert_eq!((wx.guid, wx.merchant_id), (Some("com.qq.weixin.pay"), Some("136788809")));
    assert_eq!(wx.legacy, Some("weixin://wxpay/bizpayurl?pr=siTObRFz1"));
    assert_eq!(wx.legacy_code().map(|c| c.form()), Some(Form::WeChatNative));
    assert_eq!(found[2].guid, Some("A111278300000000.alipayplus.v20250513"));
    // 17 stays a primitive for encoding: the payload is untouched.
    assert_eq!(m.value(17).map(str::len), Some(81));
}

#[test]
fn sgqr_templates_by_guid_in_any_case() {
    let real = "0002010102111531480007024800070280007025499435326590011COM.REMOPAY0110200000033802040000030400010404000099020127330015SG.COM.DASH.WWW0110100210041328650017COM.QQ.WEIXIN.PAY0110100000033702040000030400010404000099020129720013sg.com.ezlink0114FMP-10000003380204SGQR0317NPL-0001-0000000004046AF951800007SG.SGQR01121809072DDA29020701.00010306058602040200050200060400000708201809155204000053037025802SG5909hisenyuan6009Singapore63044F90";
    let m = Mpm::parse_with(real, Mode::Lenient).unwrap();
    let found: Vec<_> = carried(&m).iter().map(|c| (c.provider, c.path.to_string(), c.merchant_id)).collect();
    assert_eq!(
        found,
        [(Provider::UnionPay, "15".into(), None), (Provider::WeChatPay, "28".into(), Some("1000000337"))]
    );

    let wechat = tlv(0, "COM.QQ.WEIXIN.PAY") + &tlv(1, "1234567890") + &tlv(2, "1234");
    let alipay = tlv(0, "COM.ALIPAY.OPENAPI") + &tlv(1, "2088000000000001") + &tlv(99, "01");
    let union = tlv(0, "A000000333010101") + &tlv(1, "12345678");
    let other = tlv(0, "SG.PAYNOW") + &tlv(1, "2") + &tlv(2, "201403121W");
    let code = mpm(&[
        (0, "01"),
        (1, "11"),
        (26, &other),
        (29, &alipay),
        (34, &wechat),
        (40, &union),
        (52, "5812"),
        (53, "702"),
        (58, "SG"),
        (59, "SHOP"),
        (60, "SINGAPORE"),
    ]);
    let m = Mpm::parse(&code).unwrap();
    let found: Vec<_> = carried(&m).iter().map(|c| (c.provider, c.path.to_string())).collect();
    assert_eq!(
        found,
        [(Provider::Alipay, "29".into()), (Provider::WeChatPay, "34".into()), (Provider::UnionPay, "40".into()),]
    );
}

#[test]
fn wechat_template_in_26_51_exposes_its_code_url_and_rejects_a_foreign_05() {
    let good = tlv(0, "Com.QQ.Weixin.Pay")
        + &tlv(1, "136788809")
        + &tlv(2, "NT")
        + &tlv(5, "weixin://wxpay/bizpayurl?pr=p4lpSuKzz");
    let fake = tlv(0, "com.qq.weixin.pay") + &tlv(5, "https://qr.alipay.com/bax05495yze5bw2eicub50f0");
    let code = mpm(&[
        (0, "01"),
        (1, "12"),
        (30, &good),
        (31, &fake),
        (52, "5411"),
        (53, "156"),
        (58, "CN"),
        (59, "X"),
        (60, "Y"),
    ]);
    let m = Mpm::parse(&code).unwrap();
    let found = carried(&m);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].legacy, Some("weixin://wxpay/bizpayurl?pr=p4lpSuKzz"));
    assert_eq!(found[1].legacy, None, "an Alipay URL is not WeChat's code_url");
}

#[test]
fn rid_a000000843_is_not_alipay_plus_and_unknown_guids_are_skipped() {
    let mn = tlv(0, "A0000008430001") + &tlv(1, "HPSMMNUB");
    let code = mpm(&[(0, "01"), (1, "11"), (26, &mn), (52, "5411"), (53, "496"), (58, "MN"), (59, "X"), (60, "Y")]);
    assert!(carried(&Mpm::parse(&code).unwrap()).is_empty());
}

// ---- Forms, typing and constructors ----

#[test]
fn every_form_has_a_distinct_stable_id() {
    let ids: BTreeSet<&str> = Form::ALL.iter().map(|f| f.id()).collect();
    assert_eq!(ids.len(), Form::ALL.len());
    for &f in Form::ALL {
        assert_eq!(f.id().parse::<Form>(), Ok(f));
    }
}

#[test]
fn forms_beyond_the_vectors() {
    let cases = [
        ("weixin://wxpay/bizpayurl?sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A0B9C&appid=wx0123456789abcdef&mch_id=1230000109&product_id=SKU0001&time_stamp=1700000000&nonce_str=5K8264ILTKCH16CQ", "wechat-mode1", "QT03/QET04"),
        ("weixin://wxpay/bizpayurl?sign=0123456789abcdef0123456789abcdef01234567&appid=wx0123456789abcdef&productid=SKU0001&timestamp=1400000000&noncestr=abc", "wechat-mode1", "QT03/QET04"),
        ("weixin://pay.weixin.qq.com/bizpayurl/up?pr=NwY5Mz9&groupid=00", "wechat-native-up", "QT04/QET04"),
        ("weixin://wxpay/bizpayurl?sr=123456789", "wechat-native", "QT04/QET04"),
        ("wxp://wbf2f0abcdefghijklmnopqrstuvwxyz012345==", "wechat-f2f", "QT01/QET04"),
        ("https://payapp.weixin.qq.com/materialqr/entry/home?id=AbC123", "wechat-business", "QT03/QET04"),
        ("https://sjt.wxpapp.wechatpay.cn/lnk/qr/Zz9", "wechat-business", "QT03/QET04"),
        ("HTTPS://QR.ALIPAY.COM/FKX06148QMZIJDXGPKXXE7", "alipay-qr", "QT01/QET05"),
        ("https://qr.alipay.com/stx00123abcdefghijklm?_s=web-other", "alipay-qr", "QT03/QET05"),
        ("alipayqr://platformapi/startapp?saId=10000007&clientVersion=3.7.0.0718&qrcode=https%3A%2F%2Fqr.alipay.com%2Ffkx06148qmzijdxgpkxxe7", "alipay-wrapper", "QT01/QET05"),
        ("alipays://platformapi/startApp?appId=20000067&url=https%3A%2F%2Fpay.example.cn%2Fc%2F1", "alipay-wrapper", "QT03/QET05"),
        ("https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=MjA4ODEyMzQ1Njc4OTAxMg==", "alipay-receive", "QT01/QET05"),
        ("https://qr.95516.com/01020001/wcqr?f=ICBCqr&X=1&T=3&P=13&I=0200&N=abc&L=1", "unionpay-qr", "QT03/QET02"),
        ("https://qr.95516.com/01052400/CCB997105000889991220Y105000889991220000110282623", "unionpay-qr", "QT03/QET02"),
        ("https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fwx.tenpay.com%2Ff2f%3Ft%3DAQAAAJmau5%252FexSWV6HOdMOTrYQ0%253D", "unionpay-gateway", "QT01/QET02"),
        ("https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E5%BC%A0%E4%B8%89&f=wallet", "qq-wallet", "QT01/QET03"),
        ("dcep://uniwallet/unipay", "ecny-app", "QT04/QET01"),
        ("https://pay.example.cn/cashier/#/hub/Q8f3kLm2", "aggregated", "QT03/QET03"),
        ("http://qpay.mn/q/?q=000201", "aggregated", "QT03/QET03"),
    ];
    for (input, form, typing) in cases {
        let code = MerchantCode::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!((code.form().id(), code.ecny().to_string().as_str()), (form, typing), "{input}");
        assert_eq!(code.encode(), input);
    }
    // The gateway's inner tenpay code keeps its own escapes once decoded.
    let gw = MerchantCode::parse(cases[14].0).unwrap();
    assert_eq!(gw.inner().unwrap().as_str(), "https://wx.tenpay.com/f2f?t=AQAAAJmau5%2FexSWV6HOdMOTrYQ0%3D");
}

#[test]
fn malformed_provider_codes_are_errors_of_the_right_kind() {
    use ErrorKind::*;
    let cases = [
        ("weixin://wxpay/bizpayurl", MissingParameter),
        ("weixin://wxpay/bizpayurl?", MissingParameter),
        ("weixin://wxpay/bizpayurl/up?pr=abc", MissingParameter),
        ("weixin://wxpay/bizpayurl/up?pr=&groupid=00", MissingParameter),
        ("weixin://wxpay/bizpayurl?pr=abc_def", InvalidCharacter),
        ("weixin://wxpay/bizpayurl?pr", InvalidUrl),
        ("weixin://wxpay/s/", MissingParameter),
        ("weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&productid=x&time_stamp=1&nonce_str=x", WrongFormat),
        ("weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=x&time_stamp=1&nonce_str=x&productid=y", WrongFormat), // both spellings (SPEC 6.1), as V2.7 + mch_id is
        ("weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wx12&mch_id=1243409657&product_id=x&time_stamp=1&nonce_str=x", WrongFormat),
        ("weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&product_id=x&time_stamp=1&nonce_str=x", MissingParameter),
        ("wxp://", MissingParameter),
        ("wxp://abc", WrongFormat),
        ("wxp://f2f0abc?x=1", WrongFormat),
        ("https://wx.tenpay.com/f2f", MissingParameter),
        ("https://wx.tenpay.com/f2f?t=", MissingParameter),
        ("https://wx.tenpay.com/f2f?t=AQ%3DAA", InvalidCharacter),
        ("https://wx.tenpay.com/f2f?t=AQ%2", InvalidUrl),
        ("https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1", WrongFormat),
        ("https://payapp.weixin.qq.com/", WrongFormat),
        ("https://payapp.weixin.qq.com/qr/", MissingParameter),
        ("https://payapp.weixin.qq.com/materialqr/entry/", MissingParameter),
        ("https://qr.alipay.com", MissingParameter),
        ("https://qr.alipay.com/", MissingParameter),
        ("https://qr.alipay.com/bax05495yze5bw2eicub50f0#x", WrongFormat),
        ("https://qr.alipay.com:8443/bax05495yze5bw2eicub50f0", InvalidUrl),
        ("https://d.alipay.com/i/index.htm?b=TRANSFER&u=abc", WrongFormat),
        ("https://d.alipay.com/i/index.htm?b=RECEIVE_AC", MissingParameter),
        ("https://qr.95516.com/12345678", MissingParameter),
        ("https://qr.95516.com/1234567/62", WrongFormat),
        ("https://qr.95516.com/qrcGtwWeb-web/api/open", MissingParameter),
        ("https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=62", WrongFormat),
        ("http://m.bestpay.com.cn/#/apa/face2face", MissingParameter),
        ("http://m.bestpay.com.cn/#/apa/abc", WrongFormat),
        ("https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay", MissingParameter),
        ("https://i.qianbao.qq.com/wallet/sqrcode.htm?u=123456789&n=%E2%80%AEabc", InvalidCharacter),
        ("dcep://uniwallet/startApp", WrongFormat),
        ("alipays://platformapi/startapp?saId=10000007", WrongFormat),
        ("alipays://platformapi/startapp?qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax1", MissingParameter),
        ("alipays://platformapi/startapp?saId=10000007&qrcode=a&qrcode=b", InvalidUrl),
        (
            "alipays://platformapi/startapp?saId=10000007&qrcode=alipays%3A%2F%2Fplatformapi%2Fstartapp%3FsaId%3D10000007%26qrcode%3Dx",
            WrongFormat,
        ),
        ("ftp://qr.alipay.com/bax", Unrecognised),
        ("qr.alipay.com/bax05495yze5bw2eicub50f0", Unrecognised),
        ("", Empty),
    ];
    for (input, kind) in cases {
        match MerchantCode::parse(input) {
            Ok(c) => panic!("{input}: accepted as {}", c.form()),
            Err(e) => {
                assert_eq!(e.kind(), kind, "{input}: {e}");
                assert!(e.offset() <= input.len(), "{input}: offset {}", e.offset());
            }
        }
    }
}

#[test]
fn constructors_check_their_fields() {
    use hutong::providers::{AlipayCode, BestpayCode, Mode1, QqWalletCode, UnionPayAccount, UnionPayCode, WeChatCode};
    assert_eq!(WeChatCode::native("").unwrap_err().kind(), ErrorKind::MissingParameter);
    assert_eq!(WeChatCode::native("a b").unwrap_err().kind(), ErrorKind::InvalidCharacter);
    assert_eq!(WeChatCode::short(&"a".repeat(49)).unwrap_err().kind(), ErrorKind::WrongFormat);
    assert_eq!(WeChatCode::f2f("xyz123").unwrap_err().kind(), ErrorKind::WrongFormat);
    assert!(Mode1::v2("ABC", "wx0123456789abcdef", "1", "p", "1", "n").is_err(), "short sign");
    assert!(AlipayCode::qr("bax-1", None).is_err());
    assert!(AlipayCode::wrap("not a code").is_err());
    assert!(AlipayCode::wrap(&AlipayCode::wrap("https://qr.alipay.com/bax1").unwrap().encode()).is_err(), "no nesting");
    assert!(UnionPayCode::qr("0001000", "62", None).is_err());
    assert!(BestpayCode::f2f("").is_err());
    assert!(QqWalletCode::personal("12", "ab", None).is_err());
    assert!(UnionPayAccount::parse("123").is_err());
    assert_eq!(
        AlipayCode::wrap("https://qr.alipay.com/bax05495yze5bw2eicub50f0").unwrap().encode(),
        "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax05495yze5bw2eicub50f0"
    );
    assert_eq!(
        UnionPayCode::gateway("weixin://wxpay/bizpayurl?pr=p4lpSuKzz").unwrap().encode(),
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=weixin%3A%2F%2Fwxpay%2Fbizpayurl%3Fpr%3Dp4lpSuKzz"
    );
    let acct = UnionPayAccount::new("25000344", "00020344", "500034470110001").unwrap();
    assert_eq!(acct.encode(), "2500034400020344500034470110001");
}

// ---- The registry ----

#[test]
fn registry_adds_providers_without_taking_over_built_in_ones() {
    use hutong::providers::Pattern;
    let mut r = Registry::new();
    r.register(Pattern::new(Provider::CmPay, "https", "pay.cmpay.example", "/qr/").unwrap());
    r.register(Pattern::new(Provider::UnicomPay, "https", "pay.cmpay.example", "/qr/unicom/").unwrap());
    r.register(Pattern::new(Provider::CmPay, "cmpay", "pay", "").unwrap());
    assert_eq!(r.patterns().len(), 3);

    let code = r.parse("HTTPS://PAY.CMPAY.EXAMPLE/qr/AB12?x=1#f").unwrap();
    assert_eq!((code.form(), code.provider()), (Form::Registered, Some(Provider::CmPay)));
    assert_eq!(code.encode(), "HTTPS://PAY.CMPAY.EXAMPLE/qr/AB12?x=1#f");
    assert_eq!(code.ecny().to_string(), "QT03/QET03");
    assert_eq!(
        r.parse("https://pay.cmpay.example/qr/unicom/1").unwrap().provider(),
        Some(Provider::UnicomPay),
        "longest prefix"
    );
    assert_eq!(r.parse("cmpay://pay/x?y=1").unwrap().provider(), Some(Provider::CmPay));
    // Not matched: other paths, ports, lookalikes stay aggregated or unrecognised.
    assert_eq!(r.parse("https://pay.cmpay.example/other").unwrap().form(), Form::Aggregated);
    assert_eq!(r.parse("https://pay.cmpay.example:8443/qr/AB12").unwrap().form(), Form::Aggregated);
    assert_eq!(r.parse("https://pay.cmpay.example.evil.cn/qr/AB12").unwrap().provider(), None);
    assert!(r.parse("https://pay.cmpay.example@evil.cn/qr/AB12").is_err());
    assert_eq!(r.parse("cmpayx://pay/x").unwrap_err().kind(), ErrorKind::Unrecognised);
    assert_eq!(MerchantCode::parse("cmpay://pay/x").unwrap_err().kind(), ErrorKind::Unrecognised);
    // Built-in forms first; their hosts and schemes cannot be registered.
    assert_eq!(r.parse("https://qr.alipay.com/bax05495yze5bw2eicub50f0").unwrap().provider(), Some(Provider::Alipay));
    for (scheme, host) in [("https", "QR.ALIPAY.COM"), ("https", "qr.95516.com"), ("weixin", "wxpay"), ("alipays", "x")]
    {
        assert_eq!(
            Pattern::new(Provider::CmPay, scheme, host, "/").unwrap_err().kind(),
            ErrorKind::WrongFormat,
            "{host}"
        );
    }
    assert!(Pattern::new(Provider::CmPay, "https", "a@b", "/").is_err());
    assert!(Pattern::new(Provider::CmPay, "https://", "a.b", "/").is_err());
    assert!(Pattern::new(Provider::CmPay, "https", "a.b", "x").is_err());
    let typed =
        Pattern::new(Provider::Ecny, "https", "ecny.example", "/").unwrap().with_typing(hutong::ecny::EcnyTyping {
            qt: hutong::ecny::CodeType::MerchantDynamic,
            qet: Some(hutong::ecny::EncodingType::Ecny),
        });
    r.register(typed);
    assert_eq!(r.parse("https://ecny.example/p").unwrap().ecny().to_string(), "QT04/QET01");
}

#[test]
fn a_wrappers_inner_code_is_a_merchant_code_of_its_own() {
    let cases = [
        (
            "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax05495yze5bw2eicub50f0",
            "https://qr.alipay.com/bax05495yze5bw2eicub50f0",
            Form::AlipayQr,
            Some(Provider::Alipay),
        ),
        (
            "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=weixin%3A%2F%2Fwxpay%2Fbizpayurl%3Fpr%3Dp4lpSuKzz",
            "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
            Form::WeChatNative,
            Some(Provider::WeChatPay),
        ),
        (
            "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fpay.example.cn%2Fq%2F1",
            "https://pay.example.cn/q/1",
            Form::Aggregated,
            None,
        ),
    ];
    for (wrapper, text, form, provider) in cases {
        let code = MerchantCode::parse(wrapper).unwrap_or_else(|e| panic!("{wrapper}: {e}"));
        let inner = code.inner().expect("a wrapper has an inner code");
        assert_eq!((inner.as_str(), inner.form(), inner.provider()), (text, form, provider), "{wrapper}");
        assert_eq!(inner.encode(), text);
        let parsed = inner.code().expect("the inner code parses");
        assert_eq!((parsed.as_str(), parsed.form()), (text, form));
    }
    assert!(MerchantCode::parse("https://qr.alipay.com/bax05495yze5bw2eicub50f0").unwrap().inner().is_none());
    // A wrapper inside a wrapper is refused wherever it would be read or built.
    let nested = "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=alipays%3A%2F%2Fplatformapi%2Fstartapp%3FsaId%3D10000007%26qrcode%3Dhttps%253A%252F%252Fqr.alipay.com%252Fbax1";
    assert!(MerchantCode::parse(nested).is_err());
    let alipay_wrapper = AlipayCode::wrap("https://qr.alipay.com/bax05495yze5bw2eicub50f0").unwrap().encode();
    assert!(UnionPayCode::gateway(&alipay_wrapper).is_err());
    assert!(UnionPayCode::gateway("not a code").is_err());
}
