//! # hutong (互通): interoperable China payment QR codes
//!
//! China's QR payments are walled gardens: WeChat Pay, Alipay, UnionPay, the e-CNY wallets
//! and the telecom operators' wallets each print and scan their own codes. `hutong` reads and
//! writes all of them, defines one unified code (a profile of EMVCo MPM v1.1 that any EMV
//! wallet can read, with the e-CNY interconnection typing) and converts between them without
//! losing a byte. SPEC.md in the repository is the specification.
//!
//! ## 1. What did the scanner read?
//!
//! [`recognise`] takes any scanned string and says what it is, whose it is, and what it
//! converts to.
//!
//! ```
//! use hutong::{recognise, Kind, Provider};
//!
//! let code = recognise("https://qr.alipay.com/bax08123k4y9xyzabc12e045")?;
//! assert_eq!(code.kind(), Kind::MerchantCode);
//! assert_eq!(code.providers(), [Provider::Alipay]);
//! assert_eq!(code.ecny().unwrap().to_string(), "QT04/QET05");
//! assert_eq!(code.encode().as_deref(), Ok(code.as_str())); // exact round trip
//! # Ok::<(), hutong::Error>(())
//! ```
//!
//! ## 2. EMVCo merchant-presented codes
//!
//! [`emv::mpm::Mpm`] parses without allocating and checks the CRC; [`emv::mpm::MerchantPayload`]
//! is the owned, editable model whose encoding of an unchanged parse is the input, byte for byte.
//!
//! ```
//! use hutong::emv::mpm::{MerchantPayload, Mode, Mpm};
//!
//! let input = "000201010211153125000344000203445000344701100015204701153033445802HK5916Discount Testing\
//!              6008Hongkong62600120000000000000000000000520000000000000000000000708888888886304F153";
//! let mpm = Mpm::parse(input)?;
//! assert_eq!(mpm.merchant_name(), Some("Discount Testing"));
//! assert_eq!(mpm.get_path(&[62, 7]).map(|o| o.value()), Some("88888888"));
//!
//! let mut payload = MerchantPayload::from(&mpm);
//! assert_eq!(payload.encode()?, input);
//! payload.set(54, "12.50"); // only 54's bytes and the CRC change
//! assert!(Mpm::parse(&payload.encode()?).is_ok());
//!
//! // Real generators bend the rules: lenient mode reads what strict mode refuses.
//! let lower_crc = "00020101021138570010A00000072701390006970422011301234567890200208QRIBFTTA53037045802VN6304a3cf";
//! assert!(Mpm::parse(lower_crc).is_err());
//! assert!(Mpm::parse_with(lower_crc, Mode::Lenient).is_ok());
//! # Ok::<(), hutong::Error>(())
//! ```
//!
//! ## 3. Errors say what and where
//!
//! ```
//! use hutong::{emv::mpm::Mpm, ErrorKind};
//!
//! let err = Mpm::parse("000201010211153125000344000203445000344701100015204701153033445802HK5916Discount Testing6008Hongkong62600120000000000000000000000520000000000000000000000708888888886304F154").unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::CrcMismatch);
//! assert_eq!(err.path().unwrap().to_string(), "63");
//! assert_eq!(err.message().to_string(), "CRC mismatch: payload says F154, computed F153; the code was altered or misread");
//! ```
//!
//! ## 4. Providers' own codes
//!
//! [`providers::MerchantCode`] parses every provider's legacy merchant code into typed fields
//! and writes it back exactly; hosts are matched exactly, so look-alikes are not attributed.
//!
//! ```
//! use hutong::providers::{MerchantCode, ProviderCode, WeChatCode};
//!
//! let code = MerchantCode::parse("weixin://wxpay/bizpayurl?pr=p4lpSuKzz")?;
//! assert_eq!(code.form().id(), "wechat-native");
//! assert!(matches!(code.code(), ProviderCode::WeChat(WeChatCode::Native { .. })));
//! assert_eq!(code.encode(), "weixin://wxpay/bizpayurl?pr=p4lpSuKzz");
//! assert!(MerchantCode::parse("https://qr.alipay.com.evil.cn/bax08123k4y9xyzabc12e045")?.provider().is_none());
//! # Ok::<(), hutong::Error>(())
//! ```
//!
//! ## 5. The unified code
//!
//! [`unified::merge`] puts a merchant's codes into one e-CNY-compatible EMVCo code;
//! [`unified::read`] checks it and gives them back, byte for byte.
//!
//! ```
//! use hutong::unified::{self, Merchant};
//!
//! let codes = ["weixin://wxpay/bizpayurl?pr=p4lpSuKzz", "https://qr.alipay.com/bax08123k4y9xyzabc12e045"];
//! let merchant = Merchant { name: "TEST SHOP".into(), city: "SHENZHEN".into(), name_zh: "测试商店".into(), ..Merchant::default() };
//! let code = unified::merge(&codes, &merchant)?;
//! assert!(hutong::emv::mpm::Mpm::parse(&code)?.findings().is_empty());
//! assert!(unified::read(&code)?.codes().eq(codes));
//! # Ok::<(), hutong::Error>(())
//! ```
//!
//! ## 6. Consumer-presented codes
//!
//! [`paycode::route`] tells a POS which provider's API takes a payment code, without
//! allocating; [`emv::cpm::ConsumerPayload`] reads EMVCo CPM codes.
//!
//! ```
//! use hutong::{paycode, Provider, emv::cpm::ConsumerPayload};
//!
//! assert_eq!(paycode::route("134567890123456789")?.provider(), Provider::WeChatPay);
//! assert_eq!(paycode::route("13456789012345678").unwrap_err().message().to_string(),
//!            "prefix 13 is WeChat Pay, which uses 18 digits; got 17");
//!
//! let cpm = ConsumerPayload::parse("hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=")?;
//! assert_eq!(cpm.route(), Some(Provider::UnionPay));
//! # Ok::<(), hutong::Error>(())
//! ```
//!
//! ## Conventions
//!
//! - One call per task, and `_with(.., mode)` for the lenient variant: [`recognise`],
//!   [`emv::mpm::Mpm::parse`], [`unified::read`].
//! - `encode()` gives the wire text: `String` where nothing can fail (a provider's code, a CPM
//!   payload), `Result<String>` where a value may not fit its format (an edited
//!   [`emv::mpm::MerchantPayload`], and [`Recognised::encode`], which re-encodes through it).
//!   `encode_into(&mut String)` does the same into a reused buffer.
//! - Every id (error kinds, providers, forms, rules) is a kebab-case string with `id()`,
//!   `Display`, `FromStr` and serde by id.
//! - A [`TagPath`] names where a problem is (`62.05`); `get_path` looks it up.
//!
//! ## Features
//!
//! - `std` (default): `std::error::Error` and friends. Without it the crate is `no_std` with
//!   `alloc`, for POS terminals.
//! - `serde` (default): `Serialize`/`Deserialize` for the owned models and reports.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// Input never decides whether the library panics: no unwrap, expect, panic or unchecked
// indexing outside tests. The few table lookups whose index is bounded by construction
// (a `u8` into a 256-entry table, a masked nibble) carry a local allow that says so.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod ecny;
pub mod emv;
mod error;
mod finding;
mod id;
pub mod interop;
pub mod paycode;
mod provider;
pub mod providers;
mod recognise;
pub mod text;
mod ucd;
pub mod unified;
mod url;

pub use error::{Error, ErrorKind, ObjectPath, Result, TagPath};
pub use finding::{Finding, Rule};
pub use provider::Provider;
pub use recognise::{guess_kind, recognise, recognise_with, Code, Contents, Kind, Recognised};
