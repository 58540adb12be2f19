//! The stable, machine-readable kind of every [`Error`](crate::Error).

use core::fmt;

/// What kind of problem an [`Error`](crate::Error) reports.
///
/// The set grows as the crate grows, so match with a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty.
    Empty,
    /// A data object's ID is not two decimal digits.
    InvalidId,
    /// A data object's length is not two decimal digits.
    InvalidLength,
    /// A data object has length `00` (only lenient mode accepts it).
    ZeroLength,
    /// A data object's value runs past the end of its container.
    Truncated,
    /// A template's content is not a sequence of data objects (only lenient mode keeps it raw).
    TemplateNotTlv,
    /// There is no CRC data object (`63`, length `04`) at the end of the payload.
    CrcMissing,
    /// The CRC value is not four hexadecimal digits.
    CrcMalformed,
    /// The CRC is written in lower-case hex (only lenient mode accepts it).
    CrcLowercase,
    /// The CRC does not match the payload.
    CrcMismatch,
    /// A value, template or payload is longer than its format allows.
    TooLong,
    /// A character is not allowed where it stands.
    InvalidCharacter,
    /// A transaction amount or fee is not a valid amount.
    InvalidAmount,
    /// A mandatory data object is missing.
    MissingField,
    /// Two data objects contradict each other (e.g. `56` without `55` = `02`).
    FieldConflict,
    /// A value has the wrong form for its data object.
    InvalidValue,
    /// The same data object appears twice where that is forbidden.
    Duplicate,
    /// The input is not valid standard base64.
    InvalidBase64,
    /// The binary TLV (BER) structure is malformed.
    InvalidBer,
    /// The input is not the expected kind of code (wrong payload format indicator, wrong shape).
    WrongFormat,
    /// A payment code's prefix names a provider but its length does not fit that provider.
    WrongLength,
    /// The input matches no known or registered format.
    Unrecognised,
    /// A URL breaks the URL grammar (user info, a backslash, a bad host, port or escape, a
    /// character its part does not allow, a port on a provider's host), or a form's query does:
    /// a parameter the form does not define, one given twice, one without `=` (SPEC.md 6.1).
    InvalidUrl,
    /// A required URL parameter or path part is missing or empty.
    MissingParameter,
    /// The code does not fit in the space its carrier allows.
    CapacityExceeded,
}

impl ErrorKind {
    /// The kind as a stable `snake_case` identifier, as printed in JSON reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Empty => "empty",
            ErrorKind::InvalidId => "invalid_id",
            ErrorKind::InvalidLength => "invalid_length",
            ErrorKind::ZeroLength => "zero_length",
            ErrorKind::Truncated => "truncated",
            ErrorKind::TemplateNotTlv => "template_not_tlv",
            ErrorKind::CrcMissing => "crc_missing",
            ErrorKind::CrcMalformed => "crc_malformed",
            ErrorKind::CrcLowercase => "crc_lowercase",
            ErrorKind::CrcMismatch => "crc_mismatch",
            ErrorKind::TooLong => "too_long",
            ErrorKind::InvalidCharacter => "invalid_character",
            ErrorKind::InvalidAmount => "invalid_amount",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::FieldConflict => "field_conflict",
            ErrorKind::InvalidValue => "invalid_value",
            ErrorKind::Duplicate => "duplicate",
            ErrorKind::InvalidBase64 => "invalid_base64",
            ErrorKind::InvalidBer => "invalid_ber",
            ErrorKind::WrongFormat => "wrong_format",
            ErrorKind::WrongLength => "wrong_length",
            ErrorKind::Unrecognised => "unrecognised",
            ErrorKind::InvalidUrl => "invalid_url",
            ErrorKind::MissingParameter => "missing_parameter",
            ErrorKind::CapacityExceeded => "capacity_exceeded",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
