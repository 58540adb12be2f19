//! The crate's URL reader for merchant codes ([`Url`]), and the query and percent-escape
//! helpers it uses.
//!
//! Attribution rests on knowing the host for certain, so this reads a URL the way the
//! strictest reader would and refuses whatever two readers could disagree on: user info
//! (`qr.alipay.com@evil.cn`), backslashes (browsers read them as `/`), percent-escapes and
//! non-ASCII in the host (`qr%2Ealipay.com`, Cyrillic lookalikes), empty labels and trailing
//! dots, IP-literal brackets. Every part is kept exactly as written (case, escapes, parameter
//! order), so [`Url::encode`] rebuilds the input byte for byte.
//!
//! ```
//! use hutong::providers::url::Url;
//!
//! let url = Url::parse("https://Pay.Example.com:8443/c/a%2Fb?x=1&y#top")?;
//! assert_eq!(url.host(), "Pay.Example.com");
//! assert_eq!(url.port(), Some("8443"));
//! assert_eq!(url.path(), "/c/a%2Fb");
//! assert_eq!(url.pairs().map(|p| (p.name, p.value)).collect::<Vec<_>>(), [("x", Some("1")), ("y", None)]);
//! assert_eq!(url.fragment(), Some("top"));
//! assert_eq!(url.encode(), "https://Pay.Example.com:8443/c/a%2Fb?x=1&y#top");
//! assert!(Url::parse("https://qr.alipay.com@evil.cn/x").is_err());
//! # Ok::<(), hutong::Error>(())
//! ```

pub use crate::url::{percent_decode, percent_encode_component, scheme, Pair, Pairs, Url};
