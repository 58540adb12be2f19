//! EMVCo Consumer-Presented Mode (CPM) v1.0: the code a payer's app shows, base64 text of
//! binary BER-TLV (SPEC.md section 7).
//!
//! - [`ConsumerPayload`] parses the text into owned [`BerObject`]s (multi-byte tags,
//!   long-form lengths kept as written) and gives typed access to the application templates
//!   (61) and the common data template (62) through [`Template`]. Encoding an unchanged parsed
//!   payload gives back the input byte for byte.
//! - [`CpmBuilder`] writes new payloads and refuses what the profile forbids.
//! - [`Finding`](crate::Finding)s report profile breaches that do not stop a reader.
//!
//! Error offsets: base64 problems point into the text; every other problem points into the
//! decoded TLV bytes, where a byte's position is `offset` (the text position is about
//! `offset * 4 / 3`).
//!
//! ```
//! use hutong::emv::cpm::ConsumerPayload;
//! use hutong::Provider;
//!
//! let text = "hQVDUFYwMWFWTwigAAADMwEBAlcRYmNgAQBxNnLSMSIBAAABiAFfNAEAYzOfJghWite85mtxi58nAYCfEBEHAAEDoAAAAQgwMDAwMDAwMZ82AhEiggIAAJ83BCJgSI4=";
//! let cpm = ConsumerPayload::parse(text)?;
//! let app = cpm.applications().next().unwrap();
//! assert_eq!(app.aid(), Some(&[0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x02][..]));
//! assert_eq!(app.route(), Some(Provider::UnionPay));
//! let t2 = app.track2().unwrap();
//! assert_eq!((t2.pan.as_str(), t2.expiry.as_str(), t2.service_code.as_str()), ("6263600100713672", "2312", "201"));
//! assert_eq!(cpm.encode(), text);
//! # Ok::<(), hutong::Error>(())
//! ```

mod ber;
mod build;
mod model;
mod rules;
pub(crate) mod tags;
mod track2;

pub use crate::finding::cpm::Rule;
pub use ber::{is_valid_tag, BerObject, BerValue, ValueBytes};
pub use build::{CpmBuilder, TemplateBuilder};
pub use model::{ConsumerPayload, Template};
pub use tags::{tag, tag_name};
pub use track2::Track2;

/// The text every CPM payload starts with: base64 of `85 05 'C' 'P' 'V'`.
pub const PREFIX: &str = "hQVDUFY";

/// The longest text read: what a QR code holds in byte mode (version 40, level L). Longer
/// text cannot have come from a scanned code.
pub const MAX_TEXT_LEN: usize = 2953;

/// How deep templates may nest (85 and 61 are level 1, 4F and 63 level 2, 9F26 in 63 level 3).
pub const MAX_DEPTH: usize = crate::TagPath::MAX_DEPTH;
