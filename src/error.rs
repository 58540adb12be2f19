//! The crate's one error type.
//!
//! Every failure carries an [`ErrorKind`] (stable, machine-readable, `snake_case` via
//! [`ErrorKind::as_str`]), the byte offset in the input where the problem starts, a
//! [`TagPath`] when the problem sits inside a data object, and a message that says what is
//! wrong and, where it helps, what to do. Building an error never allocates, so the
//! borrowed fast path stays allocation-free even when it fails.

use core::fmt;

/// What kind of problem an [`Error`] reports.
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

/// How the IDs of a [`TagPath`] are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Notation {
    /// EMVCo MPM: two decimal digits per ID (`62.05`).
    Decimal,
    /// BER-TLV (EMVCo CPM): upper-case hex tag bytes (`61.9F26`).
    Hex,
}

/// The position of a data object inside nested templates, such as `62.05` (bill reference
/// inside the additional data template) or `61.4F` in a consumer-presented code.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagPath {
    ids: [u32; TagPath::MAX_DEPTH],
    len: u8,
    notation: Notation,
}

impl TagPath {
    /// Deepest nesting a path records; deeper levels are not produced by any format here.
    pub const MAX_DEPTH: usize = 4;

    /// A path of one EMVCo MPM ID at the root.
    pub const fn mpm(id: u8) -> TagPath {
        TagPath { ids: [id as u32, 0, 0, 0], len: 1, notation: Notation::Decimal }
    }

    /// A path of one BER-TLV tag at the root of a consumer-presented code.
    pub const fn ber(tag: u32) -> TagPath {
        TagPath { ids: [tag, 0, 0, 0], len: 1, notation: Notation::Hex }
    }

    /// This path with one more level; a path already at [`TagPath::MAX_DEPTH`] is returned unchanged.
    #[must_use]
    pub const fn child(mut self, id: u32) -> TagPath {
        // `ids` holds `MAX_DEPTH` entries: a slot after the first `len` exists exactly when
        // the path is not yet full.
        if let Some((_, [slot, ..])) = self.ids.split_at_mut_checked(self.len as usize) {
            *slot = id;
            self.len += 1;
        }
        self
    }

    /// The IDs from the root down.
    pub fn ids(&self) -> &[u32] {
        // `len` never exceeds `MAX_DEPTH`; the fallback is never taken.
        self.ids.get(..self.len as usize).unwrap_or(&self.ids)
    }

    /// The innermost ID.
    pub fn last(&self) -> u32 {
        self.ids().last().copied().unwrap_or(0)
    }

    /// How many levels deep the path is (1 = a root object).
    pub fn depth(&self) -> usize {
        self.len as usize
    }
}

impl fmt::Display for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match self.notation {
                Notation::Decimal => write!(f, "{id:02}")?,
                Notation::Hex => write!(f, "{id:02X}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagPath({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TagPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A character quoted in an error message: printable ones as themselves, the rest as `U+XXXX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quoted(pub char);

impl fmt::Display for Quoted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        if crate::text::is_invisible(c) || c.is_whitespace() {
            write!(f, "U+{:04X}", c as u32)
        } else {
            write!(f, "'{c}'")
        }
    }
}

/// Up to 8 bytes of input quoted in a message without allocating.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Snippet {
    bytes: [u8; 8],
    len: u8,
}

impl Snippet {
    pub(crate) fn new(s: &[u8]) -> Snippet {
        let mut bytes = [0u8; 8];
        let n = s.len().min(8);
        for (dst, src) in bytes.iter_mut().zip(s) {
            *dst = *src;
        }
        Snippet { bytes, len: n as u8 }
    }

    /// The quoted bytes (`len` never exceeds 8; the fallback is never taken).
    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or(&self.bytes)
    }
}

impl fmt::Display for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for chunk in self.as_bytes().utf8_chunks() {
            for c in chunk.valid().chars() {
                if crate::text::is_invisible(c) {
                    write!(f, "\\u{{{:X}}}", c as u32)?;
                } else {
                    write!(f, "{c}")?;
                }
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02X}")?;
            }
        }
        f.write_str("\"")
    }
}

impl Snippet {
    /// The bytes without the surrounding quotes, for values whose shape is already known
    /// (a CRC's four hex digits).
    pub(crate) fn bare(self) -> Bare {
        Bare(self)
    }
}

/// A [`Snippet`] displayed without quotes.
pub(crate) struct Bare(Snippet);

impl fmt::Display for Bare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for chunk in self.0.as_bytes().utf8_chunks() {
            f.write_str(chunk.valid())?;
            for b in chunk.invalid() {
                write!(f, "\\x{b:02X}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Snippet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The message of an error, by the part of the crate that raised it.
///
/// Kept private so that messages can improve without breaking callers, who match on
/// [`ErrorKind`] instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum Detail {
    #[error("{0}")]
    Mpm(#[from] crate::emv::mpm::Problem),
    #[error("{0}")]
    Cpm(#[from] crate::emv::cpm::Problem),
    #[error("{0}")]
    PaymentCode(#[from] crate::paycode::Problem),
    #[error("{0}")]
    Legacy(#[from] crate::providers::Problem),
    #[error("{0}")]
    Unified(#[from] crate::unified::Problem),
    #[error("{0}")]
    Text(#[from] crate::text::Problem),
    #[error("{0}")]
    Recognise(#[from] crate::recognise::Problem),
}

impl Detail {
    fn kind(&self) -> ErrorKind {
        match self {
            Detail::Mpm(p) => p.kind(),
            Detail::Cpm(p) => p.kind(),
            Detail::PaymentCode(p) => p.kind(),
            Detail::Legacy(p) => p.kind(),
            Detail::Unified(p) => p.kind(),
            Detail::Text(p) => p.kind(),
            Detail::Recognise(p) => p.kind(),
        }
    }
}

/// Why an input could not be parsed, or a value could not be encoded.
///
/// `Display` gives a one-line message that quotes the offending bytes and says where:
/// `CRC mismatch: payload says 84E1, computed D1A3 (at byte 139, in 63)`.
#[derive(Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{detail} (at byte {offset}{})", PathSuffix(self.path))]
pub struct Error {
    detail: Detail,
    offset: usize,
    path: Option<TagPath>,
}

struct PathSuffix(Option<TagPath>);

impl fmt::Display for PathSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(p) => write!(f, ", in {p}"),
            None => Ok(()),
        }
    }
}

impl Error {
    pub(crate) fn new(detail: impl Into<Detail>, offset: usize, path: Option<TagPath>) -> Error {
        Error { detail: detail.into(), offset, path }
    }

    /// The same problem at another place: a code found inside a larger input (a template's
    /// value) reports where it sits in what the caller passed in.
    pub(crate) fn relocated(mut self, offset: usize, path: Option<TagPath>) -> Error {
        self.offset = offset;
        self.path = path;
        self
    }

    /// What kind of problem this is.
    pub fn kind(&self) -> ErrorKind {
        self.detail.kind()
    }

    /// Byte offset in the input where the problem starts. For consumer-presented codes this
    /// is an offset into the decoded binary TLV (see [`crate::emv::cpm`]).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The data object the problem sits in, if any (`62.05`).
    pub fn path(&self) -> Option<TagPath> {
        self.path
    }

    /// The same error, moved by `by` bytes: used when a code is found inside a larger input
    /// (a wrapper URL, a template) so that offsets stay relative to what the caller passed in.
    #[must_use]
    pub fn shifted(mut self, by: usize) -> Error {
        self.offset = self.offset.saturating_add(by);
        self
    }

    /// The message without the location suffix.
    pub fn message(&self) -> impl fmt::Display + '_ {
        &self.detail
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind())
            .field("offset", &self.offset)
            .field("path", &self.path)
            .field("message", &format_args!("{}", self.detail))
            .finish()
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = core::result::Result<T, E>;
