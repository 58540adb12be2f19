//! [`MerchantCode`]: a recognised merchant-presented code, and the dispatch that recognises
//! one: the common web URL first, then the app schemes, each sent to its provider's parser.

use alloc::string::String;
use core::fmt;

use super::alipay::{AlipayCode, WrapperScheme, SCAN_APP};
use super::check::MAX_INPUT;
use super::code::ProviderCode;
use super::form::Form;
use super::hosts::{known_site, site, Site, APP_SCHEMES};
use super::unionpay::UnionPayCode;
use super::wrapper::{Inner, Nesting, Wrapper};
use super::{alipay, bestpay, ecny, qqwallet, unionpay, wechat};
use crate::ecny::CodeType;
use crate::ecny::EcnyTyping;
use crate::error::providers::Problem;
use crate::error::{Empty, Error, ErrorKind, Quote, Result};
use crate::provider::Provider;
use crate::url::Url;

/// A recognised merchant-presented code: one of the providers' legacy forms, or an
/// aggregated/unknown `http(s)` URL carried with no provider.
///
/// Parsing borrows from the input and allocates nothing, wrapper forms included (their inner
/// code is percent-decoded when [`inner`](Self::inner) is called). [`MerchantCode::encode`] rebuilds the code from its typed fields
/// and gives back the input byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantCode<'a> {
    input: &'a str,
    code: ProviderCode<'a>,
}

impl<'a> MerchantCode<'a> {
    /// Recognises one of the built-in forms. Errors carry the byte offset of the problem:
    /// - [`Unrecognised`](crate::ErrorKind::Unrecognised): not a URL or app link (payment codes,
    ///   EMVCo payloads) or an unknown non-web scheme;
    /// - [`InvalidCharacter`](crate::ErrorKind::InvalidCharacter): control, whitespace, bidi,
    ///   zero-width or invisible characters anywhere, or a token outside its alphabet;
    /// - [`InvalidUrl`](crate::ErrorKind::InvalidUrl): user info, backslashes, escaped or malformed
    ///   hosts, bad escapes, unexpected or repeated parameters;
    /// - [`MissingParameter`](crate::ErrorKind::MissingParameter): an empty or missing token;
    /// - [`WrongFormat`](crate::ErrorKind::WrongFormat): a provider's host or scheme with a path
    ///   that is none of its forms, or a token of the wrong length;
    /// - [`Empty`](crate::ErrorKind::Empty), [`TooLong`](crate::ErrorKind::TooLong): nothing, or more than
    ///   [`MAX_INPUT`] bytes.
    #[inline]
    pub fn parse(input: &'a str) -> Result<MerchantCode<'a>> {
        parse_at(input, false).map(|code| MerchantCode { input, code })
    }

    pub(crate) fn from_parts(input: &'a str, code: ProviderCode<'a>) -> MerchantCode<'a> {
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
    pub fn code(&self) -> &ProviderCode<'a> {
        &self.code
    }

    /// The typed value, taken out.
    pub fn into_code(self) -> ProviderCode<'a> {
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

    /// [`provider`](Self::provider), [`form`](Self::form) and [`ecny`](Self::ecny) at once,
    /// the code taken: one call where a caller that wants all three made three.
    #[inline]
    pub(crate) fn identity(self) -> (Option<Provider>, Form, EcnyTyping) {
        (self.code.provider(), self.code.form(), self.code.ecny())
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
/// [`Unrecognised`](crate::ErrorKind::Unrecognised) here (their parsers own them, and a merchant name
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
    !bytes.first().is_some_and(u8::is_ascii_digit) && memchr::memmem::find(head, b"://").is_some()
}

/// Recognises the built-in forms; `nested` is set when parsing a wrapper's inner code.
#[inline]
pub(crate) fn parse_at(input: &str, nested: bool) -> Result<ProviderCode<'_>> {
    if let Some(code) = alipay::parse_fast(input) {
        return Ok(ProviderCode::Alipay(code));
    }
    let bytes = input.as_bytes();
    // The common case first: a web URL, whose scheme needs no search.
    let web = web_scheme_len(bytes).and_then(|n| input.get(..n));
    if let Some(scheme) = web {
        if let Some(code) = unionpay::parse_fast(input) {
            return Ok(ProviderCode::UnionPay(code));
        }
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
    // An app link written as the apps write it names its table entry at once.
    let app = app_scheme(input);
    let scheme = app.map(|(s, _)| s).or_else(|| crate::url::scheme(input));
    if scheme.is_none() && !looks_like_url(input) {
        return Err(not_url(input));
    }
    precheck(input)?;
    let Some(scheme) = scheme else {
        return Err(Error::new(Problem::NotUrl { found: Quote::new(input) }, 0, None));
    };
    let app = match app {
        Some((_, provider)) => Some(provider),
        None => {
            if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") {
                return parse_web(Url::split(input, scheme)?, nested);
            }
            APP_SCHEMES.iter().find(|(s, _)| s.eq_ignore_ascii_case(scheme)).map(|&(_, p)| p)
        }
    };
    match app {
        Some(Provider::WeChatPay) => wechat::parse_app(input).map(ProviderCode::WeChat),
        Some(Provider::Alipay) => alipay::parse_app(input, nesting(nested)).map(ProviderCode::Alipay),
        Some(Provider::Ecny) => ecny::parse_app(input).map(ProviderCode::Ecny),
        _ => Err(Error::new(Problem::UnknownScheme { found: Quote::new(scheme) }, 0, None)),
    }
}

/// The scheme of an app link written as the apps write it (lower case), with its provider:
/// no search for it.
#[inline]
fn app_scheme(input: &str) -> Option<(&str, Provider)> {
    let bytes = input.as_bytes();
    let &(s, provider) = APP_SCHEMES
        .iter()
        .find(|(s, _)| bytes.get(s.len()) == Some(&b':') && bytes.get(..s.len()) == Some(s.as_bytes()))?;
    Some((input.get(..s.len())?, provider))
}

/// A web code: a provider's form when the host is in the table, else an aggregated code.
#[inline]
fn parse_web(u: Url<'_>, nested: bool) -> Result<ProviderCode<'_>> {
    let found = site(u.host());
    parse_site(u, found, nested)
}

/// A web code whose host was looked up in the table already.
#[inline]
fn parse_site(u: Url<'_>, found: Option<(Site, Provider)>, nested: bool) -> Result<ProviderCode<'_>> {
    let Some((site, _)) = found else {
        return Ok(ProviderCode::Aggregated(u));
    };
    if u.port().is_some() {
        return Err(Error::new(Problem::ProviderPort { host: Quote::new(u.host()) }, u.host_offset(), None));
    }
    match site {
        Site::QrAlipay | Site::DAlipay => alipay::parse_web(&u, site).map(ProviderCode::Alipay),
        Site::Qr95516 => unionpay::parse_web(&u, nesting(nested)).map(ProviderCode::UnionPay),
        Site::MBestpay => bestpay::parse_web(&u).map(ProviderCode::Bestpay),
        Site::IQianbao => qqwallet::parse_web(&u).map(ProviderCode::QqWallet),
        _ => wechat::parse_web(&u, site).map(ProviderCode::WeChat),
    }
}

/// The length of the scheme of an input that starts `https://` (5) or `http://` (4), the
/// scheme in any letter case. Eight bytes compared at once: setting bit 0x20 of the letters'
/// bytes lower-cases them, and only `H` and `h` give `h` so (`T`, `P`, `S` alike); the other
/// bytes are compared as they are.
#[inline]
fn web_scheme_len(bytes: &[u8]) -> Option<usize> {
    const HTTPS: u64 = u64::from_le_bytes(*b"https://");
    const HTTP: u64 = u64::from_le_bytes(*b"http://\0");
    // The first seven bytes, and the letters among them.
    const SEVEN: u64 = 0x00FF_FFFF_FFFF_FFFF;
    const LETTERS_S: u64 = 0x0000_0020_2020_2020;
    const LETTERS: u64 = 0x0000_0000_2020_2020;
    let Some(head) = bytes.first_chunk::<8>() else {
        return starts_with_ci(bytes, b"http://").then_some(4);
    };
    let w = u64::from_le_bytes(*head);
    if w | LETTERS_S == HTTPS {
        Some(5)
    } else if (w | LETTERS) & SEVEN == HTTP {
        Some(4)
    } else {
        None
    }
}

#[inline]
fn starts_with_ci(bytes: &[u8], prefix: &[u8]) -> bool {
    bytes.get(..prefix.len()).is_some_and(|h| h.eq_ignore_ascii_case(prefix))
}

/// How the providers' parsers see a code: a wrapper's inner code is parsed by [`inspect_inner`].
fn nesting(nested: bool) -> Nesting {
    if nested {
        Nesting::Inner
    } else {
        Nesting::Outer(inspect_inner)
    }
}

/// Parses a wrapper's inner code (no wrapper inside) and returns its form and code type.
pub(crate) fn inspect_inner(decoded: &str) -> Result<(Form, CodeType)> {
    match parse_at(decoded, true) {
        Ok(code) => Ok((code.form(), code.ecny().qt)),
        Err(e) if matches!(e.kind(), ErrorKind::Unrecognised | ErrorKind::Empty) => {
            Err(Error::new(Problem::InnerNotMerchant { found: Quote::new(decoded) }, 0, None))
        }
        Err(e) => Err(e),
    }
}

// A wrapper's inner code is any merchant code: what parses it lives beside the dispatcher.
impl Inner<'_> {
    /// The inner code, parsed (it was checked when the wrapper was parsed or built).
    pub fn code(&self) -> Option<MerchantCode<'_>> {
        parse_at(self.as_str(), true).ok().map(|code| MerchantCode::from_parts(self.as_str(), code))
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

impl AlipayCode<'_> {
    /// `alipays://platformapi/startapp?saId=10000007&qrcode=<inner, %-escaped>`: opens
    /// Alipay's scanner on `inner`, which must itself be a merchant code (not a wrapper).
    pub fn wrap(inner: &str) -> Result<AlipayCode<'static>> {
        let wrapper = Wrapper::build(&[("saId", SCAN_APP)], "qrcode", inner, inspect_inner)?;
        Ok(AlipayCode::Wrapper { scheme: WrapperScheme::Alipays, action: "startapp", wrapper })
    }
}

impl UnionPayCode<'_> {
    /// The gateway wrapper around `inner` (itself a merchant code, not a wrapper), escaped.
    pub fn gateway(inner: &str) -> Result<UnionPayCode<'static>> {
        let wrapper = Wrapper::build(&[], "qrCode", inner, inspect_inner)?;
        Ok(UnionPayCode::Gateway { origin: crate::url::Origin::of_text("https://qr.95516.com"), wrapper })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_with_ci_cases() {
        let cases: &[(&[u8], &[u8], bool)] = &[
            (b"https://x", b"https://", true),
            (b"HTTPS://x", b"https://", true),
            (b"HtTp://x", b"http://", true),
            (b"https://", b"https://", true),
            (b"https:/", b"https://", false),
            (b"http://x", b"https://", false),
            (b"", b"http://", false),
            (b"x", b"", true),
        ];
        for &(bytes, prefix, want) in cases {
            assert_eq!(starts_with_ci(bytes, prefix), want, "{bytes:?} {prefix:?}");
        }
    }

    #[test]
    fn web_schemes_in_any_case_and_nothing_else() {
        let slow = |b: &[u8]| {
            if starts_with_ci(b, b"https://") {
                Some(5)
            } else if starts_with_ci(b, b"http://") {
                Some(4)
            } else {
                None
            }
        };
        // Every byte in every position of the eight, in a scheme of either length.
        for base in [b"https://x".as_slice(), b"http://xy", b"HTTPS://", b"http://"] {
            for at in 0..base.len() {
                for c in 0..=255u8 {
                    let mut b = base.to_vec();
                    b[at] = c;
                    assert_eq!(web_scheme_len(&b), slow(&b), "{b:?}");
                    b.truncate(7);
                    assert_eq!(web_scheme_len(&b), slow(&b), "{b:?}");
                }
            }
        }
        for b in [b"".as_slice(), b"h", b"http:/", b"http://", b"HTTP://", b"https:/", b"https://", b"Https://a"] {
            assert_eq!(web_scheme_len(b), slow(b), "{b:?}");
        }
        assert_eq!(web_scheme_len(b"HtTpS://x"), Some(5));
        assert_eq!(web_scheme_len(b"hTtP://x"), Some(4));
        assert_eq!(web_scheme_len(b"http://"), Some(4));
        assert_eq!(web_scheme_len(b"http:/x/"), None);
    }

    #[test]
    fn app_schemes_as_the_apps_write_them() {
        for (input, want) in [
            ("weixin://wxpay/s/x", Some(("weixin", Provider::WeChatPay))),
            ("wxp://f2f0", Some(("wxp", Provider::WeChatPay))),
            ("alipays://platformapi", Some(("alipays", Provider::Alipay))),
            ("alipayqr:x", Some(("alipayqr", Provider::Alipay))),
            ("dcep://uniwallet", Some(("dcep", Provider::Ecny))),
            ("Weixin://wxpay", None),
            ("weixinx://wxpay", None),
            ("weixin", None),
            ("wxpay://x", None),
            ("https://qr.alipay.com", None),
            ("", None),
        ] {
            assert_eq!(app_scheme(input), want, "{input}");
        }
    }

    #[test]
    fn display_and_encode_into_give_the_input() {
        for input in ["https://qr.alipay.com/bax05495yze5bw2eicub50f0", "https://qr.95516.com/00010000/1"] {
            let code = MerchantCode::parse(input).unwrap();
            assert_eq!(alloc::format!("{code}"), input);
            let mut out = String::from("pre:");
            code.encode_into(&mut out);
            assert_eq!(out, alloc::format!("pre:{input}"));
        }
    }
}
