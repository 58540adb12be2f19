//! Why a payment code could not be routed, or a routing rule not registered.

use core::fmt;

use super::kind::ErrorKind;
use super::quote::Quote;
use crate::paycode::charset::Charset;
use crate::provider::Provider;

/// A rule's lengths and unit: `18 digits`, `16-24 digits`, `35 characters`.
struct Lengths(u8, u8, Charset);

impl fmt::Display for Lengths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Lengths(min, max, charset) = *self;
        if min == max {
            write!(f, "{min}")?;
        } else {
            write!(f, "{min}-{max}")?;
        }
        write!(f, " {}", charset.unit())
    }
}

/// Why a payment code could not be routed, or a rule not registered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("{} is not allowed in a payment code: payment codes are digits only (an Alipay face-pay token is \"fp\" and letters or digits)", Quote::char(*c))]
    InvalidCharacter { c: char },
    #[error("prefix {prefix} is {}, which uses {}; got {got}", provider.name(), Lengths(*min, *max, *charset))]
    WrongLength { prefix: Quote<8>, provider: Provider, min: u8, max: u8, charset: Charset, got: usize },
    #[error("no routing rule matches a {len}-digit code starting {start}; unrecognised payment code")]
    Unrecognised { len: usize, start: Quote<8> },
    #[error("routing rule refused: {why}")]
    InvalidRule { why: &'static str },
    #[error("a router holds at most {max} rules")]
    TooManyRules { max: usize },
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        match self {
            Problem::InvalidCharacter { .. } => ErrorKind::InvalidCharacter,
            Problem::WrongLength { .. } => ErrorKind::WrongLength,
            Problem::Unrecognised { .. } => ErrorKind::Unrecognised,
            Problem::InvalidRule { .. } => ErrorKind::InvalidValue,
            Problem::TooManyRules { .. } => ErrorKind::TooLong,
        }
    }
}
