//! The unified, e-CNY-compatible payment code, format version 1: one EMVCo MPM v1.1 payload
//! that carries any number of providers' legacy codes, byte for byte (SPEC.md section 5).
//!
//! Layout, in short:
//! - root: `00`=`01`, `01`=`12` when dynamic (a static code has no 01), UnionPay International account in `15` when known,
//!   `52` MCC, `53`=`156`, `54` amount, `58`=`CN`, `59`/`60` merchant, `62` bill number and
//!   reference, `64` (`ZH`) Chinese name and city;
//! - one template per carried code in 26–51: `00` the GUID of the code's provider from the
//!   [registry](guid::GUIDS), `05` the legacy code; a code too long for one template goes on
//!   in the next templates, each `00` the same GUID + `91` the next part;
//! - no version marker: a code is of version 1 unless it holds template 80 = `00`
//!   [`HUTONG_GUID`], `01` the version, which every later version writes (SPEC 5.7).
//!
//! Nothing the reader reports is taken on the code's word: every carried code is parsed on its
//! own and must be a code of the provider its GUID names, and the e-CNY typing is computed
//! from the carried codes rather than read.
//!
//! ```
//! use hutong::unified::{self, Merchant};
//!
//! let wechat = "weixin://wxpay/bizpayurl?pr=p4lpSuKzz";
//! let alipay = "https://qr.alipay.com/bax08123k4y9xyzabc12e045";
//! let merchant = Merchant { name: "TEST SHOP".into(), city: "SHENZHEN".into(), ..Merchant::default() };
//! let code = unified::merge(&[wechat, alipay], &merchant)?;
//! assert!(unified::read(&code)?.codes().eq([wechat, alipay]));
//! # Ok::<(), hutong::Error>(())
//! ```

use alloc::string::String;

use crate::ecny::{CodeType, EcnyTyping, EncodingType};
use crate::error::TagPath;
use crate::providers::Form;
use crate::Provider;

pub mod guid;
mod read;
mod write;

pub use guid::{guid_for, GuidEntry, GUIDS, HUTONG_GUID};
pub(crate) use read::as_unified;
pub use read::{read, read_with, UnifiedCode};
pub use write::{from_emv, from_legacy, merge};

/// The format version this crate writes and reads: a code without a version marker, or one
/// whose marker's 80.01 says `1`.
pub const FORMAT_VERSION: &str = "1";

/// Sub-ID of the first (or only) part of a carried legacy code: the same place WeChat Pay
/// puts its `code_url` in EMV codes abroad.
pub const SUB_CODE: u8 = 5;
/// Sub-ID of a continuation part.
pub const SUB_CONTINUATION: u8 = 91;
/// Sub-ID of the format version in the version marker, template 80.
pub const SUB_VERSION: u8 = 1;

/// The most characters a template's content holds (two length digits).
const TEMPLATE_ROOM: usize = 99;

/// The form id of a UnionPay International account carried in root `15`: the id of
/// [`Form::UnionPayEmv15`].
pub const UNIONPAY_EMV_FORM: &str = Form::UnionPayEmv15.id();

/// What the unified code says of the merchant. Fields left empty get the defaults in
/// SPEC.md: MCC `0000`, name and city `NA` (EMVCo makes 59 and 60 mandatory).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Merchant {
    /// `59`, printable ASCII, at most 25 characters.
    pub name: String,
    /// `60`, printable ASCII, at most 15 characters.
    pub city: String,
    /// `52` Merchant Category Code (ISO 18245).
    pub mcc: String,
    /// `54` amount in yuan (`12.50`); makes the code dynamic.
    pub amount: String,
    /// `01` = `12` even without an amount or a dynamic carried code (a per-order code).
    pub dynamic: bool,
    /// `64.01` name in Chinese.
    pub name_zh: String,
    /// `64.02` city in Chinese.
    pub city_zh: String,
    /// `62.01` bill number.
    pub bill_number: String,
    /// `62.05` reference label.
    pub reference_label: String,
    /// `15` UnionPay International account (31 characters), when the merchant has one.
    pub unionpay_account: String,
}

impl Merchant {
    /// Every field empty: the merchant [`Default`] gives, usable where a constant is needed.
    pub const EMPTY: Merchant = Merchant {
        name: String::new(),
        city: String::new(),
        mcc: String::new(),
        amount: String::new(),
        dynamic: false,
        name_zh: String::new(),
        city_zh: String::new(),
        bill_number: String::new(),
        reference_label: String::new(),
        unionpay_account: String::new(),
    };
}

impl Default for Merchant {
    fn default() -> Merchant {
        Merchant::EMPTY
    }
}

/// One legacy code carried by a unified (or any EMV) code, checked: it parses on its own as
/// a code of `provider` with form `form`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CarriedCode {
    /// The provider, found by parsing the code; `None` for an aggregated code.
    pub provider: Option<Provider>,
    /// The form id found by parsing the code (`wechat-native`, `unionpay-emv15`…): one of
    /// [`Form`]'s ids, so it is held, not copied.
    pub form: &'static str,
    /// The legacy code, byte for byte.
    pub code: String,
    /// Where it starts (`26.05`, `15`).
    pub path: TagPath,
}

/// The typing of a whole unified code (SPEC 5.5), from what it carries: one carried code
/// keeps its own encoding type, and its own code type unless the code is dynamic (01 = 12),
/// which makes it QT04; several make an aggregated merchant code, QT04 when dynamic, else QT03,
/// with QET03.
pub(crate) fn whole_typing(carried: &[EcnyTyping], dynamic: bool) -> EcnyTyping {
    match carried {
        [one] if dynamic => EcnyTyping { qt: CodeType::MerchantDynamic, qet: one.qet },
        [one] => *one,
        _ => EcnyTyping {
            qt: if dynamic { CodeType::MerchantDynamic } else { CodeType::MerchantStatic },
            qet: Some(EncodingType::Aggregated),
        },
    }
}

/// The typing of a UnionPay International account carried in 15: UnionPay's standard
/// merchant code.
pub(crate) const UNIONPAY_ACCOUNT_TYPING: EcnyTyping =
    EcnyTyping { qt: CodeType::MerchantStatic, qet: Some(Provider::UnionPay.encoding_type()) };
