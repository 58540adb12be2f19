//! Property tests: tokens generated within each form's documented alphabet and length parse,
//! carry the generated fields, and encode back to the input byte for byte; the constructors
//! build the same strings; nothing panics on arbitrary input, and whatever parses round-trips.

use base64::Engine;
use hutong::providers::url::percent_encode_component;
use hutong::providers::{
    provider_hosts, AlipayCode, BestpayCode, BusinessPath, EcnyCode, Form, MerchantCode, Mode1, ProviderCode, QqKey,
    QqWalletCode, Registry, UnionPayCode, WeChatCode, WeChatDomain,
};
use hutong::Provider;
use proptest::prelude::*;

/// Parses, checks the round trip and the offsets of any error, and hands the code on.
fn parsed(input: &str) -> Result<MerchantCode<'_>, TestCaseError> {
    match MerchantCode::parse(input) {
        Ok(code) => {
            prop_assert_eq!(code.encode(), input);
            prop_assert_eq!(code.code().encode(), input);
            Ok(code)
        }
        Err(e) => Err(TestCaseError::fail(format!("{input:?}: {e}"))),
    }
}

/// Escapes `+ / =` of a base64 string, each independently, in either hex case.
fn escape_b64(b64: &str, mask: &[bool], upper: bool) -> String {
    let mut out = String::new();
    for (i, c) in b64.chars().enumerate() {
        let esc = match c {
            '+' => "%2B",
            '/' => "%2F",
            '=' => "%3D",
            _ => "",
        };
        if !esc.is_empty() && mask.get(i).copied().unwrap_or(true) {
            out.push_str(&if upper { esc.to_string() } else { esc.to_lowercase() });
        } else {
            out.push(c);
        }
    }
    out
}

fn mixed_case(s: &str, mask: &[bool]) -> String {
    s.chars()
        .enumerate()
        .map(|(i, c)| if mask.get(i % mask.len().max(1)) == Some(&true) { c.to_ascii_uppercase() } else { c })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn wechat_native(token in "[A-Za-z0-9]{1,64}") {
        let s = format!("weixin://wxpay/bizpayurl?pr={token}");
        let code = parsed(&s)?;
        prop_assert_eq!(code.form(), Form::WeChatNative);
        let ok = matches!(code.code(), ProviderCode::WeChat(WeChatCode::Native { token: t, .. }) if *t == token);
        prop_assert!(ok);
        prop_assert_eq!(WeChatCode::native(&token).unwrap().encode(), s);
    }

    #[test]
    fn wechat_native_up(token in "[A-Za-z0-9]{1,32}", group in "[0-9]{2}", swapped in any::<bool>()) {
        let q = if swapped { format!("groupid={group}&pr={token}") } else { format!("pr={token}&groupid={group}") };
        let s = format!("weixin://wxpay/bizpayurl/up?{q}");
        let code = parsed(&s)?;
        prop_assert_eq!(code.form(), Form::WeChatNativeUp);
        let ProviderCode::WeChat(WeChatCode::NativeUp(up)) = code.code() else { return Err(TestCaseError::fail("form")) };
        prop_assert_eq!((up.token(), up.group_id()), (token.as_str(), group.as_str()));
        if !swapped {
            prop_assert_eq!(WeChatCode::native_up(&token, &group).unwrap().encode(), s);
        }
    }

    #[test]
    fn wechat_mode1_any_order(
        sign in "[0-9A-F]{32}|[0-9a-f]{40}|[0-9A-F]{64}",
        app in "wx[0-9a-f]{16}",
        mch in "[0-9]{8,10}",
        product in "[A-Za-z0-9_.-]{1,32}",
        ts in "[0-9]{10}",
        nonce in "[A-Za-z0-9]{1,32}",
        v27 in any::<bool>(),
        order in Just(vec![0usize, 1, 2, 3, 4, 5]).prop_shuffle(),
    ) {
        let pairs: Vec<(&str, &str)> = if v27 {
            vec![("sign", &sign), ("appid", &app), ("productid", &product), ("timestamp", &ts), ("noncestr", &nonce)]
        } else {
            vec![("sign", &sign), ("appid", &app), ("mch_id", &mch), ("product_id", &product), ("time_stamp", &ts), ("nonce_str", &nonce)]
        };
        let q: Vec<String> = order.iter().filter_map(|&i| pairs.get(i)).map(|(k, v)| format!("{k}={v}")).collect();
        let s = format!("weixin://wxpay/bizpayurl?{}", q.join("&"));
        let code = parsed(&s)?;
        let ProviderCode::WeChat(WeChatCode::Mode1(m)) = code.code() else { return Err(TestCaseError::fail("form")) };
        prop_assert_eq!((m.sign(), m.app_id(), m.product_id(), m.time_stamp(), m.nonce_str()), (sign.as_str(), app.as_str(), product.as_str(), ts.as_str(), nonce.as_str()));
        prop_assert_eq!(m.mch_id(), (!v27).then_some(mch.as_str()));
        let built = if v27 { Mode1::v27(&sign, &app, &product, &ts, &nonce) } else { Mode1::v2(&sign, &app, &mch, &product, &ts, &nonce) };
        let built = WeChatCode::Mode1(built.unwrap()).encode();
        prop_assert_eq!(parsed(&built)?.form(), Form::WeChatMode1);
    }

    #[test]
    fn wechat_short_and_f2f(short in "[A-Za-z0-9_-]{1,48}", body in "[A-Za-z0-9_-]{8,60}", pad in 0usize..3, wb in any::<bool>()) {
        let s = format!("weixin://wxpay/s/{short}");
        prop_assert_eq!(parsed(&s)?.form(), Form::WeChatShort);
        prop_assert_eq!(WeChatCode::short(&short).unwrap().encode(), s);
        let token = format!("{}{body}{}", if wb { "wbf2f" } else { "f2f0" }, "=".repeat(pad));
        let s = format!("wxp://{token}");
        let code = parsed(&s)?;
        prop_assert_eq!(code.form(), Form::WeChatF2f);
        prop_assert_eq!(code.ecny().to_string(), "QT01/QET04");
        prop_assert_eq!(WeChatCode::f2f(&token).unwrap().encode(), s);
    }

    #[test]
    fn wechat_tenpay(tail in proptest::collection::vec(any::<u8>(), 16), mask in proptest::collection::vec(any::<bool>(), 28), upper in any::<bool>()) {
        let mut bytes = vec![1u8, 0, 0, 0];
        bytes.extend(tail);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let t = escape_b64(&b64, &mask, upper);
        let s = format!("https://wx.tenpay.com/f2f?t={t}");
        let code = parsed(&s)?;
        let ok = matches!(code.code(), ProviderCode::WeChat(WeChatCode::TenpayF2f { t: got, .. }) if *got == t);
        prop_assert!(ok);
        prop_assert_eq!(WeChatCode::tenpay_f2f(&t).unwrap().encode(), s);
    }

    #[test]
    fn wechat_payapp(id in "[A-Za-z0-9_-]{1,40}", t in proptest::option::of("[A-Za-z0-9_-]{4,8}"), frag in any::<bool>(), cn in any::<bool>()) {
        let (domain, host) = if cn { (WeChatDomain::WechatpayCn, "payapp.wechatpay.cn") } else { (WeChatDomain::Legacy, "payapp.weixin.qq.com") };
        let fragment = frag.then_some("wechat_pay");
        let built = WeChatCode::payapp(domain, &id, t.as_deref(), fragment).unwrap().encode();
        let mut s = format!("https://{host}/qr/{id}");
        if let Some(t) = &t { s.push_str(&format!("?t={t}")); }
        if frag { s.push_str("#wechat_pay"); }
        prop_assert_eq!(&built, &s);
        prop_assert_eq!(parsed(&s)?.form(), Form::WeChatPayApp);
    }

    #[test]
    fn wechat_business(which in 0usize..5, cn in any::<bool>(), rest in "[A-Za-z0-9_.~-]{1,40}", query in proptest::option::of("[a-z]{1,6}=[A-Za-z0-9]{1,12}")) {
        let path = [BusinessPath::MaterialQrEntry, BusinessPath::QrPayOrder, BusinessPath::Md, BusinessPath::SjtQr, BusinessPath::LnkQr][which];
        let domain = if cn || path == BusinessPath::LnkQr { WeChatDomain::WechatpayCn } else { WeChatDomain::Legacy };
        let s = WeChatCode::business(domain, path, &rest, query.as_deref(), None).unwrap().encode();
        let code = parsed(&s)?;
        prop_assert_eq!((code.form(), code.provider()), (Form::WeChatBusiness, Some(Provider::WeChatPay)));
        let ok = matches!(code.code(), ProviderCode::WeChat(WeChatCode::Business { path: p, rest: r, .. }) if *p == path && *r == rest);
        prop_assert!(ok);
    }

    #[test]
    fn alipay_qr_any_case(token in "(bax|fkx|tsx|stx|a6x|apr|2m6)[a-z0-9]{15,21}", mask in proptest::collection::vec(any::<bool>(), 1..8), query in proptest::option::of("t=[0-9]{13}|_s=web-other")) {
        let base = format!("https://qr.alipay.com/{token}");
        let url = mixed_case(&base, &mask);
        let s = match &query { Some(q) => format!("{url}?{q}"), None => url.clone() };
        let code = parsed(&s)?;
        prop_assert_eq!(code.form(), Form::AlipayQr);
        let ProviderCode::Alipay(AlipayCode::Qr { token: got, query: q, origin, .. }) = code.code() else { return Err(TestCaseError::fail("form")) };
        prop_assert!(got.eq_ignore_ascii_case(&token));
        prop_assert_eq!(*q, query.as_deref());
        prop_assert!(origin.host().eq_ignore_ascii_case("qr.alipay.com"));
        prop_assert_eq!(AlipayCode::qr(&token, query.as_deref()).unwrap().encode(), match &query { Some(q) => format!("{base}?{q}"), None => base.clone() });
    }

    #[test]
    fn alipay_wrappers_carry_their_inner_code(token in "bax[a-z0-9]{21}", legacy in any::<bool>(), version in "[0-9]\\.[0-9]\\.[0-9]\\.[0-9]{4}") {
        let inner = format!("https://qr.alipay.com/{token}");
        let escaped = percent_encode_component(&inner);
        let s = if legacy {
            format!("alipayqr://platformapi/startapp?saId=10000007&clientVersion={version}&qrcode={escaped}")
        } else {
            format!("alipays://platformapi/startapp?saId=10000007&qrcode={escaped}")
        };
        let code = parsed(&s)?;
        prop_assert_eq!((code.form(), code.provider()), (Form::AlipayWrapper, Some(Provider::Alipay)));
        prop_assert_eq!(code.inner().map(|i| i.as_str().to_string()), Some(inner.clone()));
        prop_assert_eq!(code.ecny().to_string(), "QT04/QET05");
        if !legacy {
            prop_assert_eq!(AlipayCode::wrap(&inner).unwrap().encode(), s);
        }
    }

    #[test]
    fn alipay_receive(bytes in proptest::collection::vec(any::<u8>(), 1..40), mask in proptest::collection::vec(any::<bool>(), 60)) {
        let u = escape_b64(&base64::engine::general_purpose::STANDARD.encode(&bytes), &mask, true);
        let s = format!("https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u={u}");
        let code = parsed(&s)?;
        prop_assert_eq!(code.form(), Form::AlipayReceive);
        prop_assert_eq!(AlipayCode::receive(&u).unwrap().encode(), s);
    }

    #[test]
    fn unionpay_qr_and_gateway(inst in "[0-9]{8}", payload in "(62|01)[0-9]{30}|[A-Za-z0-9]{1,60}", pr in "[A-Za-z0-9]{7,11}") {
        let s = format!("https://qr.95516.com/{inst}/{payload}");
        let code = parsed(&s)?;
        let ok = matches!(code.code(), ProviderCode::UnionPay(UnionPayCode::Qr { institution, payload: p, .. }) if *institution == inst && *p == payload);
        prop_assert!(ok);
        prop_assert_eq!(UnionPayCode::qr(&inst, &payload, None).unwrap().encode(), s);
        let inner = format!("weixin://wxpay/bizpayurl?pr={pr}");
        let s = UnionPayCode::gateway(&inner).unwrap().encode();
        let code = parsed(&s)?;
        prop_assert_eq!((code.form(), code.provider()), (Form::UnionPayGateway, Some(Provider::UnionPay)));
        let got = code.inner().map(|i| (i.form(), i.as_str().to_string()));
        prop_assert_eq!(got, Some((Form::WeChatNative, inner)));
    }

    #[test]
    fn bestpay_qq_and_ecny(token in "[A-Za-z0-9]{18}", qq in "[1-9][0-9]{4,11}", ac in "[0-9A-F]{8,32}", name in "[a-zA-Z0-9 张三李四王五]{0,8}", q in "[a-z]{1,5}=[A-Za-z0-9]{1,20}") {
        let s = format!("http://m.bestpay.com.cn/#/apa/{token}face2face");
        prop_assert_eq!(parsed(&s)?.form(), Form::BestpayF2f);
        prop_assert_eq!(BestpayCode::f2f(&token).unwrap().encode(), s);

        let n = percent_encode_component(&name);
        let built = QqWalletCode::personal(&qq, &ac, Some(&n)).unwrap().encode();
        let code = parsed(&built)?;
        let ProviderCode::QqWallet(w) = code.code() else { return Err(TestCaseError::fail("form")) };
        prop_assert_eq!((w.qq_number(), w.get(QqKey::Ac), w.get(QqKey::N)), (qq.as_str(), Some(ac.as_str()), Some(n.as_str())));

        let s = format!("dcep://uniwallet/unipay?{q}");
        let code = parsed(&s)?;
        prop_assert_eq!((code.form(), code.provider()), (Form::EcnyApp, Some(Provider::Ecny)));
        prop_assert_eq!(EcnyCode::app(Some(&q)).unwrap().encode(), s);
    }

    #[test]
    fn aggregated_urls_are_carried_unchanged(
        labels in proptest::collection::vec("[a-z0-9]{1,12}", 2..4),
        port in proptest::option::of(1u16..),
        path in "(/[A-Za-z0-9._~-]{0,12}(%[0-9A-F]{2})?){0,4}",
        query in proptest::option::of("[A-Za-z0-9=&_.~-]{0,30}"),
        fragment in proptest::option::of("[A-Za-z0-9/_-]{0,20}"),
    ) {
        let host = labels.join(".");
        prop_assume!(!provider_hosts().any(|(h, _)| h == host));
        let mut s = format!("https://{host}");
        if let Some(p) = port { s.push_str(&format!(":{p}")); }
        s.push_str(&path);
        if let Some(q) = &query { s.push('?'); s.push_str(q); }
        if let Some(f) = &fragment { s.push('#'); s.push_str(f); }
        let code = parsed(&s)?;
        prop_assert_eq!((code.form(), code.provider()), (Form::Aggregated, None));
        prop_assert_eq!(code.ecny().to_string(), "QT03/QET03");
    }

    #[test]
    fn a_provider_host_with_anything_around_it_is_not_that_provider(
        which in 0usize..11, before in "[a-z0-9-]{0,6}", after in "[a-z0-9]{1,6}", tail in "(/[A-Za-z0-9]{1,24})?",
    ) {
        let (host, _) = provider_hosts().nth(which).unwrap_or(("qr.alipay.com", Provider::Alipay));
        for fake in [format!("{host}.{after}"), format!("{before}{host}.{after}"), format!("{after}{host}"), format!("{after}.{host}")] {
            let s = format!("https://{fake}{tail}");
            if let Ok(code) = MerchantCode::parse(&s) {
                prop_assert_eq!(code.provider(), None, "{}", s);
            }
        }
        let s = format!("https://{host}@{after}.cn{tail}");
        prop_assert!(MerchantCode::parse(&s).is_err());
    }

    #[test]
    fn arbitrary_input_never_panics_and_round_trips(s in "\\PC{0,80}") {
        check_any(&s)?;
    }

    #[test]
    fn arbitrary_tails_after_real_prefixes(prefix in prop::sample::select(PREFIXES), tail in "[ -~]{0,60}") {
        check_any(&format!("{prefix}{tail}"))?;
    }
}

const PREFIXES: &[&str] = &[
    "weixin://wxpay/bizpayurl?",
    "weixin://wxpay/bizpayurl/up?",
    "weixin://wxpay/s/",
    "weixin://pay.weixin.qq.com/bizpayurl",
    "wxp://f2f0",
    "wxp://wbf2f",
    "https://wx.tenpay.com/f2f?t=",
    "https://payapp.weixin.qq.com/qr/",
    "https://payapp.wechatpay.cn/sjt/qr/",
    "https://sjt.wxpapp.wechatpay.cn/lnk/qr/",
    "https://wxpay.tenpay.com/md/",
    "https://qr.alipay.com/",
    "HTTPS://QR.ALIPAY.COM/",
    "https://d.alipay.com/i/index.htm?",
    "alipays://platformapi/startapp?saId=10000007&qrcode=",
    "alipayqr://platformapi/startApp?",
    "https://qr.95516.com/",
    "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=",
    "http://m.bestpay.com.cn/#/apa/",
    "https://i.qianbao.qq.com/wallet/sqrcode.htm?",
    "dcep://uniwallet/",
    "https://",
    "http://a",
];

/// Whatever the input: no panic, offsets inside the input, a parsed code encodes back to the
/// input, its inner code (if any) too, and only aggregated codes (and wrappers, which may
/// carry one) lack a provider.
fn check_any(s: &str) -> Result<(), TestCaseError> {
    for got in [MerchantCode::parse(s), Registry::new().parse(s)] {
        match got {
            Err(e) => prop_assert!(e.offset() <= s.len(), "offset {} past {:?}", e.offset(), s),
            Ok(code) => {
                prop_assert_eq!(code.encode(), s);
                let _ = code.ecny();
                // A wrapper names its owner only around a code the owner pays (SPEC 6.1 rule 7).
                if !code.form().is_wrapper() {
                    prop_assert_eq!(code.provider().is_none(), code.form() == Form::Aggregated);
                }
                if let Some(inner) = code.inner() {
                    prop_assert_eq!(inner.encode(), inner.as_str());
                    prop_assert!(!inner.form().is_wrapper());
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// The lower-case fast paths (exact `https://<table host>` prefixes) decide exactly as the
    /// general path does for the same URL with an upper-case scheme.
    #[test]
    fn fast_paths_agree_with_the_general_path(which in 0usize..11, tail in "[/?#]?[ -~]{0,40}|/[A-Za-z0-9]{1,30}(\\?[ -~]{0,20})?") {
        let (host, _) = provider_hosts().nth(which).unwrap_or(("qr.alipay.com", Provider::Alipay));
        let fast = format!("https://{host}{tail}");
        let slow = format!("HTTPS://{host}{tail}");
        match (MerchantCode::parse(&fast), MerchantCode::parse(&slow)) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.form(), b.form());
                let (ea, eb) = (a.encode(), b.encode());
                prop_assert_eq!(&ea, &fast);
                prop_assert_eq!(&eb, &slow);
                prop_assert_eq!(ea.get(5..), eb.get(5..));
            }
            (Err(a), Err(b)) => prop_assert_eq!((a.kind(), a.offset()), (b.kind(), b.offset()), "{}", fast),
            (a, b) => return Err(TestCaseError::fail(format!("{fast:?}: {a:?} vs {b:?}"))),
        }
    }
}
