//! Provider forms at the points mutation testing (issue 16) found unasserted: the fields a
//! parsed code gives back, the offsets and messages of its errors, and a built code against
//! the same code parsed. Each test names the rule it holds.

use hutong::emv::mpm::{Mpm, MpmBuilder};
use hutong::providers::{
    carried, AlipayCode, AlipayReceive, BusinessPath, F2fBranch, MerchantCode, Mode1, NativeUp, Pattern, ProviderCode,
    QqKey, QqWalletCode, Registry, UnionPayCode, WeChatCode, WeChatDomain, MAX_INPUT,
};
use hutong::{Error, ErrorKind, Provider};

fn parse(input: &str) -> MerchantCode<'_> {
    MerchantCode::parse(input).unwrap_or_else(|e| panic!("{input}: {}", e.message()))
}

fn error(input: &str) -> Error {
    match MerchantCode::parse(input) {
        Ok(c) => panic!("{input} parsed as {:?}", c.form()),
        Err(e) => e,
    }
}

fn receive<'a>(code: &'a MerchantCode<'_>) -> &'a AlipayReceive<'a> {
    match code.code() {
        ProviderCode::Alipay(AlipayCode::Receive(r)) => r,
        other => panic!("not an Alipay receive code: {other:?}"),
    }
}

fn qq<'a>(code: &'a MerchantCode<'_>) -> &'a QqWalletCode<'a> {
    match code.code() {
        ProviderCode::QqWallet(q) => q,
        other => panic!("not a QQ Wallet code: {other:?}"),
    }
}

// ---- Alipay receive (d.alipay.com): `u()` and `params()` give the parameters as written ----

#[test]
fn alipay_receive_gives_u_and_the_parameters_in_the_order_written() {
    let code = parse("https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=MjA4ODEyMzQ1Njc4OTAxMg%3D%3D");
    let r = receive(&code);
    assert_eq!(r.u(), "MjA4ODEyMzQ1Njc4OTAxMg%3D%3D");
    assert_eq!(r.params().collect::<Vec<_>>(), [("b", "RECEIVE_AC"), ("u", "MjA4ODEyMzQ1Njc4OTAxMg%3D%3D")]);

    // Either order (SPEC.md 6.3): the order written is kept.
    let code = parse("https://d.alipay.com/i/index.htm?u=QUJD&b=RECEIVE_AC");
    let r = receive(&code);
    assert_eq!(r.u(), "QUJD");
    assert_eq!(r.params().collect::<Vec<_>>(), [("u", "QUJD"), ("b", "RECEIVE_AC")]);
}

#[test]
fn alipay_receive_built_gives_u_and_params_and_equals_the_parsed_code() {
    let built = AlipayCode::receive("QUJD").unwrap();
    let AlipayCode::Receive(r) = &built else { panic!("not a receive code: {built:?}") };
    assert_eq!(r.u(), "QUJD");
    assert_eq!(r.params().collect::<Vec<_>>(), [("b", "RECEIVE_AC"), ("u", "QUJD")]);
    // A built code is the same value as the code it writes, parsed: one `&` between the
    // parameters, none before the first.
    let text = built.encode();
    assert_eq!(text, "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=QUJD");
    assert_eq!(parse(&text).code(), &ProviderCode::Alipay(built.clone()));
}

// ---- Alipay wrapper: the error for a wrong saId / appId names the rule of the parameter used ----

#[test]
fn alipay_wrapper_wrong_said_with_qrcode_names_the_scanner() {
    let input =
        "alipays://platformapi/startapp?saId=10000008&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax08123k4y9xyzabc12e045";
    let e = error(input);
    assert_eq!(e.kind(), ErrorKind::WrongFormat);
    assert_eq!(e.offset(), 31);
    assert_eq!(e.message().to_string(), "saId with qrcode= must be 10000007 (the scanner), found \"10000008\"");
}

#[test]
fn alipay_wrapper_wrong_appid_with_url_names_the_web_view() {
    let input =
        "alipays://platformapi/startapp?appId=10000007&url=https%3A%2F%2Fqr.alipay.com%2Fbax08123k4y9xyzabc12e045";
    let e = error(input);
    assert_eq!(e.kind(), ErrorKind::WrongFormat);
    assert_eq!(e.offset(), 31);
    assert_eq!(e.message().to_string(), "appId with url= must be 20000067 (the web view), found \"10000007\"");
}

// ---- QQ Wallet ----

const QQ: &str =
    "https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E5%BC%A0%E4%B8%89&f=wallet";

#[test]
fn qq_wallet_params_are_every_parameter_in_the_order_written() {
    let code = parse(QQ);
    let q = qq(&code);
    assert_eq!(
        q.params().collect::<Vec<_>>(),
        [
            (QqKey::M, "tenpay"),
            (QqKey::A, "1"),
            (QqKey::U, "123456789"),
            (QqKey::Ac, "0A1B2C3D"),
            (QqKey::N, "%E5%BC%A0%E4%B8%89"),
            (QqKey::F, "wallet"),
        ]
    );
    let code = parse("https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&f=wallet");
    assert_eq!(qq(&code).params().collect::<Vec<_>>(), [(QqKey::U, "12345"), (QqKey::F, "wallet")]);
}

#[test]
fn qq_wallet_built_equals_the_parsed_code() {
    let built = QqWalletCode::personal("123456789", "0A1B2C3D", Some("%E5%BC%A0%E4%B8%89")).unwrap();
    assert_eq!(built.encode(), QQ);
    assert_eq!(parse(QQ).code(), &ProviderCode::QqWallet(built));
    let built = QqWalletCode::personal("12345", "ff", None).unwrap();
    let text = built.encode();
    assert_eq!(text, "https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=12345&ac=ff&f=wallet");
    assert_eq!(parse(&text).code(), &ProviderCode::QqWallet(built));
}

#[test]
fn qq_wallet_name_of_257_decoded_bytes_is_one_too_long() {
    // 256 bytes decoded is the most a name may hold; 257 is refused, and the error says 257.
    let at_most = format!("https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&n={}", "a".repeat(256));
    assert_eq!(qq(&parse(&at_most)).get(QqKey::N).map(str::len), Some(256));
    let over = format!("https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&n={}", "a".repeat(257));
    let e = error(&over);
    assert_eq!(e.kind(), ErrorKind::WrongFormat);
    assert_eq!(e.offset(), 54); // the value of n
    assert_eq!(e.message().to_string(), "n (the name), decoded has 257 characters; this form allows 0 to 256");
    // Escapes count once decoded: 86 three-byte characters, 258 bytes, written in 774.
    let escaped = format!("https://i.qianbao.qq.com/wallet/sqrcode.htm?u=12345&n={}", "%E5%BC%A0".repeat(86));
    assert_eq!(error(&escaped).kind(), ErrorKind::WrongFormat);
}

// ---- UnionPay qr.95516.com: the payload's errors are at their byte, past `/<8 digits>/` ----

#[test]
fn unionpay_payload_errors_are_at_the_offending_byte() {
    // The payload starts at byte 30: `https://qr.95516.com` is 20 bytes, then `/00010000/`.
    let e = error("https://qr.95516.com/00010000/62|027533387488456892269917213370");
    assert_eq!(e.kind(), ErrorKind::InvalidCharacter);
    assert_eq!(e.offset(), 32);
    let e = error("https://qr.95516.com/00010000/|");
    assert_eq!(e.offset(), 30);
    // No payload at all: where it would stand, the end of the path.
    let e = error("https://qr.95516.com/00010000/");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 30));
    let e = error("https://qr.95516.com/00010000");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 29));
    let code = parse("https://qr.95516.com/00010000/62027533387488456892269917213370");
    assert!(matches!(
        code.code(),
        ProviderCode::UnionPay(UnionPayCode::Qr {
            institution: "00010000",
            payload: "62027533387488456892269917213370",
            ..
        })
    ));
}

// ---- WeChat Pay ----

fn wechat<'a>(code: &'a MerchantCode<'_>) -> &'a WeChatCode<'a> {
    match code.code() {
        ProviderCode::WeChat(w) => w,
        other => panic!("not a WeChat Pay code: {other:?}"),
    }
}

#[test]
fn wechat_native_up_params_are_both_parameters_in_the_order_written() {
    for (input, params) in [
        ("weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00", [("pr", "NwY5Mz9"), ("groupid", "00")]),
        ("weixin://wxpay/bizpayurl/up?groupid=00&pr=NwY5Mz9", [("groupid", "00"), ("pr", "NwY5Mz9")]),
    ] {
        let code = parse(input);
        let WeChatCode::NativeUp(up) = wechat(&code) else { panic!("{input}: not /up") };
        assert_eq!(up.params().collect::<Vec<_>>(), params, "{input}");
        assert_eq!((up.token(), up.group_id()), ("NwY5Mz9", "00"));
    }
    let built = NativeUp::new("NwY5Mz9", "01").unwrap();
    assert_eq!(built.params().collect::<Vec<_>>(), [("pr", "NwY5Mz9"), ("groupid", "01")]);
}

#[test]
fn wechat_f2f_branch_is_told_by_the_token_prefix() {
    let f2f = parse("wxp://f2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0");
    assert_eq!(wechat(&f2f).f2f_branch(), Some(F2fBranch::F2f));
    let wb = parse("wxp://wbf2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0");
    assert_eq!(wechat(&wb).f2f_branch(), Some(F2fBranch::Wbf2f));
    assert_eq!(WeChatCode::f2f("f2fwbf2f").unwrap().f2f_branch(), Some(F2fBranch::F2f), "only a prefix counts");
    assert_eq!(WeChatCode::f2f("wbf2f").unwrap().f2f_branch(), Some(F2fBranch::Wbf2f));
    // Only `wxp://` codes have a branch.
    assert_eq!(wechat(&parse("weixin://wxpay/bizpayurl?pr=p4lpSuKzz")).f2f_branch(), None);
    assert_eq!(wechat(&parse("https://wx.tenpay.com/f2f?t=AQAAAJmau5%2FexSWV6HOdMOTrYQ0%3D")).f2f_branch(), None);
}

#[test]
fn wechat_business_path_host_is_the_host_its_codes_are_on() {
    use BusinessPath::*;
    use WeChatDomain::*;
    let table = [
        (MaterialQrEntry, Legacy, Some("payapp.weixin.qq.com")),
        (MaterialQrEntry, WechatpayCn, Some("payapp.wechatpay.cn")),
        (QrPayOrder, Legacy, Some("payapp.weixin.qq.com")),
        (QrPayOrder, WechatpayCn, Some("payapp.wechatpay.cn")),
        (SjtQr, Legacy, Some("payapp.weixin.qq.com")),
        (SjtQr, WechatpayCn, Some("payapp.wechatpay.cn")),
        (Md, Legacy, Some("wxpay.tenpay.com")),
        (Md, WechatpayCn, Some("wxpay.wechatpay.cn")),
        (LnkQr, WechatpayCn, Some("sjt.wxpapp.wechatpay.cn")),
        (LnkQr, Legacy, None),
    ];
    for (path, domain, host) in table {
        assert_eq!(path.host(domain), host, "{path:?} {domain:?}");
        // Where there is a host, a code of that family on it parses as that family.
        if let Some(h) = host {
            let input = format!("https://{h}{}AbC123", path.prefix());
            let code = parse(&input);
            let WeChatCode::Business { origin, path: got, .. } = wechat(&code) else { panic!("{input}: not business") };
            assert_eq!((*got, origin.host()), (path, h), "{input}");
        }
    }
}

// ---- The registry ----

#[test]
fn registry_pattern_gives_back_its_parts() {
    let p = Pattern::new(Provider::CmPay, "https", "pay.cmpay.example", "/qr/").unwrap();
    assert_eq!(
        (p.provider(), p.scheme(), p.host(), p.path_prefix()),
        (Provider::CmPay, "https", "pay.cmpay.example", "/qr/")
    );
    let p = Pattern::new(Provider::UnicomPay, "unipay", "wallet", "").unwrap();
    assert_eq!((p.scheme(), p.host(), p.path_prefix()), ("unipay", "wallet", ""));
}

#[test]
fn registry_same_scheme_host_and_prefix_replaces_the_pattern() {
    let mut r = Registry::new();
    r.register(Pattern::new(Provider::CmPay, "https", "pay.cmpay.example", "/qr/").unwrap());
    // Scheme and host compared ignoring case, as codes are matched.
    r.register(Pattern::new(Provider::UnicomPay, "HTTPS", "PAY.CMPAY.EXAMPLE", "/qr/").unwrap());
    assert_eq!(r.patterns().len(), 1);
    assert_eq!(r.parse("https://pay.cmpay.example/qr/AB12").unwrap().provider(), Some(Provider::UnicomPay));
    // Another prefix (compared exactly) is another place: both are kept.
    r.register(Pattern::new(Provider::CmPay, "https", "pay.cmpay.example", "/QR/").unwrap());
    assert_eq!(r.patterns().len(), 2);
}

#[test]
fn registry_keeps_patterns_of_equal_prefix_length_in_the_order_registered() {
    let mut r = Registry::new();
    for host in ["a.example", "b.example", "c.example"] {
        r.register(Pattern::new(Provider::CmPay, "https", host, "/qr/").unwrap());
    }
    r.register(Pattern::new(Provider::CmPay, "https", "d.example", "/qr/long/").unwrap());
    r.register(Pattern::new(Provider::CmPay, "https", "e.example", "").unwrap());
    r.register(Pattern::new(Provider::CmPay, "https", "f.example", "/qr/").unwrap());
    let hosts: Vec<&str> = r.patterns().iter().map(Pattern::host).collect();
    assert_eq!(hosts, ["d.example", "a.example", "b.example", "c.example", "f.example", "e.example"]);
}

#[test]
fn registry_leaves_every_error_but_unrecognised_to_the_built_in_parse() {
    let mut r = Registry::new();
    r.register(Pattern::new(Provider::CmPay, "cmpay", "pay", "").unwrap());
    r.register(Pattern::new(Provider::CmPay, "https", "pay.cmpay.example", "/qr/").unwrap());
    // Longer than any QR symbol holds: refused before any pattern is tried.
    for input in [
        format!("cmpay://pay/{}", "a".repeat(MAX_INPUT)),
        format!("https://pay.cmpay.example/qr/{}", "a".repeat(MAX_INPUT)),
    ] {
        let e = r.parse(&input).unwrap_err();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::TooLong, MAX_INPUT), "{}", &input[..20]);
    }
    // Invisible characters are refused as what they are, registered scheme or not.
    let e = r.parse("cmpay://pay/x\u{200B}y").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 13));
    // An unknown scheme the registry knows is its to match.
    assert_eq!(r.parse("cmpay://pay/xy").unwrap().provider(), Some(Provider::CmPay));
}

// ---- EMVCo MPM: a template's legacy code in a sub-object other than 05 ----

#[test]
fn carried_finds_a_templates_legacy_code_in_any_sub_object_after_the_guid() {
    let build = |subs: Vec<(u8, &'static str)>| {
        MpmBuilder::new()
            .template(26, "com.qq.weixin.pay", subs)
            .merchant_category_code("5812")
            .transaction_currency("156")
            .country_code("CN")
            .merchant_name("TEST SHOP")
            .merchant_city("SHENZHEN")
            .encode()
            .unwrap()
    };
    let native = "weixin://wxpay/bizpayurl?pr=siTObRFz1";
    for subs in [vec![(2, native)], vec![(1, "1367888090"), (3, native)], vec![(5, native)]] {
        let text = build(subs.clone());
        let mpm = Mpm::parse(&text).unwrap();
        let found = carried(&mpm);
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!((found[0].provider, found[0].legacy), (Provider::WeChatPay, Some(native)), "{subs:?}");
    }
    // A template with no code in it carries none: the GUID itself is never taken for one.
    let text = build(vec![(1, "1367888090")]);
    let found = carried(&Mpm::parse(&text).unwrap());
    assert_eq!((found.len(), found[0].legacy), (1, None));
}

#[test]
fn wechat_mode1_params_are_every_parameter_in_the_order_and_spelling_written() {
    let v2 = "weixin://wxpay/bizpayurl?appid=wx0123456789abcdef&sign=6A3F0C1B2D9E8F7A6B5C4D3E2F1A0B9C&mch_id=1230000109&product_id=SKU0001&time_stamp=1700000000&nonce_str=5K8264ILTKCH16CQ";
    let code = parse(v2);
    let WeChatCode::Mode1(m) = wechat(&code) else { panic!("not mode 1") };
    assert_eq!(
        m.params().collect::<Vec<_>>(),
        [
            ("appid", "wx0123456789abcdef"),
            ("sign", "6A3F0C1B2D9E8F7A6B5C4D3E2F1A0B9C"),
            ("mch_id", "1230000109"),
            ("product_id", "SKU0001"),
            ("time_stamp", "1700000000"),
            ("nonce_str", "5K8264ILTKCH16CQ"),
        ]
    );
    let v27 = "weixin://wxpay/bizpayurl?sign=0123456789abcdef0123456789abcdef01234567&appid=wx0123456789abcdef&productid=SKU0001&timestamp=1400000000&noncestr=abc";
    let code = parse(v27);
    let WeChatCode::Mode1(m) = wechat(&code) else { panic!("not mode 1") };
    assert_eq!(
        m.params().collect::<Vec<_>>(),
        [
            ("sign", "0123456789abcdef0123456789abcdef01234567"),
            ("appid", "wx0123456789abcdef"),
            ("productid", "SKU0001"),
            ("timestamp", "1400000000"),
            ("noncestr", "abc"),
        ]
    );
    let built =
        Mode1::v27("0123456789abcdef0123456789abcdef01234567", "wx0123456789abcdef", "SKU0001", "1400000000", "abc")
            .unwrap();
    assert_eq!(
        built.params().map(|(n, _)| n).collect::<Vec<_>>(),
        ["sign", "appid", "productid", "timestamp", "noncestr"]
    );
}

#[test]
fn wechat_native_pr_must_be_1_to_484_letters_and_digits() {
    // Empty: a missing parameter, at the value's place (SPEC.md 6.3: `?pr=` is an error).
    let e = error("weixin://wxpay/bizpayurl?pr=");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 28));
    let e = error("weixin://pay.weixin.qq.com/bizpayurl?pr=");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 40));
    // 484 is the longest token (a 512-byte code_url less its 28-byte start); 485 is refused.
    for host in ["wxpay", "pay.weixin.qq.com"] {
        let longest = format!("weixin://{host}/bizpayurl?pr={}", "a1".repeat(242));
        assert!(matches!(wechat(&parse(&longest)), WeChatCode::Native { token, .. } if token.len() == 484));
        let over = format!("weixin://{host}/bizpayurl?pr={}b", "a1".repeat(242));
        let e = error(&over);
        assert_eq!(e.kind(), ErrorKind::WrongFormat, "{host}");
        assert_eq!(e.message().to_string(), "pr has 485 characters; this form allows 1 to 484");
    }
}

#[test]
fn wechat_native_up_pr_and_groupid_must_be_present_and_within_their_lengths() {
    // Both empty: each is a missing parameter, `pr` first, at its value's place.
    let e = error("weixin://wxpay/bizpayurl/up?pr=&groupid=");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 31));
    let e = error("weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 47));
    // No query at all: missing where the query would stand, the end of the link.
    let e = error("weixin://wxpay/bizpayurl/up");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 27));
    let e = error("weixin://pay.weixin.qq.com/bizpayurl/up");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 39));
    // `pr` up to 484 letters and digits, as in a Native link; 485 is refused.
    for host in ["wxpay", "pay.weixin.qq.com"] {
        let longest = format!("weixin://{host}/bizpayurl/up?pr={}&groupid=00", "a1".repeat(242));
        let code = parse(&longest);
        let WeChatCode::NativeUp(up) = wechat(&code) else { panic!("not /up") };
        assert_eq!((up.token().len(), up.group_id()), (484, "00"));
        let over = format!("weixin://{host}/bizpayurl/up?pr={}b&groupid=00", "a1".repeat(242));
        let e = error(&over);
        assert_eq!(e.message().to_string(), "pr has 485 characters; this form allows 1 to 484", "{host}");
    }
}

#[test]
fn wechat_web_path_of_none_of_the_hosts_forms_names_the_hosts_forms() {
    for (input, expected) in [
        ("https://payapp.weixin.qq.com/other", "/qr/…, /materialqr/entry/…, /qrpay/order/… or /sjt/qr/…"),
        ("https://payapp.wechatpay.cn/md/x", "/qr/…, /materialqr/entry/…, /qrpay/order/… or /sjt/qr/…"),
        ("https://wxpay.tenpay.com/qr/x", "/md/…"),
        ("https://wxpay.wechatpay.cn/other", "/md/…"),
        ("https://sjt.wxpapp.wechatpay.cn/md/x", "/lnk/qr/…"),
    ] {
        let e = error(input);
        let path_at = "https://".len() + input["https://".len()..].find('/').unwrap();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::WrongFormat, path_at), "{input}");
        let message = e.message().to_string();
        assert!(message.ends_with(&format!("; expected {expected}")), "{input}: {message}");
    }
}

#[test]
fn wechat_business_code_errors_are_at_the_offending_byte_after_the_prefix() {
    // `https://wxpay.tenpay.com` is 24 bytes; the code after `/md/` starts at 28.
    let e = error("https://wxpay.tenpay.com/md/abc|def");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 31));
    // `https://payapp.weixin.qq.com` is 28 bytes; after `/materialqr/entry/` (18), 46.
    let e = error("https://payapp.weixin.qq.com/materialqr/entry/|");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 46));
}

#[test]
fn wechat_t_missing_from_an_empty_query_is_at_the_query() {
    // An empty query has no `t`: missing where its value would stand, the query's start (26).
    let e = error("https://wx.tenpay.com/f2f?");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 26));
    // `t=` with no value: at the value's place, past `t=`.
    let e = error("https://wx.tenpay.com/f2f?t=");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 28));
    // The same on payapp: the query of `…/qr/<24-byte id>?` starts at 57.
    let e = error("https://payapp.weixin.qq.com/qr/AQE6DUEcUlWkOyHVkNs_eAzD?");
    assert_eq!((e.kind(), e.offset()), (ErrorKind::MissingParameter, 57));
}
