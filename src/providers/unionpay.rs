//! UnionPay (银联, 云闪付), SPEC.md section 6.3: the domestic URL code
//! `https://qr.95516.com/<8-digit institution>/<payload>`, the cross-wallet gateway wrapper
//! `https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=<escaped code>`, and the EMV MPM ID 15
//! account (acquirer IIN + forwarding IIN + merchant ID).
//!
//! Recognise: host `qr.95516.com`. Parse: [`parse_web`], [`UnionPayAccount::parse`]. Encode:
//! [`UnionPayCode::encode_into`]. Fields: [`UnionPayCode`], [`UnionPayAccount`].

use alloc::string::String;

use super::alphabet::Alphabet;
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
