//! Alipay (支付宝), SPEC.md section 6.3: `https://qr.alipay.com/<token>` in any letter case, the
//! `alipays://` / `alipayqr://` app wrappers around another code, and the older
//! `d.alipay.com` personal receive code.
//!
//! Recognise: hosts `qr.alipay.com` and `d.alipay.com`, schemes `alipays` and `alipayqr`.
//! Parse: [`parse_web`], [`parse_app`]. Encode: [`AlipayCode::encode_into`]. Fields: [`AlipayCode`].

use alloc::string::String;

use super::alphabet::{first_bad, Alphabet};
use super::check::{check, no_fragment, split_query, wrong_form};
use super::form::Form;
use super::hosts::Site;
use super::params::{InOrder, Params};
use super::wrapper::{Nesting, Wrapper};
use crate::ecny::{typing, CodeType, EcnyTyping};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;
use crate::url::{Origin, Pairs, Url};

/// The scheme of an Alipay app wrapper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WrapperScheme {
    /// `alipays://` (current).
    Alipays,
    /// `alipayqr://` (legacy).
    AlipayQr,
}

impl WrapperScheme {
    /// The scheme, without `://`.
    pub const fn as_str(self) -> &'static str {
        match self {
            WrapperScheme::Alipays => "alipays",
            WrapperScheme::AlipayQr => "alipayqr",
        }
    }
}

/// An Alipay merchant code, by form.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlipayCode<'a> {
    /// `https://qr.alipay.com/<token>[?<query>]` ([`Form::AlipayQr`]).
    #[non_exhaustive]
    Qr {
        /// Scheme and host as written (QR alphanumeric mode makes them upper case).
        origin: Origin<'a>,
        /// The token as written: 1–64 letters and digits, any case (`bax…` order codes are 24).
        token: &'a str,
        /// The query after `?` as written (`t=<ms>`, `_s=web-other`), when present.
        query: Option<&'a str>,
    },
    /// `alipays://platformapi/startapp?saId=10000007&qrcode=<escaped code>` ([`Form::AlipayWrapper`]).
    #[non_exhaustive]
    Wrapper {
        /// `alipays` or `alipayqr`.
        scheme: WrapperScheme,
        /// `startapp` or `startApp`, as written.
        action: &'a str,
        /// The parameters and the inner code.
        wrapper: Wrapper<'a>,
    },
    /// `https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=<u>` ([`Form::AlipayReceive`]).
    Receive(AlipayReceive<'a>),
}

/// The older personal receive code, parameters in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AlipayReceive<'a> {
    origin: Origin<'a>,
    params: Params<'a, RecvKey>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RecvKey {
    B,
    U,
}

impl RecvKey {
    fn name(self) -> &'static str {
        match self {
            RecvKey::B => "b",
            RecvKey::U => "u",
        }
    }
}

impl<'a> AlipayReceive<'a> {
    /// Scheme and host as written.
    pub fn origin(&self) -> Origin<'a> {
        self.origin
    }

    /// `u`, as written (base64, possibly %-escaped).
    pub fn u(&self) -> &str {
        self.params.get(RecvKey::U).unwrap_or_default()
    }

    /// The parameters in the order written.
    pub fn params(&self) -> impl Iterator<Item = (&'static str, &str)> + '_ {
        self.params.iter().map(|(k, v)| (k.name(), v))
    }
}

const RECEIVE_B: &str = "RECEIVE_AC";
pub(super) const SCAN_APP: &str = "10000007";
const WEB_APP: &str = "20000067";

impl<'a> AlipayCode<'a> {
    /// `https://qr.alipay.com/<token>[?<query>]`.
    pub fn qr(token: &'a str, query: Option<&'a str>) -> Result<AlipayCode<'a>> {
        check(token, 0, "the qr.alipay.com token", Alphabet::Alnum, 1, 64)?;
        if let Some(q) = query {
            check(q, 0, "the query", Alphabet::Query, 0, 1024)?;
        }
        Ok(AlipayCode::Qr { origin: Origin::of_text("https://qr.alipay.com"), token, query })
    }

    /// `https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=<u>`.
    pub fn receive(u: &'a str) -> Result<AlipayCode<'a>> {
        check(u, 0, "u", Alphabet::Base64, 1, 512)?;
        Ok(AlipayCode::Receive(AlipayReceive {
            origin: Origin::of_text("https://d.alipay.com"),
            params: Params::from_pairs(&[(RecvKey::B, RECEIVE_B), (RecvKey::U, u)], RecvKey::name),
        }))
    }

    /// The form.
    pub fn form(&self) -> Form {
        match self {
            AlipayCode::Qr { .. } => Form::AlipayQr,
            AlipayCode::Wrapper { .. } => Form::AlipayWrapper,
            AlipayCode::Receive(_) => Form::AlipayReceive,
        }
    }

    /// The e-CNY typing, QET05. `qr.alipay.com` codes are typed by token prefix (SPEC.md
    /// section 6.3): `ba…` precreate orders (`bax`, the doc's `bav`) QT04; `fkx`, `tsx`, `a6x` personal receive codes QT01;
    /// any other (`stx`, `apr`, `2m6`, unknown) merchant static QT03. `d.alipay.com` codes are
    /// QT01; a wrapper takes its inner code's type.
    pub fn ecny(&self) -> EcnyTyping {
        let qt = match self {
            AlipayCode::Qr { token, .. } => qr_code_type(token),
            AlipayCode::Wrapper { wrapper, .. } => wrapper.inner_qt(),
            AlipayCode::Receive(_) => CodeType::PersonalReceive,
        };
        typing(qt, Provider::Alipay.encoding_type())
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            AlipayCode::Qr { origin, token, query } => {
                origin.encode_into(out);
                out.push('/');
                out.push_str(token);
                if let Some(q) = query {
                    out.push('?');
                    out.push_str(q);
                }
            }
            AlipayCode::Wrapper { scheme, action, wrapper } => {
                out.push_str(scheme.as_str());
                out.push_str("://platformapi/");
                out.push_str(action);
                out.push('?');
                wrapper.encode_into(out);
            }
            AlipayCode::Receive(r) => {
                r.origin.encode_into(out);
                out.push_str("/i/index.htm?");
                r.params.encode_into(out, RecvKey::name);
            }
        }
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64);
        self.encode_into(&mut s);
        s
    }
}

fn qr_code_type(token: &str) -> CodeType {
    let prefix = token.get(..3).unwrap_or_default();
    let is = |p: &str| prefix.eq_ignore_ascii_case(p);
    // Precreate order codes: `bax…` in real responses, `bav…` in the API's own example. Any
    // token that starts `ba`, `ba` itself included (SPEC section 6.3).
    if token.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("ba")) {
        CodeType::MerchantDynamic
    } else if is("fkx") || is("tsx") || is("a6x") {
        CodeType::PersonalReceive
    } else {
        CodeType::MerchantStatic
    }
}

/// Codes on `qr.alipay.com` and `d.alipay.com`.
#[inline]
pub(crate) fn parse_web<'a>(u: &Url<'a>, site: Site) -> Result<AlipayCode<'a>> {
    let origin = Origin::of(u);
    let path = u.path();
    let pat = u.path_offset();
    if site == Site::DAlipay {
        const FORM: &str = "Alipay receive";
        if path != "/i/index.htm" {
            return Err(wrong_form(Provider::Alipay, path, pat, "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=…"));
        }
        no_fragment(u, FORM)?;
        if let Some(params) = u.query().and_then(receive_in_order) {
            return Ok(AlipayCode::Receive(AlipayReceive { origin, params }));
        }
        let params = Params::parse(u.query().unwrap_or_default(), u.query_offset(), FORM, |n| match n {
            "b" => Some(RecvKey::B),
            "u" => Some(RecvKey::U),
            _ => None,
        })?;
        for (k, v, at) in params.iter_at(u.query_offset()) {
            match k {
                RecvKey::B if v != RECEIVE_B => {
                    let found = Quote::new(v);
                    return Err(Error::new(Problem::WrongValue { what: "b", expected: RECEIVE_B, found }, at, None));
                }
                RecvKey::B => {}
                RecvKey::U => check(v, at, "u", Alphabet::Base64, 1, 512)?,
            }
        }
        for k in [RecvKey::B, RecvKey::U] {
            if params.get(k).is_none() {
                let end = u.query_offset() + u.query().map_or(0, str::len);
                return Err(Error::new(Problem::Missing { what: k.name() }, end, None));
            }
        }
        return Ok(AlipayCode::Receive(AlipayReceive { origin, params }));
    }
    no_fragment(u, "qr.alipay.com")?;
    let token = path.strip_prefix('/').unwrap_or(path);
    check(token, pat + path.len() - token.len(), "the token after qr.alipay.com/", Alphabet::Alnum, 1, 64)?;
    if let Some(q) = u.query() {
        check(q, u.query_offset(), "the query", Alphabet::Query, 0, 1024)?;
    }
    Ok(AlipayCode::Qr { origin, token, query: u.query() })
}

/// `b=RECEIVE_AC&u=<u>`, `u` valid: what the general reading gives, without its lookups.
/// `None` for anything else.
fn receive_in_order(q: &str) -> Option<Params<'_, RecvKey>> {
    let mut pairs = InOrder::new(q);
    // `RECEIVE_AC` and base64 lack `&`: neither value needs a search for its end.
    if pairs.take_sized(RecvKey::B, "b=", Some(RECEIVE_B.len()))? != RECEIVE_B {
        return None;
    }
    check(pairs.take_sized(RecvKey::U, "u=", None)?, 0, "u", Alphabet::Base64, 1, 512).ok()?;
    pairs.finish()
}

/// The most common merchant code, `https://qr.alipay.com/<token>[?query]` written in lower
/// case, without the general URL split. `None` sends anything unusual (other case, a fragment,
/// a bad character) down the general path, which also names the problem; what this accepts
/// is exactly what that path would, with the same value.
#[inline]
pub(crate) fn parse_fast(input: &str) -> Option<AlipayCode<'_>> {
    const PREFIX: &str = "https://qr.alipay.com/";
    let rest = input.strip_prefix(PREFIX)?;
    // The token is letters and digits, so the first byte that is neither ends it: `?` starts
    // the query, anything else leaves the code to the general path. One scan, no search.
    let (token, query) = match first_bad(rest.as_bytes(), Alphabet::Alnum) {
        None => (rest, None),
        Some(i) if rest.as_bytes().get(i) == Some(&b'?') => (rest.get(..i)?, Some(rest.get(i + 1..)?)),
        Some(_) => return None,
    };
    if !(1..=64).contains(&token.len()) {
        return None;
    }
    if let Some(q) = query {
        check(q, 0, "", Alphabet::Query, 0, 1024).ok()?;
    }
    let origin = Origin::with_scheme_len(input.get(..PREFIX.len() - 1)?, 5);
    Some(AlipayCode::Qr { origin, token, query })
}

/// `alipays://platformapi/startapp?…` and `alipayqr://…`.
pub(crate) fn parse_app(input: &str, nesting: Nesting) -> Result<AlipayCode<'_>> {
    const FORM: &str = "Alipay wrapper";
    let (scheme, rest, at) = if let Some(r) = input.strip_prefix("alipays://") {
        (WrapperScheme::Alipays, r, 10)
    } else if let Some(r) = input.strip_prefix("alipayqr://") {
        (WrapperScheme::AlipayQr, r, 11)
    } else {
        return Err(wrong_form(Provider::Alipay, input, 0, "a lower-case \"alipays://\" or \"alipayqr://\" link"));
    };
    let not_payment = || {
        Error::new(
            Problem::NotPayment {
                provider: "Alipay",
                found: Quote::new(input),
                why: "only platformapi/startapp with qrcode= (saId 10000007) or url= (appId 20000067) carries a code",
            },
            0,
            None,
        )
    };
    let Some(r) = rest.strip_prefix("platformapi/") else {
        return Err(not_payment());
    };
    let at = at + 12;
    let (action, query) = split_query(r, at, FORM)?;
    if action != "startapp" && action != "startApp" {
        return Err(not_payment());
    }
    let Some((q, qat)) = query else {
        return Err(not_payment());
    };
    // A query with no code in it is no payment link, whatever else is wrong with it.
    let carries =
        || Pairs::new(q, qat).any(|p| p.name.eq_ignore_ascii_case("qrcode") || p.name.eq_ignore_ascii_case("url"));
    let Nesting::Outer(parse_inner) = nesting else {
        return Err(if carries() { Error::new(Problem::NestedWrapper, 0, None) } else { not_payment() });
    };
    // A wrapper that parses has its code under one of these names: the query is read again,
    // for the error, only when it does not.
    let (wrapper, app) = match Wrapper::parse_noting(q, qat, &["qrcode", "url"], &["saId", "appId"], parse_inner) {
        Ok(parsed) => parsed,
        Err(e) => return Err(if carries() { e } else { not_payment() }),
    };
    let expected = if wrapper.inner_name().eq_ignore_ascii_case("qrcode") { SCAN_APP } else { WEB_APP };
    match app {
        None => Err(Error::new(Problem::Missing { what: "saId" }, qat, None)),
        Some(v) if v != expected => {
            let what = if expected == SCAN_APP { "saId with qrcode=" } else { "appId with url=" };
            let expected = if expected == SCAN_APP { "10000007 (the scanner)" } else { "20000067 (the web view)" };
            Err(Error::new(Problem::WrongValue { what, expected, found: Quote::new(v) }, qat, None))
        }
        Some(_) => Ok(AlipayCode::Wrapper { scheme, action, wrapper }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same input through the general path: the URL split, then the `qr.alipay.com` form.
    fn general(input: &str) -> Option<AlipayCode<'_>> {
        let u = Url::split(input, input.get(..5)?).ok()?;
        parse_web(&u, Site::QrAlipay).ok()
    }

    #[test]
    fn fast_path_takes_the_common_code_with_or_without_a_query_as_the_general_path_would() {
        let longest = alloc::format!("https://qr.alipay.com/{}", "a".repeat(64));
        for input in [
            "https://qr.alipay.com/bax08123k4y9xyzabc12e045",
            "https://qr.alipay.com/bax08123k4y9xyzabc12e045?t=1700000000000",
            "https://qr.alipay.com/fkx1?",
            "https://qr.alipay.com/a?_s=web-other&x=1",
            &longest,
        ] {
            let fast = parse_fast(input);
            assert!(fast.is_some(), "{input}: the fast path should take it");
            assert_eq!(fast, general(input), "{input}");
        }
        // The first '?' ends the token; the query is what follows it, '?' excluded.
        let Some(AlipayCode::Qr { origin, token, query }) = parse_fast("https://qr.alipay.com/bax1?t=1?2") else {
            panic!("not taken");
        };
        assert_eq!((origin.scheme(), origin.host(), token, query), ("https", "qr.alipay.com", "bax1", Some("t=1?2")));
        assert!(matches!(parse_fast("https://qr.alipay.com/bax1?"), Some(AlipayCode::Qr { query: Some(""), .. })));
        assert!(matches!(parse_fast("https://qr.alipay.com/bax1"), Some(AlipayCode::Qr { query: None, .. })));
    }

    #[test]
    fn receive_codes_in_documented_order_are_read_in_one_pass() {
        let u = "MjA4ODEyMzQ1Njc4OTAxMg%3D%3D";
        let q = alloc::format!("b=RECEIVE_AC&u={u}");
        let params = receive_in_order(&q).expect("the documented order");
        assert_eq!(params.iter().collect::<alloc::vec::Vec<_>>(), [(RecvKey::B, RECEIVE_B), (RecvKey::U, u)]);
        for q in [
            "u=MjA4&b=RECEIVE_AC",
            "b=RECEIVE_AX&u=MjA4",
            "b=RECEIVE_ACC&u=MjA4",
            "b=RECEIVE_AC&u=Mj!4",
            "b=RECEIVE_AC&u=",
            "b=RECEIVE_AC",
        ] {
            assert!(receive_in_order(q).is_none(), "{q}");
        }
    }

    #[test]
    fn fast_path_leaves_anything_unusual_to_the_general_path() {
        let too_long = alloc::format!("https://qr.alipay.com/{}", "a".repeat(65));
        for input in [
            "HTTPS://QR.ALIPAY.COM/BAX08123K4Y9XYZABC12E045",
            "https://qr.alipay.com/bax1#x",
            "https://qr.alipay.com/bax1?t=1#x",
            "https://qr.alipay.com/bax1/x",
            "https://qr.alipay.com/",
            "https://qr.alipay.com/?t=1",
            &too_long,
            "https://qr.alipay.com.evil.cn/bax1",
        ] {
            assert_eq!(parse_fast(input), None, "{input}");
        }
    }
}

#[cfg(test)]
mod wrapper_tests {
    use super::*;
    use crate::providers::{MerchantCode, ProviderCode};
    use alloc::format;

    const INNER: &str = "https%3A%2F%2Fqr.alipay.com%2Fbax08123k4y9xyzabc12e045";

    /// The outcome of parsing `alipays://platformapi/startapp?{query}`: the app parameter's
    /// value, or the error's message and offset.
    fn outcome(query: &str) -> core::result::Result<alloc::string::String, (alloc::string::String, usize)> {
        let input = format!("alipays://platformapi/startapp?{query}");
        match MerchantCode::parse(&input) {
            Ok(code) => match code.code() {
                ProviderCode::Alipay(AlipayCode::Wrapper { wrapper, .. }) => Ok(wrapper.inner_name().into()),
                other => panic!("{other:?}"),
            },
            Err(e) => Err((format!("{}", e.message()), e.offset())),
        }
    }

    #[test]
    fn a_query_without_a_code_is_no_payment_link_whatever_else_is_wrong() {
        for query in ["saId=10000007", "saId=10000007&x", "a!b=1&saId=1", "saId=1&saId=2", "qrcodex=1", "urls=1"] {
            let (msg, at) = outcome(query).unwrap_err();
            assert!(msg.contains("only platformapi/startapp"), "{query}: {msg}");
            assert_eq!(at, 0, "{query}");
        }
        // With a code under either name, in any case, the query's own fault is the error.
        for (query, what) in [
            ("saId=10000007&x&qrcode=1", "no '='"),
            ("a!b=1&QRCODE=1", "parameter name"),
            ("saId=1&saId=2&url=1", "twice"),
            (&format!("saId=10000007&qrcode={INNER}&qrCode={INNER}"), "twice"),
            (&format!("qrcode={INNER}"), "saId"),
        ] {
            let (msg, _) = outcome(query).unwrap_err();
            assert!(msg.contains(what), "{query}: {msg}");
        }
    }

    #[test]
    fn the_app_is_the_first_said_or_appid_in_any_case() {
        assert_eq!(outcome(&format!("saId=10000007&qrcode={INNER}")).as_deref(), Ok("qrcode"));
        assert_eq!(outcome(&format!("SAID=10000007&x=1&QrCode={INNER}")).as_deref(), Ok("QrCode"));
        assert_eq!(outcome(&format!("qrcode={INNER}&said=10000007&appId=1")).as_deref(), Ok("qrcode"));
        let (msg, _) = outcome(&format!("appId=20000067&saId=10000007&qrcode={INNER}")).unwrap_err();
        assert!(msg.contains("20000067"), "{msg}");
        let (msg, _) = outcome(&format!("x=10000007&qrcode={INNER}")).unwrap_err();
        assert!(msg.contains("saId"), "{msg}");
        assert_eq!(outcome(&format!("appid=20000067&url={INNER}")).as_deref(), Ok("url"));
    }

    #[test]
    fn a_wrapper_inside_a_wrapper_is_refused_only_when_it_carries_a_code() {
        let nested = |inner_query: &str| {
            let inner = crate::url::percent_encode_component(&format!("alipays://platformapi/startapp?{inner_query}"));
            outcome(&format!("saId=10000007&qrcode={inner}")).unwrap_err().0
        };
        assert!(nested(&format!("saId=10000007&qrcode={INNER}")).contains("wrapper"), "nested");
        assert!(nested("saId=10000007").contains("only platformapi/startapp"));
    }
}
