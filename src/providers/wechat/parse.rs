//! Recognising WeChat Pay's codes: the `weixin://` and `wxp://` app links, and the web codes
//! on its hosts.

use super::code::{
    check_business, check_f2f, check_payapp, check_up, BusinessPath, NativeParam, NativeUp, UpKey, WeChatCode,
    WeixinHost, PR_MAX,
};
use super::mode1::Mode1;
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;
use crate::providers::alphabet::{first_bad, Alphabet};
use crate::providers::check::{check, no_fragment, split_query, wrong_form};
use crate::providers::hosts::Site;
use crate::providers::params::{InOrder, Params};
use crate::url::word::find_byte;
use crate::url::{Origin, Pairs, Url};

/// `weixin://…` and `wxp://…` links.
#[inline]
pub(crate) fn parse_app(input: &str) -> Result<WeChatCode<'_>> {
    const WXP: &str = "wxp://";
    const WEIXIN: &str = "weixin://";
    if let Some(rest) = input.strip_prefix(WXP) {
        let (token, query) = split_query(rest, WXP.len(), "wxp://")?;
        if let Some((q, at)) = query {
            let found = Quote::new(q);
            return Err(Error::new(Problem::Unexpected { form: "wxp://", part: "query", found }, at, None));
        }
        check_f2f(token, WXP.len())?;
        return Ok(WeChatCode::F2f { token });
    }
    let Some(rest) = input.strip_prefix(WEIXIN) else {
        return Err(wrong_form(Provider::WeChatPay, input, 0, "a lower-case \"weixin://\" or \"wxp://\" link"));
    };
    let (host, after, after_at) = if let Some(r) = rest.strip_prefix("wxpay/") {
        (WeixinHost::Wxpay, r, WEIXIN.len() + 6)
    } else if let Some(r) = rest.strip_prefix("pay.weixin.qq.com/") {
        (WeixinHost::PayWeixinQqCom, r, WEIXIN.len() + 18)
    } else {
        return Err(not_payment(input));
    };
    if host == WeixinHost::Wxpay {
        if let Some(r) = after.strip_prefix("s/") {
            return parse_short(r, after_at + 2);
        }
    }
    let Some(r) = after.strip_prefix("bizpayurl") else {
        return Err(not_payment(input));
    };
    let at = after_at + 9;
    // The common case: `?pr=<letters and digits>` and nothing else.
    if let Some(token) = r.strip_prefix("?pr=") {
        if !token.is_empty() && token.len() <= PR_MAX as usize && first_bad(token.as_bytes(), Alphabet::Alnum).is_none()
        {
            return Ok(WeChatCode::Native { host, param: NativeParam::Pr, token });
        }
    }
    // And the documented spellings of `/up` and of mode 1, read in one pass.
    if let Some(params) = r.strip_prefix("/up?").and_then(native_up_in_order) {
        return Ok(WeChatCode::NativeUp(NativeUp { host, params }));
    }
    if host == WeixinHost::Wxpay {
        if let Some(mode1) = r.strip_prefix('?').and_then(Mode1::parse_in_order) {
            return Ok(WeChatCode::Mode1(mode1));
        }
    }
    let (path, query) = split_query(r, at, "WeChat Pay Native")?;
    let (q, qat) = query.unwrap_or(("", at + path.len()));
    match path {
        "" => {
            // The first parameter tells the families apart: Native links have only `pr`/`sr`.
            let first = Pairs::new(q, qat).next().map_or("", |p| p.name);
            if first == "pr" || first == "sr" || q.is_empty() {
                parse_native(host, q, qat)
            } else if host == WeixinHost::Wxpay {
                Mode1::parse(q, qat).map(WeChatCode::Mode1)
            } else {
                Err(wrong_form(Provider::WeChatPay, input, 0, "weixin://pay.weixin.qq.com/bizpayurl/up?pr=…"))
            }
        }
        "/up" => {
            let params = Params::parse(q, qat, "WeChat Pay Native /up", |n| match n {
                "pr" => Some(UpKey::Pr),
                "groupid" => Some(UpKey::GroupId),
                _ => None,
            })?;
            for (k, v, at) in params.iter_at(qat) {
                check_up(k, v, at)?;
            }
            for k in [UpKey::Pr, UpKey::GroupId] {
                if params.get(k).is_none() {
                    return Err(Error::new(Problem::Missing { what: k.name() }, qat + q.len(), None));
                }
            }
            Ok(WeChatCode::NativeUp(NativeUp { host, params }))
        }
        _ => Err(wrong_form(Provider::WeChatPay, path, at, "weixin://wxpay/bizpayurl?… or …/bizpayurl/up?…")),
    }
}

/// `pr=<token>&groupid=<id>`, both valid, and nothing else: what the general `/up` reading
/// gives, without its lookups. `None` for anything else.
fn native_up_in_order(q: &str) -> Option<Params<'_, UpKey>> {
    let mut pairs = InOrder::new(q);
    check_up(UpKey::Pr, pairs.take(UpKey::Pr, "pr=")?, 0).ok()?;
    // Letters and digits, no `&`: the last value is the rest of the query.
    check_up(UpKey::GroupId, pairs.take_sized(UpKey::GroupId, "groupid=", None)?, 0).ok()?;
    pairs.finish()
}

/// `weixin://wxpay/s/<token>`, `r` the rest after `s/` at byte `at`. Out of line: the
/// dispatch that inlines the link's parse stays small for every other code.
#[inline(never)]
fn parse_short(r: &str, at: usize) -> Result<WeChatCode<'_>> {
    // The common case: the whole rest is the token (it cannot hold `?` or `#`).
    if (1..=48).contains(&r.len()) && first_bad(r.as_bytes(), Alphabet::UrlSafe).is_none() {
        return Ok(WeChatCode::Short { token: r });
    }
    let (token, query) = split_query(r, at, "WeChat Pay short link")?;
    if let Some((q, qat)) = query {
        let found = Quote::new(q);
        return Err(Error::new(Problem::Unexpected { form: "WeChat Pay short link", part: "query", found }, qat, None));
    }
    check(token, at, "the short-link token", Alphabet::UrlSafe, 1, 48)?;
    Ok(WeChatCode::Short { token })
}

fn parse_native(host: WeixinHost, q: &str, qat: usize) -> Result<WeChatCode<'_>> {
    let params = Params::parse(q, qat, "WeChat Pay Native", |n| match n {
        "pr" => Some(NativeParam::Pr),
        "sr" => Some(NativeParam::Sr),
        _ => None,
    })?;
    let value_at = |i: usize| params.iter_at(qat).nth(i).map_or(qat, |(_, _, at)| at);
    let mut it = params.iter_parsed();
    let Some((param, token)) = it.next() else {
        return Err(Error::new(Problem::Missing { what: "pr" }, qat, None));
    };
    if let Some((extra, _)) = it.next() {
        let found = Quote::new(extra.as_str());
        let at = value_at(1);
        return Err(Error::new(Problem::UnexpectedParam { form: "WeChat Pay Native", found }, at, None));
    }
    let at = value_at(0);
    match param {
        NativeParam::Pr => check(token, at, "pr", Alphabet::Alnum, 1, PR_MAX)?,
        NativeParam::Sr => check(token, at, "sr", Alphabet::Digits, 1, PR_MAX)?,
    }
    Ok(WeChatCode::Native { host, param, token })
}

/// Where the value of `t=` starts (the end of the query when it is shorter).
fn t_offset(u: &Url<'_>) -> usize {
    let q = u.query_offset();
    (q + 2).min(q + u.query().map_or(0, str::len))
}

/// The value of a query that must be exactly `t=<value>` (`None` without a query).
#[inline]
fn only_t<'a>(u: &Url<'a>, form: &'static str) -> Result<Option<&'a str>> {
    let Some(q) = u.query() else {
        return Ok(None);
    };
    if let Some(t) = q.strip_prefix("t=").filter(|t| find_byte(t.as_bytes(), b'&').is_none()) {
        return Ok(Some(t));
    }
    // Anything else: let the general reader name the problem.
    let params = Params::parse(q, u.query_offset(), form, |n| (n == "t").then_some(()))?;
    let t = params.iter_parsed().next().map_or("", |(_, v)| v);
    Ok(Some(t))
}

fn not_payment(input: &str) -> Error {
    Error::new(
        Problem::NotPayment {
            provider: "WeChat",
            found: Quote::new(input),
            why: "only wxpay/bizpayurl and wxpay/s/ links pay; bindurl binds a card",
        },
        0,
        None,
    )
}

/// Web codes on WeChat Pay's hosts.
#[inline]
pub(crate) fn parse_web<'a>(u: &Url<'a>, site: Site) -> Result<WeChatCode<'a>> {
    let origin = Origin::of(u);
    let path = u.path();
    let pat = u.path_offset();
    if site == Site::WxTenpay {
        if path != "/f2f" {
            return Err(wrong_form(Provider::WeChatPay, path, pat, "https://wx.tenpay.com/f2f?t=…"));
        }
        no_fragment(u, "WeChat Pay tenpay f2f")?;
        let Some(t) = only_t(u, "WeChat Pay tenpay f2f")? else {
            return Err(Error::new(Problem::Missing { what: "t" }, u.query_offset(), None));
        };
        check(t, t_offset(u), "t", Alphabet::Base64, 1, 256)?;
        return Ok(WeChatCode::TenpayF2f { origin, t });
    }
    if matches!(site, Site::PayAppWeixin | Site::PayAppWechatpay) {
        if let Some(id) = path.strip_prefix("/qr/") {
            let t = match u.query() {
                None => None,
                Some(_) => Some(only_t(u, "WeChat Pay payapp")?.unwrap_or_default()),
            };
            let t_at = t_offset(u);
            check_payapp(id, pat + 4, t, t_at, u.fragment(), u.fragment_offset())?;
            return Ok(WeChatCode::PayApp { origin, id, t, fragment: u.fragment() });
        }
    }
    for &bp in BusinessPath::on(site) {
        if let Some(rest) = path.strip_prefix(bp.prefix()) {
            let rest_at = pat + bp.prefix().len();
            check_business(rest, rest_at, u.query(), u.query_offset(), u.fragment(), u.fragment_offset())?;
            return Ok(WeChatCode::Business { origin, path: bp, rest, query: u.query(), fragment: u.fragment() });
        }
    }
    let expected = match site {
        Site::PayAppWeixin | Site::PayAppWechatpay => "/qr/…, /materialqr/entry/…, /qrpay/order/… or /sjt/qr/…",
        Site::WxpayTenpay | Site::WxpayWechatpay => "/md/…",
        _ => "/lnk/qr/…",
    };
    Err(wrong_form(Provider::WeChatPay, path, pat, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mode_1_links_are_wxpay_links_only() {
        let query = "sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657\
                     &product_id=p&time_stamp=1873715164&nonce_str=n";
        let wxpay = alloc::format!("weixin://wxpay/bizpayurl?{query}");
        assert!(matches!(parse_app(&wxpay), Ok(WeChatCode::Mode1(_))));
        let combined = alloc::format!("weixin://pay.weixin.qq.com/bizpayurl?{query}");
        assert_eq!(parse_app(&combined).map_err(|e| e.kind()), Err(crate::ErrorKind::WrongFormat));
    }

    #[test]
    fn up_links_in_documented_order_are_read_in_one_pass() {
        let params = native_up_in_order("pr=xwkkMxz&groupid=00").expect("the documented order");
        assert_eq!(params.iter().collect::<alloc::vec::Vec<_>>(), [(UpKey::Pr, "xwkkMxz"), (UpKey::GroupId, "00")]);
        for q in
            ["groupid=00&pr=xwkkMxz", "pr=xwkkMxz", "pr=xwkkMxz&groupid=0-0", "pr=x-y&groupid=00", "pr=a&groupid=00&"]
        {
            assert!(native_up_in_order(q).is_none(), "{q}");
        }
    }
}
