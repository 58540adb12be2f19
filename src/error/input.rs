//! Problems with an input as a whole, found before (or instead of) the reader of one format.

use super::kind::ErrorKind;
use super::quote::Quote;

/// What an empty input was read as: each reader's message says what its codes look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Empty {
    /// An EMVCo merchant-presented payload.
    Mpm,
    /// An EMVCo consumer-presented payload.
    Cpm,
    /// A numeric payment code.
    PaymentCode,
    /// A provider's merchant URL or app link.
    MerchantCode,
    /// Whatever was scanned, before its format is known.
    Scan,
}

/// Why an input was refused as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Problem {
    #[error("{}", match .0 {
        Empty::Mpm => "empty payload: an EMVCo code starts with \"000201\"",
        Empty::Cpm => "empty payload: a consumer-presented code is base64 text starting \"hQVDUFY\"",
        Empty::PaymentCode => "empty payment code",
        Empty::MerchantCode => "empty input: a merchant code is a URL such as \"https://qr.alipay.com/…\" or \"weixin://wxpay/…\"",
        Empty::Scan => "empty input: nothing was scanned",
    })]
    Empty(Empty),
    /// A control, bidi-override, zero-width or whitespace character inside a code.
    #[error("{} is not allowed in a payment code: control, bidi-override, zero-width and whitespace characters can hide what a code really says", Quote::char(*.0))]
    Unsafe(char),
    #[error("not a payment code: not EMVCo (\"0002…\" or \"hQVDUFY…\"), not a payment code (digits), not a URL")]
    Unknown,
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::Empty(_) => ErrorKind::Empty,
            Problem::Unsafe(_) => ErrorKind::InvalidCharacter,
            Problem::Unknown => ErrorKind::Unrecognised,
        }
    }
}

impl From<Empty> for Problem {
    fn from(what: Empty) -> Problem {
        Problem::Empty(what)
    }
}
