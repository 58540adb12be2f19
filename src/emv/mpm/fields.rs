//! The data-object dictionary of EMVCo MPM v1.1: names, formats and lengths by ID and path.

/// Well-known data-object IDs, named as in the EMVCo specification.
pub mod id {
    /// Root `00`: Payload Format Indicator (`01`).
    pub const PAYLOAD_FORMAT_INDICATOR: u8 = 0;
    /// Root `01`: Point of Initiation Method (`11` static, `12` dynamic).
    pub const POINT_OF_INITIATION: u8 = 1;
    /// Root `15`: UnionPay merchant account (acquirer IIN, forwarding IIN, merchant ID).
    pub const UNIONPAY: u8 = 15;
    /// Root `52`: Merchant Category Code (ISO 18245).
    pub const MERCHANT_CATEGORY_CODE: u8 = 52;
    /// Root `53`: Transaction Currency (ISO 4217 numeric).
    pub const TRANSACTION_CURRENCY: u8 = 53;
    /// Root `54`: Transaction Amount.
    pub const TRANSACTION_AMOUNT: u8 = 54;
    /// Root `55`: Tip or Convenience Indicator.
    pub const TIP_OR_CONVENIENCE_INDICATOR: u8 = 55;
    /// Root `56`: Value of Convenience Fee Fixed.
    pub const CONVENIENCE_FEE_FIXED: u8 = 56;
    /// Root `57`: Value of Convenience Fee Percentage.
    pub const CONVENIENCE_FEE_PERCENTAGE: u8 = 57;
    /// Root `58`: Country Code (ISO 3166-1 alpha-2).
    pub const COUNTRY_CODE: u8 = 58;
    /// Root `59`: Merchant Name.
    pub const MERCHANT_NAME: u8 = 59;
    /// Root `60`: Merchant City.
    pub const MERCHANT_CITY: u8 = 60;
    /// Root `61`: Postal Code.
    pub const POSTAL_CODE: u8 = 61;
    /// Root `62`: Additional Data Field Template.
    pub const ADDITIONAL_DATA: u8 = 62;
    /// Root `63`: CRC.
    pub const CRC: u8 = 63;
    /// Root `64`: Merchant Information — Language Template.
    pub const LANGUAGE_TEMPLATE: u8 = 64;
    /// Sub-ID `00` of every payment-system template: its Globally Unique Identifier.
    pub const GUID: u8 = 0;
}

/// The character set of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Digits only.
    N,
    /// Printable ASCII (EMV "alphanumeric special").
    Ans,
    /// Any Unicode text (UTF-8).
    S,
}

/// What the specification says of one data object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The specification's name, in `snake_case`.
    pub name: &'static str,
    /// Character set.
    pub format: Format,
    /// Exact length, when the field has one.
    pub fixed: Option<u8>,
    /// Maximum length in characters.
    pub max: u8,
    /// Whether the value is itself a template of data objects.
    pub template: bool,
}

const fn f(name: &'static str, format: Format, fixed: Option<u8>, max: u8) -> FieldSpec {
    FieldSpec { name, format, fixed, max, template: false }
}

const fn t(name: &'static str) -> FieldSpec {
    FieldSpec { name, format: Format::S, fixed: None, max: 99, template: true }
}

/// The specification of the data object at `path` (root IDs are one element, sub-IDs two,
/// sub-sub-IDs of 62/50–99 three). Unknown and RFU positions get a permissive spec whose name
/// says what they are. SPEC.md section 1.2 is this table in words (`tests/spec_agreement.rs`
/// compares the two).
///
/// ```
/// use hutong::emv::mpm::{spec, Format};
///
/// assert_eq!((spec(&[59]).format, spec(&[59]).max), (Format::Ans, 25));
/// assert_eq!(spec(&[26, 1]).format, Format::Ans); // 26–51 are ans throughout
/// assert_eq!(spec(&[80, 1]).format, Format::S);
/// ```
pub const fn spec(path: &[u8]) -> FieldSpec {
    use Format::*;
    match *path {
        [0] => f("payload_format_indicator", N, Some(2), 2),
        [1] => f("point_of_initiation_method", N, Some(2), 2),
        [2..=3] => f("merchant_account_visa", Ans, None, 99),
        [4..=5] => f("merchant_account_mastercard", Ans, None, 99),
        [6..=8] | [17..=25] => f("merchant_account_emvco_reserved", Ans, None, 99),
        [9..=10] => f("merchant_account_discover", Ans, None, 99),
        [11..=12] => f("merchant_account_amex", Ans, None, 99),
        [13..=14] => f("merchant_account_jcb", Ans, None, 99),
        [15..=16] => f("merchant_account_unionpay", Ans, None, 99),
        [26..=51] => t("merchant_account_template"),
        [52] => f("merchant_category_code", N, Some(4), 4),
        [53] => f("transaction_currency", N, Some(3), 3),
        [54] => f("transaction_amount", Ans, None, 13),
        [55] => f("tip_or_convenience_indicator", N, Some(2), 2),
        [56] => f("convenience_fee_fixed", Ans, None, 13),
        [57] => f("convenience_fee_percentage", Ans, None, 5),
        [58] => f("country_code", Ans, Some(2), 2),
        [59] => f("merchant_name", Ans, None, 25),
        [60] => f("merchant_city", Ans, None, 15),
        [61] => f("postal_code", Ans, None, 10),
        [62] => t("additional_data"),
        [63] => f("crc", Ans, Some(4), 4),
        [64] => t("merchant_information_language"),
        [65..=79] => f("rfu", S, None, 99),
        [80..=99] => t("unreserved_template"),
        [26..=51 | 80..=99, 0] | [62, 50..=99, 0] => f("globally_unique_identifier", Ans, None, 32),
        // 26–51 are Merchant Account Information (02–51), which EMVCo makes ans as a whole:
        // every sub-object is ans too. 80–99 and 62/50–99 are S.
        [26..=51, _] => f("payment_system_specific", Ans, None, 99),
        [80..=99, _] | [62, 50..=99, _] => f("payment_system_specific", S, None, 99),
        [62, 1] => f("bill_number", Ans, None, 25),
        [62, 2] => f("mobile_number", Ans, None, 25),
        [62, 3] => f("store_label", Ans, None, 25),
        [62, 4] => f("loyalty_number", Ans, None, 25),
        [62, 5] => f("reference_label", Ans, None, 25),
        [62, 6] => f("customer_label", Ans, None, 25),
        [62, 7] => f("terminal_label", Ans, None, 25),
        [62, 8] => f("purpose_of_transaction", Ans, None, 25),
        [62, 9] => f("additional_consumer_data_request", Ans, None, 3),
        [62, 10] => f("merchant_tax_id", Ans, None, 20),
        [62, 11] => f("merchant_channel", Ans, Some(3), 3),
        [62, 12..=49] => f("rfu", S, None, 99),
        [62, 50..=99] => t("payment_system_template"),
        [64, 0] => f("language_preference", Ans, Some(2), 2),
        [64, 1] => f("merchant_name_alternate_language", S, None, 25),
        [64, 2] => f("merchant_city_alternate_language", S, None, 15),
        [64, _] => f("rfu", S, None, 99),
        _ => f("unknown", S, None, 99),
    }
}

/// [`spec`] of every root ID and of every sub-ID of each kind of root template, worked out at
/// compile time: the rules look a spec up for every object they walk, and the `match` of
/// `spec` costs a chain of range tests where these cost one load.
static ROOT_SPECS: [FieldSpec; 100] = specs_under(None);
/// Sub-objects of 26–51, 62, 64 and 80–99: `spec` gives every ID of a range the same answer.
static SUB_SPECS: [[FieldSpec; 100]; 4] =
    [specs_under(Some(26)), specs_under(Some(62)), specs_under(Some(64)), specs_under(Some(80))];

#[allow(clippy::indexing_slicing)] // `id` stays below the table's length, at compile time
const fn specs_under(parent: Option<u8>) -> [FieldSpec; 100] {
    let mut out = [f("unknown", Format::S, None, 99); 100];
    let mut id = 0;
    while id < 100 {
        out[id] = match parent {
            None => spec(&[id as u8]),
            Some(p) => spec(&[p, id as u8]),
        };
        id += 1;
    }
    out
}

/// [`spec`], by table for a root ID and for a sub-ID of a root template.
#[inline]
pub(crate) fn spec_fast(path: &[u8]) -> FieldSpec {
    let table = match *path {
        [id] => ROOT_SPECS.get(id as usize),
        [parent, sub] => {
            let kind = match parent {
                26..=51 => 0,
                62 => 1,
                64 => 2,
                80..=99 => 3,
                _ => return spec(path),
            };
            SUB_SPECS.get(kind).and_then(|t| t.get(sub as usize))
        }
        _ => None,
    };
    table.copied().unwrap_or_else(|| spec(path))
}

/// The specification's name of the data object at `path`, in `snake_case`.
pub fn field_name(path: &[u8]) -> &'static str {
    spec(path).name
}

/// Whether the root ID `id` holds a template.
#[inline]
pub(crate) const fn is_root_template(id: u8) -> bool {
    matches!(id, 26..=51 | 62 | 64 | 80..=99)
}

/// Whether `sub` inside the additional data template 62 is a template.
#[inline]
pub(crate) fn is_62_template(sub: u8) -> bool {
    matches!(sub, 50..=99)
}

/// Root IDs reserved for future use by EMVCo: readers ignore them, generators must not emit them.
pub(crate) fn is_rfu(path: &[u8]) -> bool {
    matches!(*path, [65..=79] | [62, 12..=49] | [64, 3..=99])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_agree_with_spec_at_every_path_of_one_and_two_ids() {
        for id in 0..=255u8 {
            assert_eq!(spec_fast(&[id]), spec(&[id]), "{id}");
            for sub in 0..=255u8 {
                assert_eq!(spec_fast(&[id, sub]), spec(&[id, sub]), "{id}.{sub}");
            }
        }
        for path in [&[62u8, 50, 0][..], &[62, 99, 7], &[62, 1, 1], &[], &[26, 0, 0, 0]] {
            assert_eq!(spec_fast(path), spec(path), "{path:?}");
        }
    }
}
