//! The scheme and host of a web code, as written.

use alloc::string::String;

use super::split::Url;

/// The scheme and host of a web code, as written (any letter case): kept so that encoding
/// gives back `HTTPS://QR.ALIPAY.COM/…` as it came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Origin<'a> {
    /// `scheme://host`, one slice: half the size of two.
    text: &'a str,
    scheme_len: u8,
}

impl<'a> Origin<'a> {
    /// An origin from its text `scheme://host` (constructors use lower-case `https://…`).
    pub(crate) const fn of_text(text: &'static str) -> Origin<'a> {
        let mut rest = text.as_bytes();
        let mut n = 0;
        while let [b, tail @ ..] = rest {
            if *b == b':' {
                break;
            }
            rest = tail;
            n += 1;
        }
        Origin { text, scheme_len: n as u8 }
    }

    /// An origin whose scheme is the first `scheme_len` bytes of `text` (`scheme://host`).
    #[inline]
    pub(crate) const fn with_scheme_len(text: &'a str, scheme_len: u8) -> Origin<'a> {
        Origin { text, scheme_len }
    }

    pub(crate) fn of(url: &Url<'a>) -> Origin<'a> {
        Origin { text: url.origin_text(), scheme_len: url.scheme().len() as u8 }
    }

    /// The scheme as written (`http` or `https` in some letter case).
    pub fn scheme(&self) -> &'a str {
        self.text.get(..self.scheme_len as usize).unwrap_or_default()
    }

    /// The host as written.
    pub fn host(&self) -> &'a str {
        self.text.get(self.scheme_len as usize + 3..).unwrap_or_default()
    }

    /// Whether the scheme is `https`.
    pub fn is_https(&self) -> bool {
        self.scheme().eq_ignore_ascii_case("https")
    }

    pub(crate) fn encode_into(&self, out: &mut String) {
        out.push_str(self.scheme());
        out.push_str("://");
        out.push_str(self.host());
    }
}
