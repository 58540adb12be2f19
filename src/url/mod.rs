//! The crate's one URL reader, for merchant codes: splitting a URL into its parts, host
//! checks, query pairs, percent-escapes and the byte classes of URL grammars. Providers read
//! every web code and app link through it; [`crate::providers::url`] is its public face.
//!
//! Attribution rests on knowing the host for certain, so this reads a URL the way the
//! strictest reader would and refuses whatever two readers could disagree on: user info
//! (`qr.alipay.com@evil.cn`), backslashes (browsers read them as `/`), percent-escapes and
//! non-ASCII in the host (`qr%2Ealipay.com`, Cyrillic lookalikes), empty labels and trailing
//! dots, IP-literal brackets. Every part is kept exactly as written (case, escapes, parameter
//! order), so [`Url::encode`] rebuilds the input byte for byte.

pub(crate) mod class;
mod host;
mod origin;
mod percent;
mod query;
mod split;
pub(crate) mod word;

pub(crate) use host::check_host;
pub use origin::Origin;
pub(crate) use percent::{check_escape, decode_checked, decode_escapes_into, hex_value, percent_decode_into};
pub use percent::{percent_decode, percent_encode_component};
pub use query::{Pair, Pairs};
pub(crate) use split::is_scheme;
pub use split::{scheme, Url};
