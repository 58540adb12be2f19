//! One entry point for any scanned string: what it is, who it belongs to, and what it converts to.
//!
//! ```
//! use hutong::{recognise, Kind, Provider};
//!
//! let r = recognise("https://qr.alipay.com/bax08123k4y9xyzabc12e045")?;
//! assert_eq!(r.kind(), Kind::MerchantCode);
//! assert_eq!(r.providers(), [Provider::Alipay]);
//!
//! let r = recognise("134567890123456789")?;
//! assert_eq!(r.kind(), Kind::PaymentCode);
//! assert_eq!(r.providers(), [Provider::WeChatPay]);
//!
//! // A provider host is matched exactly: this is somebody else's site.
//! let r = recognise("https://qr.alipay.com.evil.cn/bax08123k4y9xyzabc12e045")?;
//! assert!(r.providers().is_empty());
//! # Ok::<(), hutong::Error>(())
//! ```

use crate::id::id_enum;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::ecny::{CodeType, EcnyTyping, EncodingType};
use crate::emv::cpm::{self, ConsumerPayload};
use crate::emv::mpm::{MerchantPayload, Mode, Mpm};
use crate::error::input::Problem;
use crate::error::{Empty, Error, Result};
use crate::finding::Finding;
use crate::paycode::{self, Route};
use crate::providers::{Form, MerchantCode};
use crate::unified::{self, CarriedCode, UnifiedCode};
use crate::Provider;

id_enum! {
    /// What kind of code a string is.
    pub enum Kind ("a code kind") {
        /// An EMVCo merchant-presented code (the unified code included).
        EmvMpm = "emv-mpm",
        /// An EMVCo consumer-presented code (base64 of BER-TLV).
        EmvCpm = "emv-cpm",
        /// A provider's own merchant-presented code (a URL), or an aggregated code.
        MerchantCode = "merchant-code",
        /// A consumer payment code (付款码): digits, or Alipay's face-pay token.
        PaymentCode = "payment-code",
    }
}

/// A recognised code.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Code<'a> {
    /// An EMVCo MPM payload.
    EmvMpm(Mpm<'a>),
    /// An EMVCo CPM payload.
    EmvCpm(ConsumerPayload),
    /// A provider's merchant code, or an aggregated URL.
    MerchantCode(MerchantCode<'a>),
    /// A consumer payment code and where to route it.
    PaymentCode(&'a str, Route<'static>),
}

/// What [`recognise`] found.
#[derive(Debug, Clone)]
pub struct Recognised<'a> {
    input: &'a str,
    code: Code<'a>,
    /// For a unified code: what it carries, read and checked once at recognition.
    unified: Option<UnifiedCode>,
}

/// What `input` looks like, before any parsing: the kind a report names even when the code
/// turns out to be broken. `None` when it looks like nothing known.
pub fn guess_kind(input: &str) -> Option<Kind> {
    let b = input.as_bytes();
    let digits = b.iter().all(u8::is_ascii_digit);
    // An EMV code whose first object is not 00 (a `pfi-first` finding) still ends with its
    // CRC object: two digits first, not all digits, `6304` and four hex digits last.
    let crc_last = |b: &[u8]| match b {
        [d0, d1, .., b'6', b'3', b'0', b'4', h0, h1, h2, h3] => {
            d0.is_ascii_digit() && d1.is_ascii_digit() && [h0, h1, h2, h3].iter().all(|h| h.is_ascii_hexdigit())
        }
        _ => false,
    };
    if b.starts_with(cpm::PREFIX.as_bytes()) {
        Some(Kind::EmvCpm)
    } else if b.starts_with(b"0002") || (!digits && (b.starts_with(b"00") || crc_last(b))) {
        // No payment code starts with 00 (e-CNY's start with 01) or ends with a CRC object
        // after a letter: such an input can only be an EMV code, broken or not, and its
        // parser says best what is wrong.
        Some(Kind::EmvMpm)
    } else if (!b.is_empty() && digits)
        || (b.len() == 35 && b.starts_with(b"fp") && b.iter().all(u8::is_ascii_alphanumeric))
    {
        Some(Kind::PaymentCode)
    } else if input.contains("://") {
        Some(Kind::MerchantCode)
    } else {
        None
    }
}

/// Recognises `input`, reading EMVCo MPM in [`Mode::Strict`].
pub fn recognise(input: &str) -> Result<Recognised<'_>> {
    recognise_with(input, Mode::Strict)
}

/// Recognises `input`, reading EMVCo MPM in `mode`.
///
/// The kind is told by the first bytes ([`guess_kind`], SPEC section 9): EMV MPM by its
/// `00` start (or, objects reordered, by ending with its CRC object), CPM by `hQVDUFY`
/// (base64 of `85 05 CPV`), payment codes by being digits (or a face-pay token), merchant
/// codes by holding `://`. Anything else is an error:
/// [`ErrorKind::InvalidCharacter`](crate::ErrorKind::InvalidCharacter) at the first invisible
/// or whitespace character, or, for an input that starts with a digit, at its first non-digit
/// (a payment code with a stray character); otherwise
/// [`ErrorKind::Unrecognised`](crate::ErrorKind::Unrecognised).
pub fn recognise_with(input: &str, mode: Mode) -> Result<Recognised<'_>> {
    if input.is_empty() {
        return Err(Error::new(Empty::Scan, 0, None));
    }
    let code = match guess_kind(input) {
        Some(Kind::EmvMpm) => {
            // A code with a version marker presents itself as unified: it is read as one, and
            // its errors are the answer. Any other is unified when it passes every check.
            let mpm = Mpm::parse_with(input, mode)?;
            let read = unified::as_unified(&mpm)?;
            return Ok(Recognised { input, code: Code::EmvMpm(mpm), unified: read });
        }
        Some(Kind::EmvCpm) => Code::EmvCpm(ConsumerPayload::parse(input)?),
        Some(Kind::PaymentCode) => Code::PaymentCode(input, paycode::route(input)?),
        Some(Kind::MerchantCode) => Code::MerchantCode(MerchantCode::parse(input)?),
        None => {
            if let Some((at, c)) = crate::text::find_unsafe_or_space(input) {
                return Err(Error::new(Problem::Unsafe(c), at, None));
            }
            // Digits with a stray character are a payment code gone wrong: say so precisely.
            // A digit of another script (full-width `１`, Arabic-Indic…) first is such a code
            // too: the router names the character (SPEC 8.1).
            let digit_first = input.chars().next().is_some_and(|c| c.is_ascii_digit() || c.is_numeric());
            if digit_first && !input.starts_with("00") {
                return Err(paycode::route(input).err().unwrap_or_else(|| Error::new(Problem::Unknown, 0, None)));
            }
            return Err(Error::new(Problem::Unknown, 0, None));
        }
    };
    Ok(Recognised { input, code, unified: None })
}

impl<'a> Recognised<'a> {
    /// The input.
    pub fn as_str(&self) -> &'a str {
        self.input
    }

    /// What kind of code it is.
    pub fn kind(&self) -> Kind {
        match self.code {
            Code::EmvMpm(_) => Kind::EmvMpm,
            Code::EmvCpm(_) => Kind::EmvCpm,
            Code::MerchantCode(_) => Kind::MerchantCode,
            Code::PaymentCode(..) => Kind::PaymentCode,
        }
    }

    /// The parsed code.
    pub fn code(&self) -> &Code<'a> {
        &self.code
    }

    /// The parsed code, by value.
    pub fn into_code(self) -> Code<'a> {
        self.code
    }

    /// The code encoded again from its parsed form; equal to the input for every code this
    /// crate parses (the round-trip promise). A `Result` because an EMV payload's encoder
    /// checks every length (as [`MerchantPayload::encode`] does); for a parsed code an error
    /// would be a bug.
    pub fn encode(&self) -> Result<String> {
        match &self.code {
            Code::EmvMpm(m) => MerchantPayload::from(m).encode(),
            Code::EmvCpm(c) => Ok(c.encode()),
            Code::MerchantCode(m) => Ok(m.encode()),
            Code::PaymentCode(s, _) => Ok(s.to_string()),
        }
    }

    /// The providers the code belongs to or carries, in order, without repeats. Empty for an
    /// aggregated code, a CPM code of an unknown AID, or an EMV code of foreign schemes only.
    pub fn providers(&self) -> Vec<Provider> {
        let mut out: Vec<Provider> = Vec::new();
        let mut add = |p: Provider| {
            if !out.contains(&p) {
                out.push(p);
            }
        };
        match &self.code {
            Code::EmvMpm(m) => match &self.unified {
                Some(u) => u.carried.iter().filter_map(|c| c.provider).for_each(&mut add),
                None => crate::providers::carried(m).iter().for_each(|c| add(c.provider)),
            },
            Code::EmvCpm(c) => {
                if let Some(p) = c.route() {
                    add(p);
                }
            }
            Code::MerchantCode(m) => {
                if let Some(p) = m.provider() {
                    add(p);
                }
            }
            Code::PaymentCode(_, r) => add(r.provider()),
        }
        out
    }

    /// The e-CNY interconnection typing of the code.
    pub fn ecny(&self) -> Option<EcnyTyping> {
        match &self.code {
            Code::EmvMpm(m) => Some(self.unified.as_ref().map_or_else(|| emv_typing(m), |u| u.ecny)),
            Code::EmvCpm(_) => Some(EcnyTyping { qt: CodeType::PersonalPayment, qet: None }),
            Code::MerchantCode(m) => Some(m.ecny()),
            Code::PaymentCode(_, r) => Some(r.ecny()),
        }
    }

    /// The unified code: for a merchant code, the code carrying it; for an EMV code, itself
    /// when already unified, else the conversion of the Chinese providers it carries. `None`
    /// when there is nothing to convert (payment codes, CPM, EMV codes of foreign schemes only).
    pub fn unified(&self) -> Option<Result<String>> {
        match &self.code {
            Code::MerchantCode(_) => Some(unified::from_legacy(self.input)),
            Code::EmvMpm(_) if self.unified.is_some() => Some(Ok(self.input.to_string())),
            Code::EmvMpm(m) if !crate::providers::carried(m).is_empty() => Some(unified::from_emv(m)),
            _ => None,
        }
    }

    /// For an EMV code: the legacy codes it carries (a unified code's templates, WeChat Pay's
    /// `code_url` in 17/05, UnionPay's account in 15…).
    pub fn carried(&self) -> Option<Vec<CarriedCode>> {
        let Code::EmvMpm(m) = &self.code else { return None };
        if let Some(u) = &self.unified {
            return Some(u.carried.clone());
        }
        // A foreign EMV code's templates name networks by GUID; only a code that parses on
        // its own as what its template may carry is reported as a carried code.
        let mut out = Vec::new();
        for c in crate::providers::carried(m) {
            if let Some(code) = c.legacy {
                if let Ok(parsed) = MerchantCode::parse(code) {
                    let form = parsed.form().id();
                    out.push(CarriedCode { provider: parsed.provider(), form, code: code.to_string(), path: c.path });
                }
            } else if let Some(account) = c.unionpay {
                let form = Form::UnionPayEmv15;
                out.push(CarriedCode {
                    provider: form.provider(),
                    form: form.id(),
                    code: account.encode(),
                    path: c.path,
                });
            }
        }
        Some(out)
    }

    /// Rule breaches that did not stop the parse.
    pub fn findings(&self) -> Vec<Finding> {
        match &self.code {
            Code::EmvMpm(m) => m.findings(),
            Code::EmvCpm(c) => c.findings(),
            _ => Vec::new(),
        }
    }

    /// A one-line human description.
    pub fn describe(&self) -> String {
        use core::fmt::Write;
        let mut s = String::new();
        let _ = match &self.code {
            Code::EmvMpm(m) => write!(s, "EMVCo MPM, {} data objects, CRC {}", m.objects().count(), m.crc()),
            Code::EmvCpm(c) => write!(s, "EMVCo CPM, {} application(s)", c.applications().count()).and_then(|_| {
                c.applications().try_for_each(|a| {
                    let aid: String = a.aid().unwrap_or_default().iter().map(|b| alloc::format!("{b:02X}")).collect();
                    write!(s, "; AID {aid}{}", a.label().map(|l| alloc::format!(" ({l})")).unwrap_or_default())
                })
            }),
            Code::MerchantCode(m) => write!(
                s,
                "{} merchant code, form {}",
                m.provider().map_or("unrecognised (aggregated)", |p| p.name()),
                m.form().id()
            ),
            Code::PaymentCode(_, r) => write!(
                s,
                "{} payment code{}, route to {}",
                r.provider().name(),
                r.variant().map(|v| alloc::format!(" ({v})")).unwrap_or_default(),
                r.network().id()
            ),
        };
        s
    }
}

/// The typing of an EMV code that is not a unified code: merchant static or dynamic by its
/// point of initiation; UnionPay's standard code when it carries UnionPay's account (15),
/// otherwise "other" (QET03).
fn emv_typing(m: &Mpm<'_>) -> EcnyTyping {
    let qt = if m.point_of_initiation() == Some("12") { CodeType::MerchantDynamic } else { CodeType::MerchantStatic };
    let carried = crate::providers::carried(m);
    // A code that carries only UnionPay, WeChat Pay or Alipay takes that provider's encoding
    // (SPEC 9); Alipay+ (foreign wallets) or a code under hutong's GUID leaves it "other".
    let qet = match carried.as_slice() {
        [only] if matches!(only.provider, Provider::UnionPay | Provider::WeChatPay | Provider::Alipay) => {
            only.provider.encoding_type()
        }
        _ => EncodingType::Aggregated,
    };
    EcnyTyping { qt, qet: Some(qet) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    /// An EMV MPM payload of `objects`, with its CRC.
    fn mpm(objects: &[(u8, &str)]) -> String {
        let body: String = objects.iter().map(|(id, v)| format!("{id:02}{:02}{v}", v.len())).collect();
        let head = format!("{body}6304");
        let crc = crate::emv::crc_hex(crate::emv::crc16(head.as_bytes()));
        format!("{head}{}", core::str::from_utf8(&crc).unwrap_or_default())
    }

    #[test]
    fn a_foreign_emv_code_takes_the_encoding_of_unionpay_wechat_pay_or_alipay_alone() {
        let typing = |template: &str| {
            let code = mpm(&[
                (0, "01"),
                (1, "11"),
                (26, template),
                (52, "5411"),
                (53, "496"),
                (58, "MN"),
                (59, "X"),
                (60, "Y"),
            ]);
            recognise(&code).unwrap().ecny().map(|t| t.to_string())
        };
        let guid = |g: &str| format!("00{:02}{g}0102AB", g.len());
        assert_eq!(typing(&guid("com.qq.weixin.pay")).as_deref(), Some("QT03/QET04"));
        assert_eq!(typing(&guid("com.alipay")).as_deref(), Some("QT03/QET05"));
        // Alipay+ names foreign wallets: the code is "other", though a pattern for Alipay+ is QET05.
        assert_eq!(typing(&guid("A111278300000000.alipayplus.v20250513")).as_deref(), Some("QT03/QET03"));
        assert_eq!(Provider::AlipayPlus.encoding_type(), EncodingType::Alipay);
    }
}
