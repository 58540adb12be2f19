//! Why an EMVCo MPM payload could not be parsed or encoded.

use super::kind::ErrorKind;
use super::quote::Quote;
use crate::emv::mpm::fields::field_name;

/// Why an MPM payload could not be parsed or encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("a data object needs 4 characters (2-digit ID, 2-digit length) but only {have} remain: {found}")]
    HeaderTruncated { have: usize, found: Quote<8> },
    #[error("data object ID must be two digits, found {found}")]
    InvalidId { found: Quote<8> },
    #[error("length of data object {id:02} must be two digits, found {found}")]
    InvalidLength { id: u8, found: Quote<8> },
    #[error("data object {id:02} has length 00; EMVCo allows 01-99 (lenient mode accepts empty objects)")]
    ZeroLength { id: u8 },
    #[error(
        "data object {id:02} declares {need} characters but only {have} remain (lengths count characters, not bytes)"
    )]
    Truncated { id: u8, need: usize, have: usize },
    #[error("template {id:02} does not hold data objects (ID, length, value); lenient mode keeps such content raw")]
    TemplateNotTlv { id: u8 },
    #[error("no CRC: the payload must end with \"6304\" and four hex digits")]
    CrcMissing,
    #[error("CRC data object 63 must have length 04, found {found:02}")]
    CrcLength { found: u8 },
    #[error("CRC data object 63 must be last, but {trailing} bytes follow it")]
    CrcNotLast { trailing: usize },
    #[error("CRC must be four hex digits, found {found}")]
    CrcMalformed { found: Quote<8> },
    #[error("CRC mismatch: payload says {}, computed {computed:04X}; the code was altered or misread", found.bare())]
    CrcMismatch { found: Quote<8>, computed: u16 },
    #[error("CRC {} is lower-case; EMVCo MPM v1.1 requires upper-case hex (lenient mode accepts it)", found.bare())]
    CrcLowercase { found: Quote<8> },
    #[error("data object {id:02} has {chars} characters; the 2-digit length allows at most 99")]
    ValueTooLong { id: u8, chars: usize },
    #[error("template {id:02} holds {chars} characters; a template's content is at most 99")]
    TemplateTooLong { id: u8, chars: usize },
    #[error("payload has {chars} characters; EMVCo allows at most 512")]
    PayloadTooLong { chars: usize },
    #[error("input has {bytes} bytes; no QR symbol holds more than 7089 characters, so it was not scanned from one")]
    LongerThanQr { bytes: usize },
    #[error("data object {id:02} has {chars} characters; its format allows at most {max}")]
    FieldTooLong { id: u8, chars: usize, max: u8 },
    #[error("data object {id:02} must have exactly {expected} characters, found {found}")]
    FixedLength { id: u8, expected: u8, found: usize },
    #[error("{} is not allowed in data object {id:02}: its format is ans (printable ASCII)", Quote::char(*c))]
    NotAns { id: u8, c: char },
    #[error("{} is not allowed in data object {id:02}: its format is N (digits only)", Quote::char(*c))]
    NotNumeric { id: u8, c: char },
    #[error("amount {found} in {id:02} is invalid: {why}")]
    InvalidAmount { id: u8, found: Quote<8>, why: &'static str },
    #[error("mandatory data object {id:02} ({}) is missing", field_name(&[*id]))]
    MissingField { id: u8 },
    // The name comes from the object's place in its template: 64.00 is the language, not the
    // root's 00 (payload format indicator).
    #[error("mandatory data object {template:02}.{id:02} ({}) is missing", field_name(&[*template, *id]))]
    MissingInTemplate { template: u8, id: u8 },
    #[error("no merchant account information: at least one of 02-51 is mandatory")]
    NoMerchantAccount,
    #[error("data object {id:02} {why}")]
    Conflict { id: u8, why: &'static str },
    #[error("data object {id:02} is invalid: {why}")]
    InvalidValue { id: u8, why: &'static str },
    #[error("data object {id:02} appears twice in the same template")]
    Duplicate { id: u8 },
    #[error("template {id:02} must start with its GUID (sub-ID 00)")]
    GuidMissing { id: u8 },
    #[error("data object {id:02} is not a valid ID here: {why}")]
    BadId { id: u8, why: &'static str },
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        use Problem::*;
        match self {
            HeaderTruncated { .. } | Truncated { .. } => ErrorKind::Truncated,
            InvalidId { .. } | BadId { .. } => ErrorKind::InvalidId,
            InvalidLength { .. } => ErrorKind::InvalidLength,
            ZeroLength { .. } => ErrorKind::ZeroLength,
            TemplateNotTlv { .. } => ErrorKind::TemplateNotTlv,
            CrcMissing | CrcLength { .. } | CrcNotLast { .. } => ErrorKind::CrcMissing,
            CrcMalformed { .. } => ErrorKind::CrcMalformed,
            CrcMismatch { .. } => ErrorKind::CrcMismatch,
            CrcLowercase { .. } => ErrorKind::CrcLowercase,
            ValueTooLong { .. }
            | TemplateTooLong { .. }
            | PayloadTooLong { .. }
            | LongerThanQr { .. }
            | FieldTooLong { .. } => ErrorKind::TooLong,
            FixedLength { .. } | InvalidValue { .. } | GuidMissing { .. } => ErrorKind::InvalidValue,
            NotAns { .. } | NotNumeric { .. } => ErrorKind::InvalidCharacter,
            InvalidAmount { .. } => ErrorKind::InvalidAmount,
            MissingField { .. } | MissingInTemplate { .. } | NoMerchantAccount => ErrorKind::MissingField,
            Conflict { .. } => ErrorKind::FieldConflict,
            Duplicate { .. } => ErrorKind::Duplicate,
        }
    }
}
