//! UnionPay (银联, 云闪付), SPEC.md section 6.3: the domestic URL code
//! `https://qr.95516.com/<8-digit institution>/<payload>`, the cross-wallet gateway wrapper
//! `https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=<escaped code>`, and the EMV MPM ID 15
//! account (acquirer IIN + forwarding IIN + merchant ID).
//!
//! Recognise: host `qr.95516.com`. Parse: [`parse_web`], [`UnionPayAccount::parse`]. Encode:
//! [`UnionPayCode::encode_into`]. Fields: [`UnionPayCode`], [`UnionPayAccount`].

use alloc::string::String;

use super::alphabet::{first_bad, Alphabet};
use super::check::{check, no_fragment, wrong_form};
use super::form::Form;
use super::wrapper::{Nesting, Wrapper};
use crate::ecny::{typing, CodeType, EcnyTyping};
use crate::error::providers::Problem;
use crate::error::{Error, Result};
use crate::provider::Provider;
use crate::url::word::find_byte;
use crate::url::{Origin, Url};

const GATEWAY_PATH: &str = "/qrcGtwWeb-web/api/open";

/// A UnionPay merchant code, by form.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnionPayCode<'a> {
    /// `https://qr.95516.com/<institution>/<payload>[?<query>]` ([`Form::UnionPayQr`]).
    #[non_exhaustive]
    Qr {
        /// Scheme and host as written.
        origin: Origin<'a>,
        /// The 8-digit institution code (first 4 digits: the member, `0001` UnionPay, `0102` ICBC, `0105` CCB).
        institution: &'a str,
        /// The issuer's payload, as written (opaque: 32 digits, `wcqr`, `CCB…`).
        payload: &'a str,
        /// The query, when present (`wcqr?f=ICBCqr&…`), as written.
        query: Option<&'a str>,
    },
    /// `https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=<escaped code>` ([`Form::UnionPayGateway`]).
    #[non_exhaustive]
    Gateway {
        /// Scheme and host as written.
        origin: Origin<'a>,
        /// The parameters and the inner code.
        wrapper: Wrapper<'a>,
    },
}

impl<'a> UnionPayCode<'a> {
    /// `https://qr.95516.com/<institution>/<payload>[?<query>]`.
    pub fn qr(institution: &'a str, payload: &'a str, query: Option<&'a str>) -> Result<UnionPayCode<'a>> {
        check_qr(institution, 0, payload, 0, query, 0)?;
        Ok(UnionPayCode::Qr { origin: Origin::of_text("https://qr.95516.com"), institution, payload, query })
    }

    /// The form.
    pub fn form(&self) -> Form {
        match self {
            UnionPayCode::Qr { .. } => Form::UnionPayQr,
            UnionPayCode::Gateway { .. } => Form::UnionPayGateway,
        }
    }

    /// The e-CNY typing, QET02: domestic codes are merchant static (QT03; their payload does
    /// not say more), the gateway takes its inner code's type.
    pub fn ecny(&self) -> EcnyTyping {
        let qt = match self {
            UnionPayCode::Qr { .. } => CodeType::MerchantStatic,
            UnionPayCode::Gateway { wrapper, .. } => wrapper.inner_qt(),
        };
        typing(qt, Provider::UnionPay.encoding_type())
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            UnionPayCode::Qr { origin, institution, payload, query } => {
                origin.encode_into(out);
                out.push('/');
                out.push_str(institution);
                out.push('/');
                out.push_str(payload);
                if let Some(q) = query {
                    out.push('?');
                    out.push_str(q);
                }
            }
            UnionPayCode::Gateway { origin, wrapper } => {
                origin.encode_into(out);
                out.push_str(GATEWAY_PATH);
                out.push('?');
                wrapper.encode_into(out);
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

fn check_qr(inst: &str, inst_at: usize, payload: &str, p_at: usize, query: Option<&str>, q_at: usize) -> Result<()> {
    check(inst, inst_at, "the institution code", Alphabet::Digits, 8, 8)?;
    check_payload(payload, p_at, query, q_at)
}

/// The checks of a domestic code after its institution code.
#[inline]
fn check_payload(payload: &str, p_at: usize, query: Option<&str>, q_at: usize) -> Result<()> {
    check(payload, p_at, "the payload after the institution code", Alphabet::Path, 1, 512)?;
    if let Some(q) = query {
        check(q, q_at, "the query", Alphabet::Query, 0, 1024)?;
    }
    Ok(())
}

/// `https://qr.95516.com/<8 digits>/<letters and digits>`, the domestic code as UnionPay
/// writes it (no query, no fragment): what [`parse_web`] gives for it, without the URL split
/// and the host table. `None` for anything else, which the general path reads (a test holds
/// the two equal). What it takes also passes the general path's precheck, which it skips:
/// visible ASCII only, and at most 542 bytes, far below `MAX_INPUT`.
#[inline]
pub(crate) fn parse_fast(input: &str) -> Option<UnionPayCode<'_>> {
    const PREFIX: &str = "https://qr.95516.com/";
    let rest = input.strip_prefix(PREFIX)?;
    let (institution, payload) = (rest.get(..8)?, rest.get(9..)?);
    if rest.as_bytes().get(8) != Some(&b'/') || first_bad(institution.as_bytes(), Alphabet::Digits).is_some() {
        return None;
    }
    // Letters and digits are path characters, and a path of them holds no '?' or '#'.
    if !(1..=512).contains(&payload.len()) || first_bad(payload.as_bytes(), Alphabet::Alnum).is_some() {
        return None;
    }
    let origin = Origin::with_scheme_len(input.get(..PREFIX.len() - 1)?, 5);
    Some(UnionPayCode::Qr { origin, institution, payload, query: None })
}

/// Codes on `qr.95516.com`.
#[inline]
pub(crate) fn parse_web<'a>(u: &Url<'a>, nesting: Nesting) -> Result<UnionPayCode<'a>> {
    let origin = Origin::of(u);
    let path = u.path();
    let pat = u.path_offset();
    no_fragment(u, "UnionPay")?;
    if path == GATEWAY_PATH {
        let Nesting::Outer(parse_inner) = nesting else {
            return Err(Error::new(Problem::NestedWrapper, 0, None));
        };
        let wrapper = Wrapper::parse(u.query().unwrap_or_default(), u.query_offset(), &["qrCode"], parse_inner)?;
        return Ok(UnionPayCode::Gateway { origin, wrapper });
    }
    let rest = path.strip_prefix('/').unwrap_or(path);
    // The institution is eight bytes: a word-at-a-time search finds its end at once.
    let (institution, payload) = match find_byte(rest.as_bytes(), b'/') {
        Some(i) => (rest.get(..i).unwrap_or_default(), rest.get(i + 1..).unwrap_or_default()),
        None => (rest, ""),
    };
    if institution.len() != 8 || !institution.bytes().all(|b| b.is_ascii_digit()) {
        let expected = "https://qr.95516.com/<8 digits>/<payload> or …/qrcGtwWeb-web/api/open?qrCode=…";
        return Err(wrong_form(Provider::UnionPay, path, pat, expected));
    }
    // The institution is eight digits, as `check_qr` would check again.
    check_payload(payload, (pat + 10).min(pat + path.len()), u.query(), u.query_offset())?;
    Ok(UnionPayCode::Qr { origin, institution, payload, query: u.query() })
}

/// The UnionPay International account in EMVCo MPM ID 15 (or 16): acquirer IIN (8 digits),
/// forwarding IIN (8 digits), merchant ID (15 letters or digits), 31 characters in all
/// (SPEC.md section 6.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct UnionPayAccount<'a> {
    acquirer_iin: &'a str,
    forwarding_iin: &'a str,
    merchant_id: &'a str,
}

impl<'a> UnionPayAccount<'a> {
    /// Reads a tag 15 value. Errors are [`WrongFormat`](crate::ErrorKind::WrongFormat) (not 31
    /// characters) or [`InvalidCharacter`](crate::ErrorKind::InvalidCharacter), offsets into `value`.
    pub fn parse(value: &'a str) -> Result<UnionPayAccount<'a>> {
        check(value, 0, "a UnionPay account (ID 15)", Alphabet::Alnum, 31, 31)?;
        let part = |r: core::ops::Range<usize>| value.get(r).unwrap_or_default();
        Self::checked(part(0..8), part(8..16), part(16..31))
    }

    /// An account from its three parts.
    pub fn new(acquirer_iin: &'a str, forwarding_iin: &'a str, merchant_id: &'a str) -> Result<UnionPayAccount<'a>> {
        Self::checked(acquirer_iin, forwarding_iin, merchant_id)
    }

    fn checked(acquirer_iin: &'a str, forwarding_iin: &'a str, merchant_id: &'a str) -> Result<UnionPayAccount<'a>> {
        check(acquirer_iin, 0, "the acquirer IIN", Alphabet::Digits, 8, 8)?;
        check(forwarding_iin, 8, "the forwarding IIN", Alphabet::Digits, 8, 8)?;
        check(merchant_id, 16, "the merchant ID", Alphabet::Alnum, 15, 15)?;
        Ok(UnionPayAccount { acquirer_iin, forwarding_iin, merchant_id })
    }

    /// Acquirer IIN (8 digits).
    pub fn acquirer_iin(&self) -> &'a str {
        self.acquirer_iin
    }

    /// Forwarding IIN (8 digits).
    pub fn forwarding_iin(&self) -> &'a str {
        self.forwarding_iin
    }

    /// Merchant ID (15 characters).
    pub fn merchant_id(&self) -> &'a str {
        self.merchant_id
    }

    /// The 31-character value for ID 15.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(31);
        s.push_str(self.acquirer_iin);
        s.push_str(self.forwarding_iin);
        s.push_str(self.merchant_id);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;

    /// The same input through the general path: the URL split, then the `qr.95516.com` forms.
    fn general(input: &str) -> Option<UnionPayCode<'_>> {
        let u = Url::split(input, crate::url::scheme(input)?).ok()?;
        parse_web(&u, Nesting::Inner).ok()
    }

    /// Every input the fast path takes, the general path takes too, with the same fields; and
    /// the usual codes are taken. Each printable ASCII byte, and a few others, at the start,
    /// middle and end of the institution and the payload, with the payload's lengths at the
    /// edges, the separator replaced, and the prefix spelt otherwise.
    #[test]
    fn fast_path_agrees_with_the_general_path() {
        let mut inputs: Vec<String> = Vec::new();
        let odd = ['\u{e9}', '\u{4e2d}', '\u{200b}', '\u{7f}', '\0', '\n', ' '];
        let chars: Vec<char> = (0x21u8..0x7F).map(char::from).chain(odd).collect();
        let payload = "62027533387488456892269917213370";
        for &c in &chars {
            for at in [0, 4, 7] {
                let mut inst = String::from("00010000");
                inst.replace_range(at..at + 1, c.encode_utf8(&mut [0; 4]));
                inputs.push(format!("https://qr.95516.com/{inst}/{payload}"));
            }
            for at in [0, 16, 31, 32] {
                let mut p = String::from(payload);
                p.insert(at, c);
                inputs.push(format!("https://qr.95516.com/00010000/{p}"));
                p.remove(at);
                p.replace_range(at.min(31)..at.min(31) + 1, c.encode_utf8(&mut [0; 4]));
                inputs.push(format!("https://qr.95516.com/00010000/{p}"));
            }
            inputs.push(format!("https://qr.95516.com/00010000{c}{payload}"));
        }
        for n in [0, 1, 2, 511, 512, 513] {
            inputs.push(format!("https://qr.95516.com/00010000/{}", "7".repeat(n)));
        }
        for head in ["https://qr.95516.com", "HTTPS://qr.95516.com", "https://QR.95516.com", "http://qr.95516.com"] {
            for tail in ["/00010000/1", "/0001000/1", "/000100001/1", "/00010000", "/00010000/", "//00010000/1"] {
                inputs.push(format!("{head}{tail}"));
            }
        }
        for other in [
            "https://qr.95516.com:443/00010000/1",
            "https://qr.95516.com/00010000/1?x=1",
            "https://qr.95516.com/00010000/1#f",
            "https://qr.95516.com/00010000/wcqr?f=ICBCqr",
            "https://qr.95516.com/00010000/a/b",
            "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=x",
            "https://qr.95516.com.cn/00010000/1",
        ] {
            inputs.push(other.into());
        }
        let mut taken = 0;
        for input in &inputs {
            if let Some(fast) = parse_fast(input) {
                taken += 1;
                assert_eq!(Some(&fast), general(input).as_ref(), "{input}");
                let code = crate::providers::MerchantCode::parse(input).unwrap();
                assert_eq!(code.code(), &crate::providers::ProviderCode::UnionPay(fast), "{input}");
            }
        }
        for input in [
            format!("https://qr.95516.com/00010000/{payload}"),
            "https://qr.95516.com/01020000/CCBabc123".into(),
            format!("https://qr.95516.com/00010000/{}", "7".repeat(512)),
            "https://qr.95516.com/00010000/1".into(),
        ] {
            assert!(parse_fast(&input).is_some(), "{input}: the fast path should take it");
        }
        for input in [
            format!("https://qr.95516.com/00010000/{}", "7".repeat(513)),
            "https://qr.95516.com/00010000/".into(),
            "https://qr.95516.com/00010000/1?x=1".into(),
            "https://qr.95516.com/0001000a/1".into(),
            "HTTPS://QR.95516.COM/00010000/1".into(),
        ] {
            assert!(parse_fast(&input).is_none(), "{input}: the fast path should leave it");
        }
        assert!(taken > 100 && taken < inputs.len(), "{taken} of {}", inputs.len());
    }
}
