//! The stable, machine-readable kind of every [`Error`](crate::Error), with a kebab-case id
//! (`crc-mismatch`) as every other id of the crate.

use crate::id::id_enum;

id_enum! {
    /// What kind of problem an [`Error`](crate::Error) reports.
    ///
    /// The set grows as the crate grows, so match with a wildcard arm.
    #[non_exhaustive]
    pub enum ErrorKind ("an error kind") {
        /// The input is empty.
        Empty = "empty",
        /// A data object's ID is not two decimal digits.
        InvalidId = "invalid-id",
        /// A data object's length is not two decimal digits.
        InvalidLength = "invalid-length",
        /// A data object has length `00` (only lenient mode accepts it).
        ZeroLength = "zero-length",
        /// A data object's value runs past the end of its container.
        Truncated = "truncated",
        /// A template's content is not a sequence of data objects (only lenient mode keeps it raw).
        TemplateNotTlv = "template-not-tlv",
        /// There is no CRC data object (`63`, length `04`) at the end of the payload.
        CrcMissing = "crc-missing",
        /// The CRC value is not four hexadecimal digits.
        CrcMalformed = "crc-malformed",
        /// The CRC is written in lower-case hex (only lenient mode accepts it).
        CrcLowercase = "crc-lowercase",
        /// The CRC does not match the payload.
        CrcMismatch = "crc-mismatch",
        /// A value, template or payload is longer than its format allows.
        TooLong = "too-long",
        /// A character is not allowed where it stands.
        InvalidCharacter = "invalid-character",
        /// A transaction amount or fee is not a valid amount.
        InvalidAmount = "invalid-amount",
        /// A mandatory data object is missing.
        MissingField = "missing-field",
        /// Two data objects contradict each other (e.g. `56` without `55` = `02`).
        FieldConflict = "field-conflict",
        /// A value has the wrong form for its data object.
        InvalidValue = "invalid-value",
        /// The same data object appears twice where that is forbidden.
        Duplicate = "duplicate",
        /// The input is not valid standard base64.
        InvalidBase64 = "invalid-base64",
        /// The binary TLV (BER) structure is malformed.
        InvalidBer = "invalid-ber",
        /// The input is not the expected kind of code (wrong payload format indicator, wrong shape).
        WrongFormat = "wrong-format",
        /// A payment code's prefix names a provider but its length does not fit that provider.
        WrongLength = "wrong-length",
        /// The input matches no known or registered format.
        Unrecognised = "unrecognised",
        /// A URL breaks the URL grammar (user info, a backslash, a bad host, port or escape, a
        /// character its part does not allow, a port on a provider's host), or a form's query does:
        /// a parameter the form does not define, one given twice, one without `=` (SPEC.md 6.1).
        InvalidUrl = "invalid-url",
        /// A required URL parameter or path part is missing or empty.
        MissingParameter = "missing-parameter",
        /// The code does not fit in the space its carrier allows.
        CapacityExceeded = "capacity-exceeded",
    }
}
