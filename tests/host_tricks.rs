//! Lookalike and smuggling forms for every provider host and app scheme: none may be
//! attributed to the real provider. Characters that can hide what a code says are errors
//! wherever they stand.

use hutong::providers::{provider_hosts, Form, MerchantCode, Registry};
use hutong::{ErrorKind, Provider};

/// A valid code on every built-in host and app scheme, with its host (or scheme prefix).
const SAMPLES: &[(&str, &str, Provider)] = &[
    ("qr.alipay.com", "https://qr.alipay.com/bax05495yze5bw2eicub50f0", Provider::Alipay),
    ("d.alipay.com", "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=MjA4ODEyMzQ1Njc4OTAxMg%3D%3D", Provider::Alipay),
    ("wx.tenpay.com", "https://wx.tenpay.com/f2f?t=AQAAAJmau5%2FexSWV6HOdMOTrYQ0%3D", Provider::WeChatPay),
    ("payapp.weixin.qq.com", "https://payapp.weixin.qq.com/qr/AQE6DUEcUlWkOyHVkNs_eAzD?t=AQAC#wechat_pay", Provider::WeChatPay),
    ("payapp.wechatpay.cn", "https://payapp.wechatpay.cn/qr/O2pjVwp6sc_VEn2KnPoYLgTa?t=qZsF#wechat_pay", Provider::WeChatPay),
    ("payapp.wechatpay.cn", "https://payapp.wechatpay.cn/materialqr/entry/AbC123", Provider::WeChatPay),
    ("payapp.weixin.qq.com", "https://payapp.weixin.qq.com/qrpay/order/XyZ789?a=1", Provider::WeChatPay),
    ("payapp.weixin.qq.com", "https://payapp.weixin.qq.com/sjt/qr/Q1w2E3", Provider::WeChatPay),
    ("wxpay.tenpay.com", "https://wxpay.tenpay.com/md/abc_DEF-123", Provider::WeChatPay),
    ("wxpay.wechatpay.cn", "https://wxpay.wechatpay.cn/md/abc_DEF-123", Provider::WeChatPay),
    ("sjt.wxpapp.wechatpay.cn", "https://sjt.wxpapp.wechatpay.cn/lnk/qr/Zz9", Provider::WeChatPay),
    ("qr.95516.com", "https://qr.95516.com/00010000/62027533387488456892269917213370", Provider::UnionPay),
    (
        "qr.95516.com",
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=weixin%3A%2F%2Fwxpay%2Fbizpayurl%3Fpr%3Dp4lpSuKzz",
        Provider::UnionPay,
    ),
    ("m.bestpay.com.cn", "http://m.bestpay.com.cn/#/apa/FGiZYrDFdNiIuTdTNUface2face", Provider::Bestpay),
    (
        "i.qianbao.qq.com",
        "https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E5%BC%A0%E4%B8%89&f=wallet",
        Provider::QqWallet,
    ),
];

const APP_SAMPLES: &[(&str, &str, Provider)] = &[
    ("weixin://wxpay", "weixin://wxpay/bizpayurl?pr=p4lpSuKzz", Provider::WeChatPay),
    ("weixin://wxpay", "weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00", Provider::WeChatPay),
    ("weixin://wxpay", "weixin://wxpay/s/UFM6TZRtR", Provider::WeChatPay),
    ("wxp://", "wxp://f2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0", Provider::WeChatPay),
    (
        "alipays://platformapi",
        "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax05495yze5bw2eicub50f0",
        Provider::Alipay,
    ),
    ("dcep://uniwallet", "dcep://uniwallet/unipay?x=1", Provider::Ecny),
];

/// `input` must be an error or a code with no provider, through both entry points.
fn not_attributed(input: &str, why: &str) -> Result<(), String> {
    for (entry, got) in [("parse", MerchantCode::parse(input)), ("registry", Registry::new().parse(input))] {
        if let Ok(code) = got {
            if let Some(p) = code.provider() {
                return Err(format!("{why}: {entry} attributed {input:?} to {p}"));
            }
            if code.encode() != input {
                return Err(format!("{why}: {entry} round trip changed {input:?}"));
            }
        }
    }
    Ok(())
}

fn is_error(input: &str, kind: ErrorKind, why: &str) -> Result<(), String> {
    match MerchantCode::parse(input) {
        Err(e) if e.kind() == kind => Ok(()),
        Err(e) => Err(format!("{why}: {input:?} gave {:?} ({e}), want {kind:?}", e.kind())),
        Ok(c) => Err(format!("{why}: {input:?} accepted as {} / {:?}", c.form(), c.provider())),
    }
}

fn run(checks: impl IntoIterator<Item = Result<(), String>>) {
    let failures: Vec<String> = checks.into_iter().filter_map(Result::err).collect();
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_sample_is_recognised_and_the_table_is_covered() {
    for &(_, url, provider) in SAMPLES.iter().chain(APP_SAMPLES) {
        let code = MerchantCode::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(code.provider(), Some(provider), "{url}");
        assert_eq!(code.encode(), url);
    }
    for (host, _) in provider_hosts() {
        assert!(SAMPLES.iter().any(|(h, ..)| *h == host), "no sample for {host}");
    }
}

#[test]
fn suffix_prefix_and_sub_domains_are_other_hosts() {
    run(SAMPLES.iter().flat_map(|&(host, url, _)| {
        let tail = url.split_once(host).map_or("", |(_, t)| t);
        let scheme = url.split_once("://").map_or("https", |(s, _)| s);
        [
            format!("{scheme}://{host}.evil.cn{tail}"),
            format!("{scheme}://{host}.cn{tail}"),
            format!("{scheme}://{host}-evil.cn{tail}"),
            format!("{scheme}://evil{host}{tail}"),
            format!("{scheme}://evil.{host}{tail}"),
            format!("{scheme}://{}{tail}", host.to_uppercase() + ".EVIL.CN"),
            format!("{scheme}://x{}{tail}", host.get(1..).unwrap_or_default()),
        ]
        .map(|u| not_attributed(&u, "other host"))
    }));
}

#[test]
fn userinfo_is_refused() {
    run(SAMPLES.iter().flat_map(|&(host, url, _)| {
        let tail = url.split_once(host).map_or("", |(_, t)| t);
        [
            is_error(&format!("https://{host}@evil.cn{tail}"), ErrorKind::InvalidUrl, "provider as user"),
            is_error(&format!("https://{host}:443@evil.cn{tail}"), ErrorKind::InvalidUrl, "provider as user:pass"),
            is_error(&format!("https://evil.cn@{host}{tail}"), ErrorKind::InvalidUrl, "user before the real host"),
            is_error(&format!("https://{host}%40evil.cn{tail}"), ErrorKind::InvalidUrl, "escaped @"),
            not_attributed(&format!("https://{host}%2F@evil.cn{tail}"), "escaped slash before @"),
        ]
    }));
}

#[test]
fn a_provider_host_in_the_path_query_or_fragment_is_not_the_host() {
    run(SAMPLES.iter().chain(APP_SAMPLES).flat_map(|&(_, url, _)| {
        let escaped = hutong::providers::url::percent_encode_component(url);
        [
            format!("https://evil.cn/{}", url.split_once("://").map_or(url, |(_, r)| r)),
            format!("https://evil.cn/?u={url}"),
            format!("https://evil.cn/?u={escaped}"),
            format!("https://evil.cn/r?to={escaped}&x=1"),
            format!("https://evil.cn/#{}", url.split_once("://").map_or(url, |(_, r)| r)),
            format!("https://evil.cn?{url}"),
        ]
        .map(|u| not_attributed(&u, "provider URL inside another URL"))
    }));
}

#[test]
fn digit_for_letter_and_unicode_lookalikes_are_other_hosts() {
    let swaps = [
        ('o', '0'),
        ('l', '1'),
        ('i', '1'),
        ('e', '3'),
        ('a', '4'),
        ('s', '5'),
        ('b', '6'),
        ('t', '7'),
        ('g', '9'),
        ('m', 'n'),
    ];
    let mut checks = Vec::new();
    for &(host, url, _) in SAMPLES {
        for (i, c) in host.char_indices() {
            for &(from, to) in &swaps {
                if c == from {
                    let mut fake = String::from(host);
                    fake.replace_range(i..i + 1, &to.to_string());
                    checks.push(not_attributed(&url.replacen(host, &fake, 1), "digit for letter"));
                }
            }
            // A Cyrillic lookalike or an ideographic full stop: non-ASCII hosts are errors.
            let unicode = match c {
                'a' => Some("а"),
                'o' => Some("о"),
                'e' => Some("е"),
                'p' => Some("р"),
                'c' => Some("с"),
                '.' => Some("。"),
                _ => None,
            };
            if let Some(u) = unicode {
                let mut fake = String::from(host);
                fake.replace_range(i..i + 1, u);
                checks.push(is_error(&url.replacen(host, &fake, 1), ErrorKind::InvalidUrl, "unicode lookalike"));
            }
        }
        checks.push(not_attributed(&url.replacen(host, &format!("xn--{}", host.replace('.', "-")), 1), "punycode"));
        checks.push(not_attributed(&url.replacen(host, &format!("xn--80ak6aa92e.{host}"), 1), "punycode subdomain"));
        checks.push(not_attributed(&url.replacen(host, &host.replace('.', "-"), 1), "dots as dashes"));
        checks.push(not_attributed(&url.replacen(host, &host.replacen('.', "", 1), 1), "dot dropped"));
    }
    run(checks);
}

#[test]
fn backslashes_escapes_trailing_dots_and_ports_are_refused() {
    run(SAMPLES.iter().flat_map(|&(host, url, _)| {
        let tail = url.split_once(host).map_or("", |(_, t)| t);
        [
            is_error(&format!("https://{host}\\@evil.cn{tail}"), ErrorKind::InvalidUrl, "backslash before @"),
            is_error(&format!("https://evil.cn\\{host}{tail}"), ErrorKind::InvalidUrl, "backslash as slash"),
            is_error(&format!("https:\\\\{host}{tail}"), ErrorKind::InvalidUrl, "backslash authority"),
            is_error(&url.replacen(host, &host.replace('.', "%2E"), 1), ErrorKind::InvalidUrl, "%2E in host"),
            is_error(&url.replacen(host, &host.replace('.', "%2e"), 1), ErrorKind::InvalidUrl, "%2e in host"),
            is_error(&url.replacen(host, &format!("{host}%2Fevil.cn"), 1), ErrorKind::InvalidUrl, "%2F in host"),
            is_error(&url.replacen(host, &format!("{host}."), 1), ErrorKind::InvalidUrl, "trailing dot"),
            is_error(&url.replacen(host, &format!("{host}.."), 1), ErrorKind::InvalidUrl, "two trailing dots"),
            is_error(&url.replacen(host, &format!(".{host}"), 1), ErrorKind::InvalidUrl, "leading dot"),
            is_error(&url.replacen(host, &format!("{host}:443"), 1), ErrorKind::InvalidUrl, "port on a provider host"),
            is_error(&url.replacen(host, &format!("{host}:"), 1), ErrorKind::InvalidUrl, "empty port"),
            is_error(&url.replacen(host, &format!("[{host}]"), 1), ErrorKind::InvalidUrl, "brackets"),
            not_attributed(&url.replacen("://", ":/", 1), "one slash"),
            not_attributed(&url.replacen("://", ":", 1), "no slashes"),
            not_attributed(&url.replacen("://", ":///", 1), "three slashes"),
            not_attributed(url.split_once(':').map_or(url, |(_, r)| r), "scheme-relative"),
            not_attributed(url.split_once("://").map_or(url, |(_, r)| r), "no scheme"),
        ]
    }));
}

#[test]
fn mixed_case_hosts_are_the_host_and_keep_their_bytes() {
    for &(host, url, provider) in SAMPLES {
        let mixed: String =
            host.chars().enumerate().map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c }).collect();
        let input = url.replacen(host, &mixed, 1).replacen("http", "HtTp", 1);
        let code = MerchantCode::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(code.provider(), Some(provider), "{input}");
        assert_eq!(code.encode(), input);
    }
    let upper = "HTTPS://QR.ALIPAY.COM/FKX06148QMZIJDXGPKXXE7";
    let code = MerchantCode::parse(upper).unwrap();
    assert_eq!((code.form(), code.encode().as_str()), (Form::AlipayQr, upper));
    assert_eq!(code.ecny().to_string(), "QT01/QET05");
}

#[test]
fn app_scheme_tricks_are_refused() {
    run([
        not_attributed("weixin://wxpay.evil.cn/bizpayurl?pr=p4lpSuKzz", "weixin host suffix"),
        not_attributed("weixin://evil.cn/wxpay/bizpayurl?pr=p4lpSuKzz", "weixin host in path"),
        not_attributed("weixin://wxpay@evil.cn/bizpayurl?pr=p4lpSuKzz", "weixin userinfo"),
        not_attributed("WEIXIN://WXPAY/BIZPAYURL?PR=P4LPSUKZZ", "upper-case app link"),
        not_attributed("weixin://wxpay/bizpayurlx?pr=p4lpSuKzz", "longer path"),
        not_attributed("weixin://wxpay/bizpayurl/../bindurl?pr=p4lpSuKzz", "dot segments"),
        not_attributed("weixin://wxpay/bindurl?x=1", "card binding link"),
        not_attributed("wxhb://f2f0abcdef", "red packet"),
        not_attributed("weixin://rtos_authcode", "watch login"),
        not_attributed("wxp://evil.cn/f2f0abcdef", "wxp with a host"),
        not_attributed("wxp:/f2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0", "wxp one slash"),
        not_attributed("alipays://evil.cn/startapp?saId=10000007&qrcode=x", "alipays host"),
        not_attributed("alipays://platformapi/startapp?appId=09999988&actionType=toCard", "transfer link"),
        not_attributed("dcep://uniwallet/startApp", "wallet launch"),
        not_attributed("dcep://uniwallet.evil.cn/unipay", "dcep host"),
        is_error("weixin://wxpay/bizpayurl?pr=p4lp%53uKzz", ErrorKind::InvalidCharacter, "escaped token"),
        is_error("weixin://wxpay/bizpayurl?pr=p4lpSuKzz#x", ErrorKind::WrongFormat, "fragment on an app link"),
        is_error("weixin://wxpay/bizpayurl?pr=p4lpSuKzz&pr=x", ErrorKind::InvalidUrl, "duplicate pr"),
        is_error("weixin://wxpay/bizpayurl?pr=p4lpSuKzz&x=1", ErrorKind::InvalidUrl, "extra parameter"),
    ]);
}

#[test]
fn a_wrapper_is_its_owners_only_around_a_code_its_owner_pays() {
    let evil = "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com.evil.cn%2Fbax05495yze5bw2eicub50f0";
    let code = MerchantCode::parse(evil).unwrap();
    // The link opens Alipay, but on somebody else's page: it is no Alipay code.
    assert_eq!((code.form(), code.provider()), (Form::AlipayWrapper, None));
    let inner = code.inner().unwrap();
    assert_eq!((inner.form(), inner.provider()), (Form::Aggregated, None), "the carried URL is not Alipay's");
    let genuine =
        "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax05495yze5bw2eicub50f0";
    assert_eq!(MerchantCode::parse(genuine).unwrap().provider(), Some(Provider::Alipay));
    // UnionPay's gateway pays other providers' codes, but not a page of no provider.
    let gateway =
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=weixin%3A%2F%2Fwxpay%2Fbizpayurl%3Fpr%3Dp4lpSuKzz";
    assert_eq!(MerchantCode::parse(gateway).unwrap().provider(), Some(Provider::UnionPay));
    let gateway =
        "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fqr.95516.com.evil.cn%2F00010000%2F6202";
    assert_eq!(MerchantCode::parse(gateway).unwrap().provider(), None);
    run([
        is_error(
            "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%40evil.cn%2Fbax",
            ErrorKind::InvalidUrl,
            "userinfo inside a wrapper",
        ),
        is_error(
            "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax%0A",
            ErrorKind::InvalidCharacter,
            "escaped newline inside a wrapper",
        ),
        is_error(
            "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax%E2%80%AE",
            ErrorKind::InvalidCharacter,
            "escaped bidi override inside a wrapper",
        ),
        is_error(
            "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=https%3A%2F%2Fqr.95516.com%2FqrcGtwWeb-web%2Fapi%2Fopen%3FqrCode%3Dx",
            ErrorKind::WrongFormat,
            "gateway inside a gateway",
        ),
        is_error("alipays://platformapi/startapp?saId=10000007&qrcode=", ErrorKind::MissingParameter, "empty inner"),
        is_error("alipays://platformapi/startapp?saId=10000007&qrcode=%ZZ", ErrorKind::InvalidUrl, "bad escape"),
        is_error("alipays://platformapi/startapp?saId=10000007&qrcode=%FF", ErrorKind::InvalidUrl, "not UTF-8"),
        is_error("alipays://platformapi/startapp?saId=99&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax", ErrorKind::WrongFormat, "saId"),
    ]);
}

/// Characters that must never be in a code, at every position of every sample.
#[test]
fn control_whitespace_bidi_and_invisible_characters_are_errors_anywhere() {
    let bad = [
        '\0', '\t', '\n', '\r', ' ', '\u{7F}', '\u{85}', '\u{A0}', '\u{AD}', '\u{200B}', '\u{200D}', '\u{200E}',
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        '\u{2028}', '\u{3000}', '\u{FEFF}',
    ];
    let mut checks = Vec::new();
    for &(_, url, _) in SAMPLES.iter().chain(APP_SAMPLES) {
        for (i, _) in url.char_indices().chain([(url.len(), ' ')]) {
            for c in bad {
                let mut s = String::from(url);
                s.insert(i, c);
                let why = format!("U+{:04X} at {i}", c as u32);
                checks.push(match MerchantCode::parse(&s) {
                    Err(e) if matches!(e.kind(), ErrorKind::InvalidCharacter | ErrorKind::InvalidUrl) => Ok(()),
                    Err(e) => Err(format!("{why}: {s:?} gave {:?}", e.kind())),
                    Ok(_) => Err(format!("{why}: {s:?} accepted")),
                });
            }
        }
    }
    run(checks);
    // The control and bidi characters themselves are InvalidCharacter, at their offset.
    let e = MerchantCode::parse("https://qr.alipay.com/bax\u{202E}05495yze5bw2eicub50f0").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 25));
    assert!(e.to_string().contains("U+202E"), "{e}");
    let e = MerchantCode::parse(" https://qr.alipay.com/bax05495yze5bw2eicub50f0").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 0));
    let e = MerchantCode::parse("https://qr.alipay.com/bax05495yze5bw2eicub50f0\n").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 46));
}

#[test]
fn messages_quote_the_offending_part() {
    let e = MerchantCode::parse("https://qr.alipay.com@evil.cn/bax").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidUrl, 21));
    assert!(e.to_string().contains("qr.alipay.com@evil.cn"), "{e}");
    let e = MerchantCode::parse("https://qr.alipay.com./bax").unwrap_err();
    assert!(e.to_string().contains("trailing dot"), "{e}");
    let e = MerchantCode::parse("https://qr.alipay.com/bax-05495").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidCharacter, 25));
    assert!(e.to_string().contains("'-'"), "{e}");
    let e = MerchantCode::parse("https://qr.95516.com/0001000/62").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::WrongFormat);
    assert!(e.to_string().contains("/0001000/62"), "{e}");
}
