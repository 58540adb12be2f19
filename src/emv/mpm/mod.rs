//! EMVCo Merchant-Presented Mode (MPM) v1.1: the ID/length/value payload printed on a
//! merchant's QR code, and the base of this crate's unified code.
//!
//! - [`Mpm`] parses a `&str` without allocating and gives borrowed access to every data
//!   object by ID and by path.
//! - [`MerchantPayload`] is the owned, editable (and serde-serialisable) model; encoding an
//!   unchanged parsed payload gives back the input byte for byte.
//! - [`MpmBuilder`] writes new payloads and refuses what the specification forbids.
//! - [`Finding`](crate::Finding)s report rule breaches that do not stop a parse.

mod encode;
pub(crate) mod fields;
mod model;
mod parse;
mod roundtrip;
mod rules;
pub(crate) mod write;

pub use crate::finding::mpm::Rule;
pub use encode::MpmBuilder;
pub use fields::{field_name, id, spec, FieldSpec, Format};
pub use model::{
    AdditionalData, LanguageTemplate, MerchantAccount, MerchantPayload, Object, PointOfInitiation, Tip, Value,
};
pub(crate) use parse::Met;
pub use parse::{DataObject, Mode, Mpm, Objects};
pub(crate) use roundtrip::encode_parsed;
pub(crate) use rules::check_amount;
