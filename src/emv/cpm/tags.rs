//! The tags of the CPM profile and their names.

/// The tags of the CPM profile.
pub mod tag {
    /// `85` Payload Format Indicator (`CPV01`).
    pub const PAYLOAD_FORMAT_INDICATOR: u32 = 0x85;
    /// `61` Application Template.
    pub const APPLICATION_TEMPLATE: u32 = 0x61;
    /// `62` Common Data Template.
    pub const COMMON_DATA_TEMPLATE: u32 = 0x62;
    /// `63` Application Specific Transparent Template (inside 61).
    pub const APPLICATION_TRANSPARENT_TEMPLATE: u32 = 0x63;
    /// `64` Common Data Transparent Template (inside 62).
    pub const COMMON_TRANSPARENT_TEMPLATE: u32 = 0x64;
    /// `4F` ADF Name (the AID).
    pub const ADF_NAME: u32 = 0x4F;
    /// `50` Application Label.
    pub const APPLICATION_LABEL: u32 = 0x50;
    /// `57` Track 2 Equivalent Data.
    pub const TRACK2: u32 = 0x57;
    /// `5A` Application PAN.
    pub const PAN: u32 = 0x5A;
    /// `5F20` Cardholder Name.
    pub const CARDHOLDER_NAME: u32 = 0x5F20;
    /// `5F2D` Language Preference.
    pub const LANGUAGE_PREFERENCE: u32 = 0x5F2D;
    /// `5F50` Issuer URL.
    pub const ISSUER_URL: u32 = 0x5F50;
    /// `9F08` Application Version Number.
    pub const APPLICATION_VERSION: u32 = 0x9F08;
    /// `9F19` Token Requestor ID.
    pub const TOKEN_REQUESTOR_ID: u32 = 0x9F19;
    /// `9F24` Payment Account Reference.
    pub const PAYMENT_ACCOUNT_REFERENCE: u32 = 0x9F24;
    /// `9F25` Last 4 Digits of PAN.
    pub const LAST4: u32 = 0x9F25;
}

/// The name of a tag of the CPM profile.
pub fn tag_name(t: u32) -> Option<&'static str> {
    Some(match t {
        tag::PAYLOAD_FORMAT_INDICATOR => "payload format indicator",
        tag::APPLICATION_TEMPLATE => "application template",
        tag::COMMON_DATA_TEMPLATE => "common data template",
        tag::APPLICATION_TRANSPARENT_TEMPLATE => "application specific transparent template",
        tag::COMMON_TRANSPARENT_TEMPLATE => "common data transparent template",
        tag::ADF_NAME => "ADF name",
        tag::APPLICATION_LABEL => "application label",
        tag::TRACK2 => "Track 2 equivalent data",
        tag::PAN => "application PAN",
        tag::CARDHOLDER_NAME => "cardholder name",
        tag::LANGUAGE_PREFERENCE => "language preference",
        tag::ISSUER_URL => "issuer URL",
        tag::APPLICATION_VERSION => "application version number",
        tag::TOKEN_REQUESTOR_ID => "token requestor ID",
        tag::PAYMENT_ACCOUNT_REFERENCE => "payment account reference",
        tag::LAST4 => "last 4 digits of PAN",
        _ => return None,
    })
}
