//! The Chinese providers' own merchant-presented codes (URLs and app links), byte for byte,
//! and the providers carried inside EMVCo MPM codes.
//!
//! - [`MerchantCode::parse`] recognises every built-in form (SPEC.md section 6): a typed
//!   [`Code`] per provider with the form's fields, borrowed from the input. Encoding a parsed
//!   value rebuilds the input exactly (case, escapes, parameter order, fragments).
//! - Attribution is by exact host (or app scheme), never by substring: a provider's host in a
//!   path, a query, user info, a longer host, a lookalike or an escaped host is not that
//!   provider's. Any other `http(s)` URL is carried unchanged as an [`Form::Aggregated`] code
//!   with no provider.
//! - [`Registry`] adds forms the crate cannot know (China Mobile, China Unicom) at run time.
//! - [`carried`] lists the Chinese providers inside an EMVCo MPM payload (UnionPay ID 15,
//!   WeChat Pay in 17 or 26–51, Alipay and Alipay+ templates) with the legacy code they carry.
//!
//! ```
//! use hutong::providers::{Code, Form, MerchantCode, WeChatCode};
//! use hutong::Provider;
//!
//! let code = MerchantCode::parse("weixin://wxpay/bizpayurl?pr=p4lpSuKzz")?;
//! assert_eq!(code.provider(), Some(Provider::WeChatPay));
//! assert_eq!(code.form(), Form::WeChatNative);
//! assert_eq!(code.ecny().to_string(), "QT04/QET04");
//! assert!(matches!(code.code(), Code::WeChat(WeChatCode::Native { token: "p4lpSuKzz", .. })));
//! assert_eq!(code.encode(), code.as_str());
//!
//! // A provider host anywhere but in the host position is not that provider.
//! let lookalike = MerchantCode::parse("https://qr.alipay.com.evil.cn/bax05495yze5bw2eicub50f0")?;
//! assert_eq!(lookalike.provider(), None);
//! assert!(MerchantCode::parse("https://qr.alipay.com@evil.cn/bax05495yze5bw2eicub50f0").is_err());
//!
//! // Building a code from typed fields.
//! assert_eq!(WeChatCode::native("p4lpSuKzz")?.encode(), "weixin://wxpay/bizpayurl?pr=p4lpSuKzz");
//! # Ok::<(), hutong::Error>(())
//! ```

mod alipay;
pub(crate) mod alphabet;
mod bestpay;
mod ecny;
mod emv;
mod qqwallet;
mod registry;
mod unionpay;
pub mod url;
mod wechat;

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

use memchr::arch::all::memchr::{One, Two};

pub use crate::url::Origin;
pub use alipay::{AlipayCode, AlipayReceive, WrapperScheme};
use alphabet::first_bad;
pub(crate) use alphabet::Alphabet;
pub use bestpay::BestpayCode;
pub use ecny::ECnyCode;
pub use emv::{carried, provider_of_guid, Carried, WECHAT_GUID};
pub use qqwallet::{QqKey, QqWalletCode};
pub use registry::{Pattern, RegisteredCode, Registry};
pub use unionpay::{UnionPayAccount, UnionPayCode};
pub use url::Url;
pub use wechat::{
    BusinessPath, F2fBranch, Mode1, Mode1Spelling, NativeParam, NativeUp, WeChatCode, WeChatDomain, WeixinHost,
};

use crate::ecny::{CodeType, EcnyTyping, EncodingType};
use crate::error::providers::Problem;
use crate::error::{Empty, Error, ErrorKind, Quote, Result};
use crate::Provider;

/// Longest input read: the capacity of the largest QR symbol (version 40, alphanumeric mode).
/// Real codes are far shorter (a `code_url` is at most 512 characters); the cap keeps every
/// parse bounded whatever the input.
pub const MAX_INPUT: usize = 4296;

/// Checks that `s` (found at byte `at` of the input) is `min..=max` bytes of `alphabet`.
/// An empty `s` with `min > 0` is a missing parameter.
#[inline]
pub(crate) fn check(s: &str, at: usize, what: &'static str, alphabet: Alphabet, min: u16, max: u16) -> Result<()> {
    let b = s.as_bytes();
    if b.is_empty() && min > 0 {
        return Err(Error::new(Problem::Missing { what }, at, None));
    }
    if let Some(i) = first_bad(b, alphabet) {
        return Err(char_error(s, at, what, alphabet, i));
    }
    if b.len() < min as usize || b.len() > max as usize {
        return Err(Error::new(Problem::TokenLength { what, len: b.len(), min, max }, at, None));
    }
    Ok(())
}

/// The error for the byte at `i` of `s`, which [`first_bad`] refused.
#[cold]
fn char_error(s: &str, at: usize, what: &'static str, alphabet: Alphabet, i: usize) -> Error {
    let b = s.as_bytes();
    if b.get(i) == Some(&b'%') {
        if let Err(e) = crate::url::check_escape(b, i, at) {
            return e;
        }
    }
    let c = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('\u{FFFD}');
    Error::new(Problem::TokenChar { what, c, alphabet }, at + i, None)
}

/// Most parameters a typed query holds (mode 1 has six).
const MAX_PARAMS: usize = 6;

/// A form's query parameters in the order written, each named by a key the form defines.
/// The values are spans of one string (the query as written, or the one a constructor
/// wrote), which keeps the value small: it is returned by value on the fast path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Params<'a, K> {
    base: Cow<'a, str>,
    keys: [Option<K>; MAX_PARAMS],
    spans: [(u16, u16); MAX_PARAMS],
    len: u8,
}

impl<'a, K: Copy + Eq> Params<'a, K> {
    /// Parameters from `(key, value)` pairs, in order (at most six); the caller ensures no key
    /// repeats. Writes them out once, as `name=value&…`.
    pub(crate) fn from_pairs(pairs: &[(K, &str)], name: impl Fn(K) -> &'static str) -> Params<'a, K> {
        let mut base = String::new();
        let mut p = Params { base: Cow::Borrowed(""), keys: [None; MAX_PARAMS], spans: [(0, 0); MAX_PARAMS], len: 0 };
        for (i, &(k, v)) in pairs.iter().take(MAX_PARAMS).enumerate() {
            if i > 0 {
                base.push('&');
            }
            base.push_str(name(k));
            base.push('=');
            let start = base.len();
            base.push_str(v);
            p.push(k, start, base.len());
        }
        p.base = Cow::Owned(base);
        p
    }

    /// Parameters already found in `query`: `(key, start, end)` of each value, in order.
    pub(crate) fn from_spans(query: &'a str, spans: &[(K, usize, usize)]) -> Params<'a, K> {
        let mut p =
            Params { base: Cow::Borrowed(query), keys: [None; MAX_PARAMS], spans: [(0, 0); MAX_PARAMS], len: 0 };
        for &(k, start, end) in spans {
            p.push(k, start, end);
        }
        p
    }

    /// Records a parameter whose value is `base[start..end]`; false when full.
    fn push(&mut self, k: K, start: usize, end: usize) -> bool {
        let i = self.len as usize;
        match (self.keys.get_mut(i), self.spans.get_mut(i)) {
            (Some(ks), Some(sp)) => {
                *ks = Some(k);
                *sp = (start as u16, end as u16);
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    /// Reads `query` (at byte `at`): every pair must have `=`, a name `lookup` knows, and
    /// appear once. Returns the parameters and each value's byte offset in the input.
    pub(crate) fn parse(
        query: &'a str,
        at: usize,
        form: &'static str,
        lookup: impl Fn(&str) -> Option<K>,
    ) -> Result<(Params<'a, K>, [usize; MAX_PARAMS])> {
        let mut p =
            Params { base: Cow::Borrowed(query), keys: [None; MAX_PARAMS], spans: [(0, 0); MAX_PARAMS], len: 0 };
        let mut offsets = [0usize; MAX_PARAMS];
        for pair in crate::url::Pairs::new(query, 0) {
            let unexpected =
                || Error::new(Problem::UnexpectedParam { form, found: Quote::new(pair.name) }, at + pair.offset, None);
            let Some(k) = lookup(pair.name) else {
                return Err(unexpected());
            };
            let Some(v) = pair.value else {
                return Err(Error::new(Problem::NoValue { found: Quote::new(pair.name) }, at + pair.offset, None));
            };
            if p.keys.iter().take(p.len as usize).any(|&key| key == Some(k)) {
                return Err(Error::new(
                    Problem::DuplicateParam { found: Quote::new(pair.name) },
                    at + pair.offset,
                    None,
                ));
            }
            let start = pair.value_offset();
            if let Some(o) = offsets.get_mut(p.len as usize) {
                *o = at + start;
            }
            if !p.push(k, start, start + v.len()) {
                return Err(unexpected());
            }
        }
        Ok((p, offsets))
    }

    /// The parameters with the input's lifetime, for a parsed value (none for a built one).
    pub(crate) fn iter_parsed(&self) -> impl Iterator<Item = (K, &'a str)> + '_ {
        let base: &'a str = match self.base {
            Cow::Borrowed(b) => b,
            Cow::Owned(_) => "",
        };
        self.keys
            .iter()
            .zip(self.spans.iter())
            .take(self.len as usize)
            .filter_map(move |(k, &(s, e))| Some((k.as_ref().copied()?, base.get(s as usize..e as usize)?)))
    }

    pub(crate) fn get(&self, k: K) -> Option<&str> {
        self.iter().find(|&(key, _)| key == k).map(|(_, v)| v)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (K, &str)> + '_ {
        self.keys
            .iter()
            .zip(self.spans.iter())
            .take(self.len as usize)
            .filter_map(|(k, &(s, e))| Some((k.as_ref().copied()?, self.base.get(s as usize..e as usize)?)))
    }

    pub(crate) fn encode_into(&self, out: &mut String, name: impl Fn(K) -> &'static str) {
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(name(k));
            out.push('=');
            out.push_str(v);
        }
    }
}

/// A transport layer around another code: an app link or gateway URL whose query carries the
/// real code percent-encoded (`alipays://…?saId=10000007&qrcode=<escaped>`). Every
/// parameter is kept as written and in order; the inner code is decoded and parsed too.
///
/// Parsing allocates nothing: the query is borrowed and the inner code is checked in a stack
/// buffer. [`decoded`](Self::decoded) and [`inner`](Self::inner) decode it again when asked
/// (one allocation when the inner code holds escapes, none otherwise) and hand the result
/// out owned, so that the wrapper keeps no cache and stays `Sync`.
#[derive(Clone, PartialEq, Eq)]
pub struct Wrapper<'a> {
    /// The query as written (owned when built by a constructor); `name=value` pairs joined by `&`.
    query: Cow<'a, str>,
    /// Byte range of the inner parameter's name in `query`.
    name: (u16, u16),
    /// Byte range of the inner parameter's value (escaped, as written) in `query`.
    escaped: (u16, u16),
    inner_form: Form,
    inner_qt: CodeType,
}

impl fmt::Debug for Wrapper<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wrapper")
            .field("query", &&*self.query)
            .field("inner_name", &self.inner_name())
            .field("escaped", &self.escaped())
            .field("inner_form", &self.inner_form)
            .field("inner_qt", &self.inner_qt)
            .finish()
    }
}

/// A wrapper's inner code, decoded: borrowed from the wrapper when it held no escape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inner<'a> {
    text: Cow<'a, str>,
}

impl Inner<'_> {
    /// The inner code as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The inner code, parsed (it was checked when the wrapper was parsed or built).
    pub fn code(&self) -> Option<MerchantCode<'_>> {
        parse_at(&self.text, true).ok().map(|code| MerchantCode { input: &self.text, code })
    }

    /// The inner code's form.
    pub fn form(&self) -> Form {
        self.code().map_or(Form::Aggregated, |c| c.form())
    }

    /// The inner code's provider.
    pub fn provider(&self) -> Option<Provider> {
        self.code().and_then(|c| c.provider())
    }

    /// The inner code encoded again from its parsed form.
    pub fn encode(&self) -> String {
        self.code().map_or_else(String::new, |c| c.encode())
    }
}

fn span(start: usize, end: usize) -> (u16, u16) {
    (u16::try_from(start).unwrap_or(u16::MAX), u16::try_from(end).unwrap_or(u16::MAX))
}

/// The most parameters a wrapper link may have (public ones have three to six).
const MAX_WRAPPER_PARAMS: usize = 32;

impl<'a> Wrapper<'a> {
    /// Reads a wrapper query at byte `at`: `name=value` pairs, with the inner code under one
    /// of `inner_names` (compared ignoring case), exactly once.
    pub(crate) fn parse(query: &'a str, at: usize, inner_names: &[&'static str]) -> Result<Self> {
        if query.len() > MAX_INPUT {
            return Err(Error::new(Problem::TooLong { len: query.len(), max: MAX_INPUT }, at + MAX_INPUT, None));
        }
        let mut inner: Option<(usize, &'a str, usize)> = None;
        // Names seen so far: a bounded list keeps the duplicate check linear in the input.
        let mut seen: [&str; MAX_WRAPPER_PARAMS] = [""; MAX_WRAPPER_PARAMS];
        for (n, pair) in crate::url::Pairs::new(query, at).enumerate() {
            check(pair.name, pair.offset, "a parameter name", Alphabet::UrlSafe, 1, 64).map_err(|e| {
                if e.kind() == ErrorKind::MissingParameter {
                    Error::new(Problem::NoValue { found: Quote::new(pair.name) }, pair.offset, None)
                } else {
                    e
                }
            })?;
            if seen.iter().take(n).any(|p| p.eq_ignore_ascii_case(pair.name)) {
                return Err(Error::new(Problem::DuplicateParam { found: Quote::new(pair.name) }, pair.offset, None));
            }
            let Some(slot) = seen.get_mut(n) else {
                return Err(Error::new(Problem::TooManyParams { max: MAX_WRAPPER_PARAMS }, pair.offset, None));
            };
            *slot = pair.name;
            let Some(value) = pair.value else {
                return Err(Error::new(Problem::NoValue { found: Quote::new(pair.name) }, pair.offset, None));
            };
            if inner_names.iter().any(|n| n.eq_ignore_ascii_case(pair.name)) {
                if inner.is_some() {
                    let found = Quote::new(pair.name);
                    return Err(Error::new(Problem::DuplicateParam { found }, pair.offset, None));
                }
                inner = Some((pair.offset - at, value, pair.value_offset()));
            } else {
                check(value, pair.value_offset(), "a parameter value", Alphabet::Value, 0, MAX_INPUT as u16)?;
            }
        }
        let what = inner_names.first().copied().unwrap_or("the inner code");
        let Some((name_at, escaped, value_at)) = inner else {
            return Err(Error::new(Problem::Missing { what }, at + query.len(), None));
        };
        check(escaped, value_at, what, Alphabet::Value, 1, MAX_INPUT as u16)?;
        let mut buf = [0u8; MAX_INPUT];
        let decoded = crate::url::percent_decode_into(escaped, &mut buf).map_err(|e| e.shifted(value_at))?;
        let (inner_form, inner_qt) = inspect_inner(decoded).map_err(|e| e.shifted(value_at))?;
        let local_value = value_at - at;
        Ok(Wrapper {
            query: Cow::Borrowed(query),
            name: span(name_at, local_value - 1),
            escaped: span(local_value, local_value + escaped.len()),
            inner_form,
            inner_qt,
        })
    }

    /// A wrapper for `inner` with `params` before it (built by constructors).
    pub(crate) fn build(params: &[(&'a str, &'a str)], inner_name: &'a str, inner: &str) -> Result<Wrapper<'a>> {
        let (inner_form, inner_qt) = inspect_inner(inner)?;
        let mut query = String::new();
        for &(n, v) in params {
            query.push_str(n);
            query.push('=');
            query.push_str(v);
            query.push('&');
        }
        let name_at = query.len();
        query.push_str(inner_name);
        query.push('=');
        let value_at = query.len();
        query.push_str(&crate::url::percent_encode_component(inner));
        // At most three times MAX_INPUT (the inner code was checked): the ranges fit in u16.
        let end = query.len();
        Ok(Wrapper {
            query: Cow::Owned(query),
            name: span(name_at, value_at - 1),
            escaped: span(value_at, end),
            inner_form,
            inner_qt,
        })
    }

    fn slice(&self, (start, end): (u16, u16)) -> &str {
        self.query.get(start as usize..end as usize).unwrap_or_default()
    }

    /// The parameters in order, as written, the inner code's value escaped as written.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        crate::url::Pairs::new(&self.query, 0).map(|p| (p.name, p.value.unwrap_or_default()))
    }

    /// The value of parameter `name` (exact spelling) as written.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|&(n, _)| n == name).map(|(_, v)| v)
    }

    /// The name of the parameter that carries the inner code, as written (`qrcode`, `qrCode`, `url`).
    pub fn inner_name(&self) -> &str {
        self.slice(self.name)
    }

    /// The inner code as written in the wrapper (percent-encoded).
    pub fn escaped(&self) -> &str {
        self.slice(self.escaped)
    }

    /// The inner code, percent-decoded: borrowed when it holds no escape, else decoded now.
    pub fn decoded(&self) -> Cow<'_, str> {
        // Checked when parsed, so the fallback is not reached.
        crate::url::percent_decode(self.escaped()).unwrap_or(Cow::Borrowed(""))
    }

    /// The inner code, decoded (see [`decoded`](Self::decoded)).
    pub fn inner(&self) -> Inner<'_> {
        Inner { text: self.decoded() }
    }

    /// The inner code's form.
    pub fn inner_form(&self) -> Form {
        self.inner_form
    }

    pub(crate) fn inner_qt(&self) -> CodeType {
        self.inner_qt
    }

    pub(crate) fn encode_into(&self, out: &mut String) {
        // The query is exactly its `name=value` pairs joined by `&`, each checked when parsed.
        out.push_str(&self.query);
    }
}

/// Parses a wrapper's inner code (no wrapper inside) and returns its form and code type.
fn inspect_inner(decoded: &str) -> Result<(Form, CodeType)> {
    match parse_at(decoded, true) {
        Ok(code) => Ok((code.form(), code.ecny().qt)),
        Err(e) if matches!(e.kind(), ErrorKind::Unrecognised | ErrorKind::Empty) => {
            Err(Error::new(Problem::InnerNotMerchant { found: Quote::new(decoded) }, 0, None))
        }
        Err(e) => Err(e),
    }
}

/// Every form of merchant code the crate reads, with a stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Form {
    /// `weixin://wxpay/bizpayurl?pr=<token>`: WeChat Pay Native dynamic `code_url`.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-native"))]
    WeChatNative,
    /// `weixin://wxpay/bizpayurl/up?pr=<token>&groupid=<id>`: Native `code_url`, `/up` variant.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-native-up"))]
    WeChatNativeUp,
    /// `weixin://wxpay/bizpayurl?sign=…&appid=…&…`: Native mode 1 static product code.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-mode1"))]
    WeChatMode1,
    /// `weixin://wxpay/s/<token>`: short link (mode 1).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-short"))]
    WeChatShort,
    /// `wxp://f2f0…` / `wxp://wbf2f…`: personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-f2f"))]
    WeChatF2f,
    /// `https://wx.tenpay.com/f2f?t=<base64>`: personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "wechat-tenpay-f2f"))]
    WeChatTenpayF2f,
    /// `https://payapp.weixin.qq.com/qr/<id>?t=…#wechat_pay` (and `payapp.wechatpay.cn`).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-payapp"))]
    WeChatPayApp,
    /// Business and small-merchant codes (`materialqr/entry`, `qrpay/order`, `md`, `sjt/qr`, `lnk/qr`).
    #[cfg_attr(feature = "serde", serde(rename = "wechat-business"))]
    WeChatBusiness,
    /// `https://qr.alipay.com/<token>[?query]`, any letter case.
    #[cfg_attr(feature = "serde", serde(rename = "alipay-qr"))]
    AlipayQr,
    /// `alipays://platformapi/startapp?…&qrcode=<escaped code>` and `alipayqr://…`.
    #[cfg_attr(feature = "serde", serde(rename = "alipay-wrapper"))]
    AlipayWrapper,
    /// `https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=<base64>`: older personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "alipay-receive"))]
    AlipayReceive,
    /// `https://qr.95516.com/<8-digit institution>/<payload>`.
    #[cfg_attr(feature = "serde", serde(rename = "unionpay-qr"))]
    UnionPayQr,
    /// `https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=<escaped code>`.
    #[cfg_attr(feature = "serde", serde(rename = "unionpay-gateway"))]
    UnionPayGateway,
    /// `http://m.bestpay.com.cn/#/apa/<token>face2face`: Bestpay personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "bestpay-f2f"))]
    BestpayF2f,
    /// `https://i.qianbao.qq.com/wallet/sqrcode.htm?…`: QQ Wallet personal receive code.
    #[cfg_attr(feature = "serde", serde(rename = "qq-wallet"))]
    QqWallet,
    /// `dcep://uniwallet/unipay[?…]`: e-CNY wallet payment link.
    #[cfg_attr(feature = "serde", serde(rename = "ecny-app"))]
    ECnyApp,
    /// Any other `http(s)` URL (聚合码 aggregated codes, acquirers' cashier pages): carried as
    /// written, with no provider.
    #[cfg_attr(feature = "serde", serde(rename = "aggregated"))]
    Aggregated,
    /// A code matched by a pattern added to a [`Registry`].
    #[cfg_attr(feature = "serde", serde(rename = "registered"))]
    Registered,
}

impl Form {
    /// Every form, in a fixed order.
    pub const ALL: [Form; 18] = [
        Form::WeChatNative,
        Form::WeChatNativeUp,
        Form::WeChatMode1,
        Form::WeChatShort,
        Form::WeChatF2f,
        Form::WeChatTenpayF2f,
        Form::WeChatPayApp,
        Form::WeChatBusiness,
        Form::AlipayQr,
        Form::AlipayWrapper,
        Form::AlipayReceive,
        Form::UnionPayQr,
        Form::UnionPayGateway,
        Form::BestpayF2f,
        Form::QqWallet,
        Form::ECnyApp,
        Form::Aggregated,
        Form::Registered,
    ];

    /// The stable kebab-case id (`wechat-native`, `alipay-qr`, …).
    pub const fn id(self) -> &'static str {
        match self {
            Form::WeChatNative => "wechat-native",
            Form::WeChatNativeUp => "wechat-native-up",
            Form::WeChatMode1 => "wechat-mode1",
            Form::WeChatShort => "wechat-short",
            Form::WeChatF2f => "wechat-f2f",
            Form::WeChatTenpayF2f => "wechat-tenpay-f2f",
            Form::WeChatPayApp => "wechat-payapp",
            Form::WeChatBusiness => "wechat-business",
            Form::AlipayQr => "alipay-qr",
            Form::AlipayWrapper => "alipay-wrapper",
            Form::AlipayReceive => "alipay-receive",
            Form::UnionPayQr => "unionpay-qr",
            Form::UnionPayGateway => "unionpay-gateway",
            Form::BestpayF2f => "bestpay-f2f",
            Form::QqWallet => "qq-wallet",
            Form::ECnyApp => "ecny-app",
            Form::Aggregated => "aggregated",
            Form::Registered => "registered",
        }
    }

    /// The provider whose form this is; `None` for [`Form::Aggregated`] and
    /// [`Form::Registered`] (a registered code's provider comes from its pattern).
    pub const fn provider(self) -> Option<Provider> {
        Some(match self {
            Form::WeChatNative
            | Form::WeChatNativeUp
            | Form::WeChatMode1
            | Form::WeChatShort
            | Form::WeChatF2f
            | Form::WeChatTenpayF2f
            | Form::WeChatPayApp
            | Form::WeChatBusiness => Provider::WeChatPay,
            Form::AlipayQr | Form::AlipayWrapper | Form::AlipayReceive => Provider::Alipay,
            Form::UnionPayQr | Form::UnionPayGateway => Provider::UnionPay,
            Form::BestpayF2f => Provider::Bestpay,
            Form::QqWallet => Provider::QqWallet,
            Form::ECnyApp => Provider::ECny,
            Form::Aggregated | Form::Registered => return None,
        })
    }

    /// Whether the form wraps another code ([`MerchantCode::inner`]).
    pub const fn is_wrapper(self) -> bool {
        matches!(self, Form::AlipayWrapper | Form::UnionPayGateway)
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The id matched no form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownForm;

impl fmt::Display for UnknownForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown merchant code form id")
    }
}

impl core::str::FromStr for Form {
    type Err = UnknownForm;

    /// Parses a stable id such as `wechat-native`.
    fn from_str(s: &str) -> Result<Form, UnknownForm> {
        Form::ALL.into_iter().find(|f| f.id() == s).ok_or(UnknownForm)
    }
}

/// The typed value of a merchant code: one variant per provider, each an enum of that
/// provider's forms with their fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Code<'a> {
    /// WeChat Pay (SPEC.md section 6.3).
    WeChat(WeChatCode<'a>),
    /// Alipay.
    Alipay(AlipayCode<'a>),
    /// UnionPay.
    UnionPay(UnionPayCode<'a>),
    /// Bestpay.
    Bestpay(BestpayCode<'a>),
    /// QQ Wallet.
    QqWallet(QqWalletCode<'a>),
    /// e-CNY.
    ECny(ECnyCode<'a>),
    /// An aggregated or unknown `http(s)` URL, carried as written with no provider (SPEC.md section 6.1, rule 5).
    Aggregated(Url<'a>),
    /// A code matched by a [`Registry`] pattern.
    Registered(RegisteredCode<'a>),
}

impl Code<'_> {
    /// The provider; `None` for aggregated codes.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            Code::Registered(r) => Some(r.provider()),
            // A wrapper is its owner's only around a code that owner pays: Alipay's link
            // around an Alipay code, UnionPay's gateway around any provider's code (UnionPay's
            // app pays them through it). Around a code of no provider (an aggregated URL, a
            // look-alike host) it opens somebody's page, and names no provider.
            Code::Alipay(AlipayCode::Wrapper { wrapper, .. }) => {
                (wrapper.inner_form().provider() == Some(Provider::Alipay)).then_some(Provider::Alipay)
            }
            Code::UnionPay(UnionPayCode::Gateway { wrapper, .. }) => {
                wrapper.inner_form().provider().map(|_| Provider::UnionPay)
            }
            other => other.form().provider(),
        }
    }

    /// The form.
    pub fn form(&self) -> Form {
        match self {
            Code::WeChat(c) => c.form(),
            Code::Alipay(c) => c.form(),
            Code::UnionPay(c) => c.form(),
            Code::Bestpay(_) => Form::BestpayF2f,
            Code::QqWallet(_) => Form::QqWallet,
            Code::ECny(_) => Form::ECnyApp,
            Code::Aggregated(_) => Form::Aggregated,
            Code::Registered(_) => Form::Registered,
        }
    }

    /// The e-CNY interconnection typing (SPEC.md section 6.3).
    pub fn ecny(&self) -> EcnyTyping {
        match self {
            Code::WeChat(c) => c.ecny(),
            Code::Alipay(c) => c.ecny(),
            Code::UnionPay(c) => c.ecny(),
            Code::Bestpay(_) => typing(CodeType::PersonalReceive, EncodingType::Aggregated),
            Code::QqWallet(_) => typing(CodeType::PersonalReceive, EncodingType::Aggregated),
            Code::ECny(_) => typing(CodeType::MerchantDynamic, EncodingType::ECny),
            Code::Aggregated(_) => typing(CodeType::MerchantStatic, EncodingType::Aggregated),
            Code::Registered(r) => r.typing(),
        }
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            Code::WeChat(c) => c.encode_into(out),
            Code::Alipay(c) => c.encode_into(out),
            Code::UnionPay(c) => c.encode_into(out),
            Code::Bestpay(c) => c.encode_into(out),
            Code::QqWallet(c) => c.encode_into(out),
            Code::ECny(c) => c.encode_into(out),
            Code::Aggregated(u) => u.encode_into(out),
            Code::Registered(r) => r.url().encode_into(out),
        }
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64);
        self.encode_into(&mut s);
        s
    }

    /// The wrapper layer, for wrapper forms.
    pub fn wrapper(&self) -> Option<&Wrapper<'_>> {
        match self {
            Code::Alipay(AlipayCode::Wrapper { wrapper, .. }) => Some(wrapper),
            Code::UnionPay(UnionPayCode::Gateway { wrapper, .. }) => Some(wrapper),
            _ => None,
        }
    }
}

pub(crate) const fn typing(qt: CodeType, qet: EncodingType) -> EcnyTyping {
    EcnyTyping { qt, qet: Some(qet) }
}

/// A recognised merchant-presented code: one of the providers' legacy forms, or an
/// aggregated/unknown `http(s)` URL carried with no provider.
///
/// Parsing borrows from the input and allocates nothing, wrapper forms included (their inner
/// code is percent-decoded when [`inner`](Self::inner) is called). [`MerchantCode::encode`] rebuilds the code from its typed fields
/// and gives back the input byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantCode<'a> {
    input: &'a str,
    code: Code<'a>,
}

impl<'a> MerchantCode<'a> {
    /// Recognises one of the built-in forms. Errors carry the byte offset of the problem:
    /// - [`Unrecognised`](ErrorKind::Unrecognised): not a URL or app link (payment codes,
    ///   EMVCo payloads) or an unknown non-web scheme;
    /// - [`InvalidCharacter`](ErrorKind::InvalidCharacter): control, whitespace, bidi,
    ///   zero-width or invisible characters anywhere, or a token outside its alphabet;
    /// - [`InvalidUrl`](ErrorKind::InvalidUrl): user info, backslashes, escaped or malformed
    ///   hosts, bad escapes, unexpected or repeated parameters;
    /// - [`MissingParameter`](ErrorKind::MissingParameter): an empty or missing token;
    /// - [`WrongFormat`](ErrorKind::WrongFormat): a provider's host or scheme with a path
    ///   that is none of its forms, or a token of the wrong length;
    /// - [`Empty`](ErrorKind::Empty), [`TooLong`](ErrorKind::TooLong): nothing, or more than
    ///   [`MAX_INPUT`] bytes.
    #[inline]
    pub fn parse(input: &'a str) -> Result<MerchantCode<'a>> {
        parse_at(input, false).map(|code| MerchantCode { input, code })
    }

    pub(crate) fn from_parts(input: &'a str, code: Code<'a>) -> MerchantCode<'a> {
        MerchantCode { input, code }
    }

    /// The provider; `None` for aggregated and unknown URLs.
    pub fn provider(&self) -> Option<Provider> {
        self.code.provider()
    }

    /// The form.
    pub fn form(&self) -> Form {
        self.code.form()
    }

    /// The input, as parsed.
    pub fn as_str(&self) -> &'a str {
        self.input
    }

    /// The typed value.
    pub fn code(&self) -> &Code<'a> {
        &self.code
    }

    /// The typed value, taken out.
    pub fn into_code(self) -> Code<'a> {
        self.code
    }

    /// The code rebuilt from its typed fields: equal to [`as_str`](Self::as_str).
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(self.input.len());
        self.code.encode_into(&mut s);
        s
    }

    /// Appends the code rebuilt from its typed fields.
    pub fn encode_into(&self, out: &mut String) {
        self.code.encode_into(out);
    }

    /// The e-CNY typing: `QT01` personal receive, `QT03` merchant static, `QT04` merchant
    /// dynamic; `QET04` WeChat, `QET05` Alipay, `QET02` UnionPay, `QET01` e-CNY, `QET03`
    /// aggregated and every other provider.
    pub fn ecny(&self) -> EcnyTyping {
        self.code.ecny()
    }

    /// For wrappers ([`Form::is_wrapper`]): the decoded inner code.
    pub fn inner(&self) -> Option<Inner<'_>> {
        self.code.wrapper().map(Wrapper::inner)
    }
}

impl fmt::Display for MerchantCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.input)
    }
}

/// A host whose codes the crate knows, with its provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    WxTenpay,
    PayAppWeixin,
    PayAppWechatpay,
    WxpayTenpay,
    WxpayWechatpay,
    SjtWxpapp,
    QrAlipay,
    DAlipay,
    Qr95516,
    MBestpay,
    IQianbao,
}

/// The built-in host table: exact host names, compared ignoring ASCII case.
pub(crate) const SITES: [(&str, Site, Provider); 11] = [
    ("qr.alipay.com", Site::QrAlipay, Provider::Alipay),
    ("wx.tenpay.com", Site::WxTenpay, Provider::WeChatPay),
    ("qr.95516.com", Site::Qr95516, Provider::UnionPay),
    ("payapp.weixin.qq.com", Site::PayAppWeixin, Provider::WeChatPay),
    ("payapp.wechatpay.cn", Site::PayAppWechatpay, Provider::WeChatPay),
    ("wxpay.tenpay.com", Site::WxpayTenpay, Provider::WeChatPay),
    ("wxpay.wechatpay.cn", Site::WxpayWechatpay, Provider::WeChatPay),
    ("sjt.wxpapp.wechatpay.cn", Site::SjtWxpapp, Provider::WeChatPay),
    ("d.alipay.com", Site::DAlipay, Provider::Alipay),
    ("m.bestpay.com.cn", Site::MBestpay, Provider::Bestpay),
    ("i.qianbao.qq.com", Site::IQianbao, Provider::QqWallet),
];

/// App schemes the crate knows, with their provider.
pub(crate) const APP_SCHEMES: [(&str, Provider); 5] = [
    ("weixin", Provider::WeChatPay),
    ("wxp", Provider::WeChatPay),
    ("alipays", Provider::Alipay),
    ("alipayqr", Provider::Alipay),
    ("dcep", Provider::ECny),
];

#[inline]
fn site(host: &str) -> Option<(Site, Provider)> {
    SITES.iter().find(|(h, ..)| same_host(host.as_bytes(), h.as_bytes())).map(|&(_, s, p)| (s, p))
}

/// `host` equals the lower-case table entry `lower`, ignoring ASCII case. The host has passed
/// the URL checks (letters, digits, `-`, `.`, `_`), and the table holds only lower-case
/// letters, digits, `-` and `.`, so setting bit 0x20 lower-cases a host byte without making a
/// digit, `-`, `.` or `_` equal to anything else; no early exit, so it vectorises.
#[inline]
fn same_host(host: &[u8], lower: &[u8]) -> bool {
    host.len() == lower.len() && host.iter().zip(lower).fold(0u8, |acc, (&a, &b)| acc | ((a | 0x20) ^ b)) == 0
}

/// The provider whose codes live on `host` (exact name, any letter case): the built-in host
/// table. `None` for every other host, including subdomains and lookalikes.
pub fn provider_of_host(host: &str) -> Option<Provider> {
    site(host).map(|(_, p)| p)
}

/// The built-in host table: every host whose codes the crate attributes to a provider.
pub fn provider_hosts() -> impl Iterator<Item = (&'static str, Provider)> {
    SITES.iter().map(|&(h, _, p)| (h, p))
}

/// Checks that apply to every input: length, and characters that must never be in a code.
#[inline(always)]
fn precheck(input: &str) -> Result<()> {
    let bytes = input.as_bytes();
    if bytes.is_empty() {
        return Err(Error::new(Empty::MerchantCode, 0, None));
    }
    if bytes.len() > MAX_INPUT {
        return Err(Error::new(Problem::TooLong { len: bytes.len(), max: MAX_INPUT }, MAX_INPUT, None));
    }
    if !crate::text::all_visible_ascii(bytes) {
        let bad = |c: char| crate::text::is_invisible(c) || c.is_whitespace();
        if let Some((i, c)) = input.char_indices().find(|&(_, c)| bad(c)) {
            return Err(Error::new(crate::error::input::Problem::Unsafe(c), i, None));
        }
    }
    Ok(())
}

/// The error for an input with no scheme. Payment codes and EMVCo payloads are
/// [`Unrecognised`](ErrorKind::Unrecognised) here (their parsers own them, and a merchant name
/// may hold spaces); leading whitespace or any control, bidi or invisible character is
/// still reported as what it is.
#[cold]
fn not_url(input: &str) -> Error {
    if input.is_empty() {
        return Error::new(Empty::MerchantCode, 0, None);
    }
    if crate::text::all_visible_ascii(input.as_bytes()) {
        return Error::new(Problem::NotUrl { found: Quote::new(input) }, 0, None);
    }
    let hidden = |c: char| crate::text::is_invisible(c);
    let leading = input.chars().next().filter(|&c| c.is_whitespace() || hidden(c));
    let found = leading.map(|c| (0, c)).or_else(|| input.char_indices().find(|&(_, c)| hidden(c)));
    match found {
        Some((i, c)) => Error::new(crate::error::input::Problem::Unsafe(c), i, None),
        None => Error::new(Problem::NotUrl { found: Quote::new(input) }, 0, None),
    }
}

/// Whether an input without a valid scheme still reads as an attempt at a URL (`"://"` near
/// the start, not a digit first): its stray characters are then reported as such. Payment
/// codes and EMVCo payloads start with digits; CPM payloads are base64 and have no `:`.
fn looks_like_url(input: &str) -> bool {
    let bytes = input.as_bytes();
    let head = bytes.get(..bytes.len().min(48)).unwrap_or_default();
    !bytes.first().is_some_and(u8::is_ascii_digit) && head.windows(3).any(|w| w == b"://")
}

/// Recognises the built-in forms; `nested` is set when parsing a wrapper's inner code.
#[inline]
pub(crate) fn parse_at(input: &str, nested: bool) -> Result<Code<'_>> {
    if let Some(code) = alipay::parse_fast(input) {
        return Ok(Code::Alipay(code));
    }
    let bytes = input.as_bytes();
    // The common case first: a web URL, whose scheme needs no search.
    let web = if starts_with_ci(bytes, b"https://") {
        input.get(..5)
    } else if starts_with_ci(bytes, b"http://") {
        input.get(..4)
    } else {
        None
    };
    if let Some(scheme) = web {
        precheck(input)?;
        if let Some((u, found)) = known_site(input, scheme.len()) {
            return parse_site(u, Some(found), nested);
        }
        // Provider forms check every part against their own alphabets.
        let mut found = None;
        let u = Url::split_with(input, scheme, |h| {
            found = site(h);
            found.is_some()
        })?;
        return parse_site(u, found, nested);
    }
    let scheme = crate::url::scheme(input);
    if scheme.is_none() && !looks_like_url(input) {
        return Err(not_url(input));
    }
    precheck(input)?;
    let Some(scheme) = scheme else {
        return Err(Error::new(Problem::NotUrl { found: Quote::new(input) }, 0, None));
    };
    if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") {
        return parse_web(Url::split(input, scheme)?, nested);
    }
    let app = APP_SCHEMES.iter().find(|(s, _)| s.eq_ignore_ascii_case(scheme)).map(|&(s, _)| s);
    match app {
        Some("weixin") | Some("wxp") => wechat::parse_app(input).map(Code::WeChat),
        Some("alipays") | Some("alipayqr") => alipay::parse_app(input, nested).map(Code::Alipay),
        Some("dcep") => ecny::parse_app(input).map(Code::ECny),
        _ => Err(Error::new(Problem::UnknownScheme { found: Quote::new(scheme) }, 0, None)),
    }
}

/// The URL of a code written `scheme://<table host>` in lower case and followed by `/`, `?`,
/// `#` or nothing: such a host needs no checking and no search. Anything else (another case,
/// a port, user info, a longer host) is `None` and goes the general way.
#[inline]
fn known_site(input: &str, scheme_len: usize) -> Option<(Url<'_>, (Site, Provider))> {
    let host_at = scheme_len + 3;
    let rest = input.as_bytes().get(host_at..)?;
    let &(host, site, provider) = SITES.iter().find(|(h, ..)| {
        rest.starts_with(h.as_bytes()) && matches!(rest.get(h.len()), None | Some(b'/' | b'?' | b'#'))
    })?;
    Some((Url::after_authority(input, scheme_len, host_at + host.len()), (site, provider)))
}

/// A web code: a provider's form when the host is in the table, else an aggregated code.
#[inline]
fn parse_web(u: Url<'_>, nested: bool) -> Result<Code<'_>> {
    let found = site(u.host());
    parse_site(u, found, nested)
}

/// A web code whose host was looked up in the table already.
#[inline]
fn parse_site(u: Url<'_>, found: Option<(Site, Provider)>, nested: bool) -> Result<Code<'_>> {
    let Some((site, _)) = found else {
        return Ok(Code::Aggregated(u));
    };
    if u.port().is_some() {
        return Err(Error::new(Problem::ProviderPort { host: Quote::new(u.host()) }, u.host_offset(), None));
    }
    match site {
        Site::QrAlipay | Site::DAlipay => alipay::parse_web(&u, site).map(Code::Alipay),
        Site::Qr95516 => unionpay::parse_web(&u, nested).map(Code::UnionPay),
        Site::MBestpay => bestpay::parse_web(&u).map(Code::Bestpay),
        Site::IQianbao => qqwallet::parse_web(&u).map(Code::QqWallet),
        _ => wechat::parse_web(&u, site).map(Code::WeChat),
    }
}

#[inline]
fn starts_with_ci(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// Splits `rest` (at byte `at`) into the part before `?` and the query, refusing a fragment:
/// the app links have none.
pub(crate) fn split_query<'a>(
    rest: &'a str,
    at: usize,
    form: &'static str,
) -> Result<(&'a str, Option<(&'a str, usize)>)> {
    let bytes = rest.as_bytes();
    // An app link's rest is short: memchr's word-at-a-time search inlines.
    let query = Two::new(b'?', b'#').find(bytes);
    let fragment = match query {
        Some(i) if bytes.get(i) == Some(&b'#') => Some(i),
        Some(i) => One::new(b'#').find(bytes.get(i..).unwrap_or_default()).map(|f| i + f),
        None => None,
    };
    if let Some(i) = fragment {
        let found = Quote::new(rest.get(i..).unwrap_or_default());
        return Err(Error::new(Problem::Unexpected { form, part: "fragment", found }, at + i, None));
    }
    Ok(match query {
        Some(i) => (rest.get(..i).unwrap_or_default(), rest.get(i + 1..).map(|q| (q, at + i + 1))),
        None => (rest, None),
    })
}

/// Refuses a fragment on a web form that has none.
#[inline]
pub(crate) fn no_fragment(u: &Url<'_>, form: &'static str) -> Result<()> {
    if let Some(f) = u.fragment() {
        let found = Quote::new(f);
        return Err(Error::new(Problem::Unexpected { form, part: "fragment", found }, u.fragment_offset(), None));
    }
    Ok(())
}

pub(crate) fn wrong_form(provider: Provider, found: &str, at: usize, expected: &'static str) -> Error {
    Error::new(Problem::WrongForm { provider: provider.name(), found: Quote::new(found), expected }, at, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabets() {
        let ok = |s: &str, a| check(s, 0, "x", a, 0, 100).is_ok();
        assert!(ok("aZ09", Alphabet::Alnum) && !ok("a-b", Alphabet::Alnum));
        assert!(ok("0aF", Alphabet::Hex) && !ok("g", Alphabet::Hex));
        assert!(ok("a-_b==", Alphabet::UrlSafePadded) && !ok("a=b", Alphabet::UrlSafePadded));
        assert!(ok("AQ%2b/+x%3D=", Alphabet::Base64) && !ok("A=B", Alphabet::Base64) && !ok("A%41", Alphabet::Base64));
        assert!(
            ok("a%20b/?:@!$'()*+,;=", Alphabet::Value) && !ok("a&b", Alphabet::Value) && !ok("a%2", Alphabet::Value)
        );
        assert!(ok("a=b&c[]|^", Alphabet::Query) && !ok("a#b", Alphabet::Query));
        assert!(ok("/a/b%2F", Alphabet::Path) && !ok("/a?b", Alphabet::Path) && !ok("/a|b", Alphabet::Path));
        assert_eq!(check("", 3, "x", Alphabet::Alnum, 1, 2).unwrap_err().kind(), ErrorKind::MissingParameter);
        assert_eq!(check("abc", 3, "x", Alphabet::Alnum, 1, 2).unwrap_err().kind(), ErrorKind::WrongFormat);
        assert_eq!(check("a b", 3, "x", Alphabet::Alnum, 1, 9).unwrap_err().offset(), 4);
    }

    #[test]
    fn params_keep_order_and_refuse_repeats() {
        let (p, offsets) = Params::parse("b=2&a=1", 10, "t", |n| Some(n.as_bytes()[0])).unwrap();
        assert_eq!(p.iter().collect::<alloc::vec::Vec<_>>(), [(b'b', "2"), (b'a', "1")]);
        assert_eq!(offsets[..2], [12, 16]);
        let mut s = String::new();
        p.encode_into(&mut s, |k| if k == b'a' { "a" } else { "b" });
        assert_eq!(s, "b=2&a=1");
        assert_eq!(Params::parse("a=1&a=2", 0, "t", |n| Some(n.len())).unwrap_err().kind(), ErrorKind::InvalidUrl);
        assert_eq!(Params::parse("a", 0, "t", |n| Some(n.len())).unwrap_err().kind(), ErrorKind::InvalidUrl);
        let built = Params::from_pairs(&[(1u8, "x"), (2, "")], |k| if k == 1 { "one" } else { "two" });
        assert_eq!((built.get(1), built.get(2), built.get(3)), (Some("x"), Some(""), None));
    }
}
