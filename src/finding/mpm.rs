//! The rules of EMVCo MPM v1.1 (and of safe display) that a merchant-presented payload may
//! break without becoming unreadable; `emv::mpm::findings` checks them.

use crate::id::id_enum;

id_enum! {
    /// A rule of the specification (or of safe display) that a payload breaks.
    #[non_exhaustive]
    pub enum Rule ("an MPM rule id") {
        /// `00` is not `01` (DuitNow codes use `02`).
        PayloadFormatIndicator = "pfi-value",
        /// `00` is not the first object.
        PayloadFormatIndicatorFirst = "pfi-first",
        /// A mandatory object (00, 52, 53, 58, 59, 60) is missing.
        MandatoryMissing = "mandatory-missing",
        /// No merchant account information (02–51).
        MerchantAccountMissing = "merchant-account-missing",
        /// An ID appears twice in the same template.
        DuplicateId = "duplicate-id",
        /// A numeric (N) field holds a non-digit.
        Numeric = "format-n",
        /// An ans field holds a character outside printable ASCII.
        Ans = "format-ans",
        /// A fixed-length field has another length.
        FixedLength = "length-fixed",
        /// A field is longer than its maximum.
        MaxLength = "length-max",
        /// `01` is neither `11` nor `12`.
        PointOfInitiation = "poi-value",
        /// An amount (54, 56) is not digits with at most one `.`, or is zero.
        Amount = "amount-format",
        /// `55` is not `01`, `02` or `03`.
        TipIndicator = "tip-indicator",
        /// 55/56/57 do not agree (56 needs 55 = `02`, 57 needs 55 = `03`, and back).
        TipCoupling = "tip-coupling",
        /// `57` is not a percentage `00.01`–`99.99`.
        FeePercentage = "fee-percentage",
        /// A payment-system template does not start with its GUID (sub-ID 00).
        GuidMissing = "guid-missing",
        /// A GUID is longer than 32 characters.
        GuidLength = "guid-length",
        /// A template's content is not TLV and was kept raw.
        TemplateNotTlv = "template-not-tlv",
        /// An ID reserved for future use is present (readers ignore it, generators must not emit it).
        Rfu = "rfu-id",
        /// A data object has length `00`.
        ZeroLength = "zero-length",
        /// The CRC is lower-case hex.
        CrcLowercase = "crc-lowercase",
        /// Template 64 lacks its language (00) or merchant name (01).
        LanguageTemplate = "language-template",
        /// 62.09 holds something other than `A`, `M`, `E`, each at most once.
        ConsumerDataRequest = "consumer-data-request",
        /// 62.11 is not a valid media/location/presence triple.
        MerchantChannel = "merchant-channel",
        /// Text shown to the payer holds control, bidi-override or zero-width characters: a
        /// display must not trust it.
        UnsafeText = "unsafe-text",
        /// The payload is longer than 512 characters.
        PayloadLength = "payload-length",
    }
}
