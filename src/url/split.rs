//! A URL split into its parts, each borrowed from the input as written.

use alloc::string::String;

use super::class::{url_byte_is, URL_PATH, URL_QUERY};
use super::host::{authority_error, scan_host};
use super::percent::check_escape;
use super::query::Pairs;
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::text::is_invisible;

/// Longest scheme looked for: real ones are short, and bounding the search keeps a long
/// non-URL input (a payment code, an EMV payload) from being scanned for a `:`.
const MAX_SCHEME: usize = 32;

/// The scheme of `input` (the bytes before the first `:`), when they have a scheme's shape:
/// a letter, then letters, digits, `+`, `-` or `.`, at most 32 bytes. Bytes as written.
pub fn scheme(input: &str) -> Option<&str> {
    let bytes = input.as_bytes();
    let head = bytes.get(..bytes.len().min(MAX_SCHEME + 1))?;
    // At most 33 bytes, the colon a few in: a plain scan costs less than a call to memchr.
    let s = input.get(..head.iter().position(|&b| b == b':')?)?;
    is_scheme(s).then_some(s)
}

/// Whether `s` has a scheme's shape: a letter, then letters, digits, `+`, `-` or `.`, at most
/// 32 bytes.
pub(crate) fn is_scheme(s: &str) -> bool {
    let mut it = s.bytes();
    s.len() <= MAX_SCHEME
        && it.next().is_some_and(|b| b.is_ascii_alphabetic())
        && it.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Which part of a URL a character was found in, for messages.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Path,
    Query,
    Fragment,
}

impl Part {
    fn name(self) -> &'static str {
        match self {
            Part::Path => "path",
            Part::Query => "query",
            Part::Fragment => "fragment",
        }
    }
}

/// A URL split into its parts, each borrowed from the input as written.
///
/// Grammar (RFC 3986, narrowed): `scheme "://" host [":" port] path ["?" query] ["#" fragment]`.
/// The host is letters, digits, `-`, `_` and dots between non-empty labels; no user info, no
/// IP-literal brackets. Path, query and fragment hold RFC 3986 characters and valid
/// `%XX` escapes; query and fragment also accept `[]{}|^`, and all three accept non-ASCII
/// text other than invisible characters (the unified code carries aggregators' URLs as they are).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Url<'a> {
    input: &'a str,
    // Offsets instead of slices keep the value small (it is returned by value on the fast
    // path); inputs longer than u16::MAX are refused.
    scheme_end: u16,
    host_end: u16,
    path_start: u16,
    query_start: u16,
    fragment_start: u16,
    has_query: bool,
    has_fragment: bool,
}

impl core::fmt::Debug for Url<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Url")
            .field("scheme", &self.scheme())
            .field("host", &self.host())
            .field("port", &self.port())
            .field("path", &self.path())
            .field("query", &self.query())
            .field("fragment", &self.fragment())
            .finish()
    }
}

impl<'a> Url<'a> {
    /// Splits and checks `input`. Errors are [`InvalidUrl`](crate::ErrorKind::InvalidUrl)
    /// (or [`Unrecognised`](crate::ErrorKind::Unrecognised) when there is no scheme at all),
    /// with the byte offset of the offending part.
    pub fn parse(input: &'a str) -> Result<Url<'a>> {
        match scheme(input) {
            Some(scheme) => Self::split(input, scheme),
            None => Err(Error::new(Problem::NotUrl { found: Quote::new(input) }, 0, None)),
        }
    }

    /// [`Url::parse`] once the scheme (a prefix of `input`) is known.
    pub(crate) fn split(input: &'a str, scheme: &'a str) -> Result<Url<'a>> {
        Self::split_with(input, scheme, |_| false)
    }

    /// [`Url::split`], leaving the characters of path, query and fragment unchecked when
    /// `checked_later(host)` says the caller checks every part against a stricter alphabet
    /// (a provider's form): one pass fewer on the fast path.
    #[inline]
    pub(crate) fn split_with(
        input: &'a str,
        scheme: &'a str,
        mut checked_later: impl FnMut(&str) -> bool,
    ) -> Result<Url<'a>> {
        let bytes = input.as_bytes();
        if bytes.len() > u16::MAX as usize {
            let max = u16::MAX as usize;
            return Err(Error::new(Problem::TooLong { len: bytes.len(), max }, max, None));
        }
        let after = scheme.len() + 1;
        if bytes.get(after..after + 2) != Some(b"//".as_slice()) {
            return Err(Error::new(Problem::NoAuthority { found: Quote::new(input) }, after, None));
        }
        let host_at = after + 2;
        // The authority ends at the first '/', '?' or '#': a host, then an optional port.
        let (stop, whole) = scan_host(bytes, host_at);
        let mut i = stop;
        let mut colon = None;
        match bytes.get(stop) {
            None | Some(b'/' | b'?' | b'#') => {}
            Some(b':') => {
                colon = Some(stop);
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                if !matches!(bytes.get(i), None | Some(b'/' | b'?' | b'#')) {
                    return Err(authority_error(input, host_at, i));
                }
            }
            Some(_) => return Err(authority_error(input, host_at, stop)),
        }
        let auth_end = i;
        let host_end = stop;
        if !whole {
            return Err(authority_error(input, host_at, host_end));
        }
        if let Some(c) = colon {
            let p = input.get(c + 1..auth_end).unwrap_or_default();
            let ok = (1..=5).contains(&p.len()) && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n));
            if !ok {
                return Err(Error::new(Problem::BadPort { found: Quote::new(p) }, c + 1, None));
            }
        }
        let mut query_at = None;
        let mut fragment_at = None;
        if checked_later(input.get(host_at..host_end).unwrap_or_default()) {
            let mut u = Url::after_authority(input, scheme.len(), auth_end);
            u.host_end = host_end as u16;
            return Ok(u);
        }
        // One pass over path, query and fragment.
        let mut allowed = URL_PATH;
        let mut ascii = true;
        while let Some(&b) = bytes.get(i) {
            if url_byte_is(b, allowed) {
                i += 1;
                continue;
            }
            match b {
                b'%' => {
                    check_escape(bytes, i, 0)?;
                    i += 3;
                    continue;
                }
                b'?' if query_at.is_none() && fragment_at.is_none() => {
                    query_at = Some(i + 1);
                    allowed = URL_QUERY;
                }
                b'#' if fragment_at.is_none() => {
                    fragment_at = Some(i + 1);
                    allowed = URL_QUERY;
                }
                0x80.. => ascii = false,
                b'\\' => return Err(Error::new(Problem::Backslash, i, None)),
                _ => {
                    let part = match (query_at, fragment_at) {
                        (_, Some(_)) => Part::Fragment,
                        (Some(_), None) => Part::Query,
                        (None, None) => Part::Path,
                    };
                    return Err(Error::new(Problem::UrlChar { c: b as char, part: part.name() }, i, None));
                }
            }
            i += 1;
        }
        if !ascii {
            let tail = input.get(auth_end..).unwrap_or_default();
            if let Some((j, c)) = tail.char_indices().find(|&(_, c)| is_invisible(c)) {
                return Err(Error::new(Problem::Invisible { c }, auth_end + j, None));
            }
        }
        Ok(Url::at(input, scheme.len(), host_end, auth_end, query_at, fragment_at))
    }

    /// The URL whose authority (host and port, already checked) ends at `auth_end`: path,
    /// query and fragment found but not checked, for a caller that checks them itself.
    #[inline]
    pub(crate) fn after_authority(input: &'a str, scheme_len: usize, auth_end: usize) -> Url<'a> {
        let bytes = input.as_bytes();
        let tail = bytes.get(auth_end..).unwrap_or_default();
        let (mut query_at, mut fragment_at) = (None, None);
        // A path is long enough for memchr's vector search to pay for its call.
        match memchr::memchr2(b'?', b'#', tail) {
            Some(q) if tail.get(q) == Some(&b'?') => {
                query_at = Some(auth_end + q + 1);
                let rest = tail.get(q + 1..).unwrap_or_default();
                fragment_at = memchr::memchr(b'#', rest).map(|f| auth_end + q + 1 + f + 1);
            }
            Some(f) => fragment_at = Some(auth_end + f + 1),
            None => {}
        }
        Url::at(input, scheme_len, auth_end, auth_end, query_at, fragment_at)
    }

    #[inline]
    fn at(
        input: &'a str,
        scheme_end: usize,
        host_end: usize,
        path_start: usize,
        query_at: Option<usize>,
        fragment_at: Option<usize>,
    ) -> Url<'a> {
        let n = |v: usize| v as u16;
        Url {
            input,
            scheme_end: n(scheme_end),
            host_end: n(host_end),
            path_start: n(path_start),
            query_start: n(query_at.unwrap_or(0)),
            fragment_start: n(fragment_at.unwrap_or(0)),
            has_query: query_at.is_some(),
            has_fragment: fragment_at.is_some(),
        }
    }

    #[inline]
    fn part(&self, from: u16, to: usize) -> &'a str {
        self.input.get(from as usize..to).unwrap_or_default()
    }

    /// The scheme as written (`https`, `HTTPS`, …).
    #[inline]
    pub fn scheme(&self) -> &'a str {
        self.part(0, self.scheme_end as usize)
    }

    /// The host as written; compare with [`str::eq_ignore_ascii_case`].
    #[inline]
    pub fn host(&self) -> &'a str {
        self.part(self.scheme_end + 3, self.host_end as usize)
    }

    /// The port digits, when the URL names one.
    #[inline]
    pub fn port(&self) -> Option<&'a str> {
        (self.path_start > self.host_end).then(|| self.part(self.host_end + 1, self.path_start as usize))
    }

    #[inline]
    fn path_end(&self) -> usize {
        if self.has_query {
            self.query_start as usize - 1
        } else if self.has_fragment {
            self.fragment_start as usize - 1
        } else {
            self.input.len()
        }
    }

    /// The path as written, from its leading `/` (empty when there is none).
    #[inline]
    pub fn path(&self) -> &'a str {
        self.part(self.path_start, self.path_end())
    }

    /// The query after `?`, as written; `Some("")` for a bare `?`.
    #[inline]
    pub fn query(&self) -> Option<&'a str> {
        let end = if self.has_fragment { self.fragment_start as usize - 1 } else { self.input.len() };
        self.has_query.then(|| self.part(self.query_start, end))
    }

    /// The fragment after `#`, as written; `Some("")` for a bare `#`.
    #[inline]
    pub fn fragment(&self) -> Option<&'a str> {
        self.has_fragment.then(|| self.part(self.fragment_start, self.input.len()))
    }

    /// `scheme://host`, as written.
    #[inline]
    pub(crate) fn origin_text(&self) -> &'a str {
        self.part(0, self.host_end as usize)
    }

    /// The query's `name=value` pairs in order, as written (no decoding).
    pub fn pairs(&self) -> Pairs<'a> {
        Pairs::new(self.query().unwrap_or_default(), self.query_offset())
    }

    /// Byte offset of the host in the input.
    #[inline]
    pub fn host_offset(&self) -> usize {
        self.scheme_end as usize + 3
    }

    /// Byte offset of the path in the input.
    #[inline]
    pub fn path_offset(&self) -> usize {
        self.path_start as usize
    }

    /// Byte offset of the query (after `?`) in the input; the end of the path when absent.
    #[inline]
    pub fn query_offset(&self) -> usize {
        if self.has_query {
            self.query_start as usize
        } else {
            self.path_end()
        }
    }

    /// Byte offset of the fragment (after `#`) in the input; the end of the input when absent.
    #[inline]
    pub fn fragment_offset(&self) -> usize {
        if self.has_fragment {
            self.fragment_start as usize
        } else {
            self.input.len()
        }
    }

    /// Whether the scheme is `http` or `https` in any letter case.
    pub fn is_web(&self) -> bool {
        self.scheme().eq_ignore_ascii_case("https") || self.scheme().eq_ignore_ascii_case("http")
    }

    /// Appends the URL rebuilt from its parts.
    pub fn encode_into(&self, out: &mut String) {
        out.push_str(self.scheme());
        out.push_str("://");
        out.push_str(self.host());
        if let Some(p) = self.port() {
            out.push(':');
            out.push_str(p);
        }
        out.push_str(self.path());
        if let Some(q) = self.query() {
            out.push('?');
            out.push_str(q);
        }
        if let Some(f) = self.fragment() {
            out.push('#');
            out.push_str(f);
        }
    }

    /// The URL rebuilt from its parts: the input, for a parsed value.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(self.encoded_len());
        self.encode_into(&mut s);
        s
    }

    fn encoded_len(&self) -> usize {
        self.input.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn parts_offsets_and_pairs() {
        let u = Url::parse("HTTP://a.b:8080/p/q?x=1&y&=z&&w=#f#g").unwrap_err();
        assert_eq!(u.kind(), crate::ErrorKind::InvalidUrl, "a second '#' is not a fragment character");
        let u = Url::parse("HTTP://a.b:8080/p/q?x=1&y&=z&&w=#frag").unwrap();
        assert_eq!((u.scheme(), u.host(), u.port(), u.path()), ("HTTP", "a.b", Some("8080"), "/p/q"));
        assert_eq!((u.query(), u.fragment()), (Some("x=1&y&=z&&w="), Some("frag")));
        assert_eq!((u.host_offset(), u.path_offset(), u.query_offset(), u.fragment_offset()), (7, 15, 20, 33));
        let pairs: Vec<_> = u.pairs().map(|p| (p.name, p.value, p.offset)).collect();
        assert_eq!(
            pairs,
            [("x", Some("1"), 20), ("y", None, 24), ("", Some("z"), 26), ("", None, 29), ("w", Some(""), 30)]
        );
        assert_eq!(u.encode(), "HTTP://a.b:8080/p/q?x=1&y&=z&&w=#frag");
        let bare = Url::parse("https://a.b?#").unwrap();
        assert_eq!((bare.path(), bare.query(), bare.fragment()), ("", Some(""), Some("")));
        assert_eq!(bare.encode(), "https://a.b?#");
    }
}
