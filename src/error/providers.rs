//! Why a provider's merchant code (a URL or app link) was refused.

use super::kind::ErrorKind;
use super::quote::Quote;
use crate::providers::alphabet::Alphabet;

/// Why a merchant code was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("input has {len} bytes; no QR code holds more than {max}")]
    TooLong { len: usize, max: usize },
    #[error(
        "{found} is not a merchant URL code (numeric payment codes, EMVCo MPM and CPM payloads have their own parsers)"
    )]
    NotUrl { found: Quote },
    #[error("scheme {found} is not a known provider's; a Registry can add it")]
    UnknownScheme { found: Quote },
    #[error("{found}: a URL needs \"//\" and a host after the scheme")]
    NoAuthority { found: Quote },
    #[error("user info before '@' is refused: in {found} the host is what follows the '@'")]
    Userinfo { found: Quote },
    #[error("host {found} is refused: {why}")]
    BadHost { found: Quote, why: &'static str },
    #[error("port {found} is not a port (1 to 65535)")]
    BadPort { found: Quote },
    #[error("{host} is a provider's host and its codes carry no port")]
    ProviderPort { host: Quote },
    #[error("'\\' is not allowed in a URL: browsers read it as '/', which can move the host")]
    Backslash,
    #[error("'%' must be followed by two hex digits, found {found}")]
    BadPercent { found: Quote },
    #[error("the %-escapes of {found} do not decode to UTF-8 text")]
    NotUtf8 { found: Quote },
    #[error("{} is not allowed in a URL {part}; escape it as %XX", Quote::char(*c))]
    UrlChar { c: char, part: &'static str },
    #[error("{} is invisible when displayed and is not allowed in a code", Quote::char(*c))]
    Invisible { c: char },
    #[error("{} is not allowed in {what}: {alphabet}", Quote::char(*c))]
    TokenChar { what: &'static str, c: char, alphabet: Alphabet },
    #[error("{what} has {len} characters; this form allows {min} to {max}")]
    TokenLength { what: &'static str, len: usize, min: u16, max: u16 },
    #[error("{what} is missing or empty")]
    Missing { what: &'static str },
    #[error("{found} is not a form of {provider}'s codes; expected {expected}")]
    WrongForm { provider: &'static str, found: Quote, expected: &'static str },
    #[error("{found} is a {provider} link but not a payment code ({why})")]
    NotPayment { provider: &'static str, found: Quote, why: &'static str },
    #[error("parameter {found} is not part of the {form} form")]
    UnexpectedParam { form: &'static str, found: Quote },
    #[error("parameter {found} appears twice")]
    DuplicateParam { found: Quote },
    #[error("a wrapper has at most {max} parameters; real ones have a handful")]
    TooManyParams { max: usize },
    #[error("parameter {found} has no '=' and no value")]
    NoValue { found: Quote },
    #[error("{what} must be {expected}, found {found}")]
    WrongValue { what: &'static str, expected: &'static str, found: Quote },
    #[error("the {form} form mixes the v2 and V2.7 parameter spellings ({found})")]
    MixedSpelling { form: &'static str, found: Quote },
    #[error("the {form} form has no {part}, found {found}")]
    Unexpected { form: &'static str, part: &'static str, found: Quote },
    #[error("a wrapper inside a wrapper is refused: unwrap one layer at a time")]
    NestedWrapper,
    #[error("the wrapped code {found} is not a merchant code this crate reads")]
    InnerNotMerchant { found: Quote },
    #[error("{found} is a built-in provider's {what} and cannot be registered")]
    Reserved { what: &'static str, found: Quote },
    #[error("pattern {what} {found} is invalid: {why}")]
    BadPattern { what: &'static str, found: Quote, why: &'static str },
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        use Problem::*;
        match self {
            TooLong { .. } => ErrorKind::TooLong,
            NotUrl { .. } | UnknownScheme { .. } => ErrorKind::Unrecognised,
            NoAuthority { .. }
            | Userinfo { .. }
            | BadHost { .. }
            | BadPort { .. }
            | ProviderPort { .. }
            | Backslash
            | BadPercent { .. }
            | NotUtf8 { .. }
            | UrlChar { .. }
            | UnexpectedParam { .. }
            | DuplicateParam { .. }
            | TooManyParams { .. }
            | NoValue { .. } => ErrorKind::InvalidUrl,
            Invisible { .. } | TokenChar { .. } => ErrorKind::InvalidCharacter,
            Missing { .. } => ErrorKind::MissingParameter,
            TokenLength { .. }
            | WrongForm { .. }
            | NotPayment { .. }
            | WrongValue { .. }
            | MixedSpelling { .. }
            | Unexpected { .. }
            | NestedWrapper
            | InnerNotMerchant { .. }
            | Reserved { .. } => ErrorKind::WrongFormat,
            BadPattern { .. } => ErrorKind::InvalidValue,
        }
    }
}
