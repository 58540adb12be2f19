//! Why an EMVCo CPM payload could not be parsed or built.

use core::fmt;

use super::kind::ErrorKind;
use super::path::TagPath;
use super::quote::Quote;
use crate::emv::cpm::tags::tag_name;

/// Why a CPM payload could not be parsed or built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Problem {
    #[error("not a consumer-presented code: CPM text is base64 of BER-TLV and starts \"hQVDUFY\"")]
    NotCpm,
    #[error("payload has {len} characters; a QR code holds at most {max}")]
    TextTooLong { len: usize, max: usize },
    #[error("{} inside the base64: a CPM payload has no whitespace (a copy wrapped over lines or with a stray space is corrupted)", Quote::char(*c))]
    Base64Whitespace { c: char },
    #[error("{} is not in the standard base64 alphabet (A-Z a-z 0-9 + /, padded with =)", Quote::char(*c))]
    Base64Char { c: char },
    #[error("'=' may only end the text, at most twice (two payloads run together?)")]
    Base64Padding,
    #[error("{len} characters is not a multiple of 4: standard base64 is padded with '='")]
    Base64Length { len: usize },
    #[error("the last base64 character {} encodes bits that are not data: the text is corrupted or truncated", Quote::char(*c))]
    Base64LastSymbol { c: char },
    #[error("not a consumer-presented code: the first data object must be 85 (payload format indicator), found byte {found:02X}")]
    FirstNotPfi { found: u8 },
    #[error("tag byte 00 where a data object should start (EMV padding is not allowed in a CPM payload)")]
    TagZero,
    #[error("tag starting {first:02X} runs past the end of its template")]
    TagTruncated { first: u8 },
    #[error("tag starting {first:02X} is longer than 4 bytes")]
    TagTooLong { first: u8 },
    #[error("data object {tag:02X} has no length byte")]
    LengthMissing { tag: u32 },
    #[error("length of data object {tag:02X} needs {need} more bytes than its template holds")]
    LengthTruncated { tag: u32, need: usize },
    #[error("data object {tag:02X} has the indefinite length 80, which EMV BER-TLV does not allow")]
    IndefiniteLength { tag: u32 },
    #[error("length of data object {tag:02X} is {bytes} bytes long; at most 4 are allowed")]
    LengthTooLong { tag: u32, bytes: u8 },
    #[error(
        "data object {tag:02X} declares {need} bytes but only {have} remain in its template (lengths count bytes)"
    )]
    Overrun { tag: u32, need: usize, have: usize },
    #[error("template {tag:02X} nests data objects deeper than {} levels", TagPath::MAX_DEPTH)]
    TooDeep { tag: u32 },
    #[error("payload format indicator 85 is {found}; EMVCo CPM v1.0 requires \"CPV01\"")]
    PfiValue { found: Quote<8> },
    #[error("payload format indicator must be written 85 05 \"CPV01\" (the bytes every CPM text starts with, \"hQVDUFY\"), not with a long-form length")]
    PfiForm,
    #[error("no application template 61: a consumer-presented code has one or two")]
    NoApplication,
    #[error("no application template has an ADF name (4F) of 5-16 bytes: readers skip every one of them")]
    NoUsableApplication,
    #[error("data object {tag:02X} appears twice in the same template")]
    Duplicate { tag: u32 },
    #[error("{count} application templates 61; EMVCo CPM allows one or two")]
    TooManyApplications { count: usize },
    #[error(
        "common data template 62 with a single application template: it is meant for data that two applications share"
    )]
    CommonDataPlacement,
    #[error("data object {tag:02X} is out of order: {why}")]
    Order { tag: u32, why: &'static str },
    #[error("application template has no ADF name (4F); readers skip it")]
    AidMissing,
    #[error("ADF name (4F) has {len} bytes; EMV allows 5-16, so readers skip this application template")]
    AidLength { len: usize },
    #[error("data object {tag:02X} is both in an application template (61) and in the common data template (62)")]
    Overlap { tag: u32 },
    #[error("{} ({tag:02X}) has {len} bytes; its format allows {}", tag_name(*tag).unwrap_or("data object"), Bytes(*min, *max))]
    FieldLength { tag: u32, len: usize, min: usize, max: usize },
    #[error("{} ({tag:02X}) {why}", tag_name(*tag).unwrap_or("data object"))]
    FieldFormat { tag: u32, why: &'static str },
    #[error("{tag:08X} is not a valid BER tag")]
    InvalidTag { tag: u32 },
    #[error("tag {tag:02X} is {}; use BerObject::{}", if *constructed { "constructed" } else { "primitive" }, if *constructed { "constructed" } else { "primitive" })]
    WrongTagKind { tag: u32, constructed: bool },
    #[error("{what} {why}")]
    Builder { what: &'static str, why: &'static str },
}

impl Problem {
    pub(crate) fn kind(&self) -> ErrorKind {
        use Problem::*;
        match self {
            NotCpm | FirstNotPfi { .. } | PfiValue { .. } | PfiForm => ErrorKind::WrongFormat,
            TextTooLong { .. } => ErrorKind::TooLong,
            Base64Whitespace { .. }
            | Base64Char { .. }
            | Base64Padding
            | Base64Length { .. }
            | Base64LastSymbol { .. } => ErrorKind::InvalidBase64,
            TagZero
            | TagTruncated { .. }
            | TagTooLong { .. }
            | LengthMissing { .. }
            | LengthTruncated { .. }
            | IndefiniteLength { .. }
            | LengthTooLong { .. }
            | Overrun { .. }
            | TooDeep { .. } => ErrorKind::InvalidBer,
            NoApplication | NoUsableApplication | AidMissing => ErrorKind::MissingField,
            Duplicate { .. } => ErrorKind::Duplicate,
            CommonDataPlacement | Overlap { .. } => ErrorKind::FieldConflict,
            TooManyApplications { .. } | Order { .. } | AidLength { .. } | FieldFormat { .. } => {
                ErrorKind::InvalidValue
            }
            FieldLength { len, max, .. } if len > max => ErrorKind::TooLong,
            FieldLength { .. } => ErrorKind::InvalidValue,
            InvalidTag { .. } | WrongTagKind { .. } | Builder { .. } => ErrorKind::InvalidValue,
        }
    }
}

/// An allowed length in bytes: `2`, `5-16`, `at least 1`.
struct Bytes(usize, usize);

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Bytes(min, max) if min == max => write!(f, "{min}"),
            Bytes(min, usize::MAX) => write!(f, "at least {min}"),
            Bytes(min, max) => write!(f, "{min}-{max}"),
        }
    }
}
