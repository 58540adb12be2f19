//! Writing new payloads: a builder that lays objects out in ID order and refuses what the
//! specification forbids a generator to emit.

use alloc::string::String;
use alloc::vec::Vec;

use super::fields::id;
use super::model::{MerchantPayload, Object, PointOfInitiation, Value};
use crate::error::{ObjectPath, Result};

/// Builds a new EMVCo MPM payload.
///
/// ```
/// use hutong::emv::mpm::{MpmBuilder, PointOfInitiation};
///
/// let code = MpmBuilder::new()
///     .point_of_initiation(PointOfInitiation::Dynamic)
///     .merchant_account(15, "1234567887654321123456789012345")
///     .merchant_category_code("5812")
///     .transaction_currency("156")
///     .transaction_amount("23.50")
///     .country_code("CN")
///     .merchant_name("TEST SHOP")
///     .merchant_city("SHENZHEN")
///     .additional_data(1, "INV-0001")
///     .language("ZH", "测试商店", Some("深圳"))
///     .encode()?;
/// assert!(code.starts_with("000201010212153112345678"));
///
/// // Amounts are checked: "0", "98,73" and "-5" are refused.
/// let err = MpmBuilder::new().merchant_account(15, "1").merchant_category_code("5812")
///     .transaction_currency("156").country_code("CN").merchant_name("A").merchant_city("B")
///     .transaction_amount("98,73").encode().unwrap_err();
/// assert_eq!(err.kind(), hutong::ErrorKind::InvalidAmount);
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MpmBuilder {
    payload: MerchantPayload,
}

impl Default for MpmBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl MpmBuilder {
    /// A payload with payload format indicator `01` and nothing else.
    pub fn new() -> MpmBuilder {
        let mut payload = MerchantPayload::default();
        payload.set(id::PAYLOAD_FORMAT_INDICATOR, "01");
        MpmBuilder { payload }
    }

    /// Sets the object at `path` (any ID; templates are created as needed).
    pub fn set(mut self, path: impl ObjectPath, value: impl Into<Value>) -> Self {
        self.payload.set_path(path, value);
        self
    }

    /// Adds a whole object at the root (replacing one with the same ID).
    pub fn object(mut self, object: Object) -> Self {
        self.payload.set(object.id, object.value);
        self
    }

    /// `01`: static (`11`) or dynamic (`12`).
    pub fn point_of_initiation(self, poi: PointOfInitiation) -> Self {
        let v = match poi {
            PointOfInitiation::Static => "11",
            PointOfInitiation::Dynamic => "12",
            // Generators must not emit RFU values: leave 01 out.
            PointOfInitiation::Other => return self,
        };
        self.set([id::POINT_OF_INITIATION], v)
    }

    /// A primitive merchant account (02–25: the ID names the network; 15 = UnionPay).
    pub fn merchant_account(self, id: u8, value: &str) -> Self {
        self.set([id], value)
    }

    /// A merchant account template (26–51) or unreserved template (80–99): GUID in sub-ID 00,
    /// then `objects` as (sub-ID, value).
    pub fn template<'s>(self, id: u8, guid: &str, objects: impl IntoIterator<Item = (u8, &'s str)>) -> Self {
        let objs = objects.into_iter().map(|(sub, v)| Object::text(sub, v)).collect::<Vec<_>>();
        self.object(Object::with_guid(id, guid, objs))
    }

    /// `52` Merchant Category Code.
    pub fn merchant_category_code(self, mcc: &str) -> Self {
        self.set([id::MERCHANT_CATEGORY_CODE], mcc)
    }

    /// `53` Transaction Currency (ISO 4217 numeric).
    pub fn transaction_currency(self, currency: &str) -> Self {
        self.set([id::TRANSACTION_CURRENCY], currency)
    }

    /// `54` Transaction Amount.
    pub fn transaction_amount(self, amount: &str) -> Self {
        self.set([id::TRANSACTION_AMOUNT], amount)
    }

    /// `55` = `01`: the app prompts for a tip.
    pub fn tip_prompt(self) -> Self {
        self.set([id::TIP_OR_CONVENIENCE_INDICATOR], "01")
    }

    /// `55` = `02` with the fixed fee in `56`.
    pub fn convenience_fee_fixed(self, fee: &str) -> Self {
        self.set([id::TIP_OR_CONVENIENCE_INDICATOR], "02").set([id::CONVENIENCE_FEE_FIXED], fee)
    }

    /// `55` = `03` with the percentage in `57`.
    pub fn convenience_fee_percentage(self, pct: &str) -> Self {
        self.set([id::TIP_OR_CONVENIENCE_INDICATOR], "03").set([id::CONVENIENCE_FEE_PERCENTAGE], pct)
    }

    /// `58` Country Code.
    pub fn country_code(self, cc: &str) -> Self {
        self.set([id::COUNTRY_CODE], cc)
    }

    /// `59` Merchant Name.
    pub fn merchant_name(self, name: &str) -> Self {
        self.set([id::MERCHANT_NAME], name)
    }

    /// `60` Merchant City.
    pub fn merchant_city(self, city: &str) -> Self {
        self.set([id::MERCHANT_CITY], city)
    }

    /// `61` Postal Code.
    pub fn postal_code(self, code: &str) -> Self {
        self.set([id::POSTAL_CODE], code)
    }

    /// `62.sub` in the additional data template (01 bill number … 11 merchant channel).
    pub fn additional_data(self, sub: u8, value: &str) -> Self {
        self.set([id::ADDITIONAL_DATA, sub], value)
    }

    /// Template `64`: language, merchant name and optional city in that language.
    pub fn language(self, language: &str, name: &str, city: Option<&str>) -> Self {
        let mut objs = alloc::vec![Object::text(0, language), Object::text(1, name)];
        if let Some(c) = city {
            objs.push(Object::text(2, c));
        }
        self.object(Object::template(id::LANGUAGE_TEMPLATE, objs))
    }

    /// The payload as built so far, unchecked.
    pub fn as_payload(&self) -> &MerchantPayload {
        &self.payload
    }

    /// The payload, once it passes every generator rule (see [`MerchantPayload::check`]).
    pub fn build(self) -> Result<MerchantPayload> {
        self.payload.check()?;
        Ok(self.payload)
    }

    /// [`build`](Self::build), then encode.
    pub fn encode(self) -> Result<String> {
        self.build()?.encode()
    }
}
