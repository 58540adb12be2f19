//! A small, exact URL splitter for merchant codes.
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

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::text::{is_invisible, url_byte_is, URL_LABEL, URL_PATH, URL_QUERY, URL_UNRESERVED};

/// Longest scheme looked for: real ones are short, and bounding the search keeps a long
/// non-URL input (a payment code, an EMV payload) from being scanned for a `:`.
const MAX_SCHEME: usize = 32;

/// The scheme of `input` (the bytes before the first `:`), when they have a scheme's shape:
/// a letter, then letters, digits, `+`, `-` or `.`, at most 32 bytes. Bytes as written.
pub fn scheme(input: &str) -> Option<&str> {
    let bytes = input.as_bytes();
    let head = bytes.get(..bytes.len().min(MAX_SCHEME + 1))?;
    let colon = head.iter().position(|&b| b == b':')?;
    let s = input.get(..colon)?;
    let mut it = s.bytes();
    let first_ok = it.next().is_some_and(|b| b.is_ascii_alphabetic());
    (first_ok && it.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))).then_some(s)
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
        // One pass over the authority, checking host labels as it goes: it ends at the first
        // '/', '?' or '#'.
        let mut i = host_at;
        let mut label = host_at;
        let mut prev = b'.';
        let mut colon = None;
        while let Some(&b) = bytes.get(i) {
            if url_byte_is(b, URL_LABEL) {
                prev = b;
                i += 1;
                continue;
            }
            match b {
                b'/' | b'?' | b'#' => break,
                b':' => {
                    colon = Some(i);
                    i += 1;
                    while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                    if !matches!(bytes.get(i), None | Some(b'/' | b'?' | b'#')) {
                        return Err(authority_error(input, host_at, i));
                    }
                    break;
                }
                b'-' if prev != b'.' => {}
                b'.' if prev != b'.' && prev != b'-' && i - label <= 63 => label = i + 1,
                _ => return Err(authority_error(input, host_at, i)),
            }
            prev = b;
            i += 1;
        }
        let auth_end = i;
        let host_end = colon.unwrap_or(auth_end);
        let host_len = host_end - host_at;
        if host_len == 0 || host_len > 253 || host_end - label > 63 || prev == b'.' || prev == b'-' {
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
        match find2(tail, b'?', b'#') {
            Some(q) if tail.get(q) == Some(&b'?') => {
                query_at = Some(auth_end + q + 1);
                let rest = tail.get(q + 1..).unwrap_or_default();
                fragment_at = find2(rest, b'#', b'#').map(|f| auth_end + q + 1 + f + 1);
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

/// Checks a host name: ASCII letters, digits, `-`, `_` in dot-separated labels of 1–63 bytes,
/// at most 253 bytes, no label starting or ending with `-`, no trailing dot. One pass.
pub(crate) fn check_host(host: &str, at: usize) -> Result<()> {
    let bytes = host.as_bytes();
    let mut label = 0;
    let mut prev = b'.';
    for (i, &b) in bytes.iter().enumerate() {
        if url_byte_is(b, URL_LABEL) {
            prev = b;
            continue;
        }
        match b {
            b'-' if prev != b'.' => {}
            b'.' if prev != b'.' && prev != b'-' && i - label <= 63 => label = i + 1,
            _ => return Err(host_error(host, at)),
        }
        prev = b;
    }
    if bytes.is_empty() || bytes.len() > 253 || bytes.len() - label > 63 || prev == b'.' || prev == b'-' {
        return Err(host_error(host, at));
    }
    Ok(())
}

/// Says what is wrong with an authority (starting at `host_at`) whose scan stopped at `stop`:
/// user info, a backslash, or the host's own fault.
#[cold]
fn authority_error(input: &str, host_at: usize, stop: usize) -> Error {
    let bytes = input.as_bytes();
    let rest = bytes.get(host_at..).unwrap_or_default();
    let end = host_at + rest.iter().position(|&b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(rest.len());
    let authority = input.get(host_at..end).unwrap_or_default();
    if let Some(i) = authority.bytes().position(|b| b == b'@') {
        return Error::new(Problem::Userinfo { found: Quote::new(authority) }, host_at + i, None);
    }
    if let Some(i) = authority.bytes().position(|b| b == b'\\') {
        return Error::new(Problem::Backslash, host_at + i, None);
    }
    let colon = authority.bytes().position(|b| b == b':');
    let host = authority.get(..colon.unwrap_or(authority.len())).unwrap_or_default();
    if let Some(c) = colon.filter(|_| stop > host_at + host.len()) {
        let port = authority.get(c + 1..).unwrap_or_default();
        return Error::new(Problem::BadPort { found: Quote::new(port) }, host_at + c + 1, None);
    }
    host_error(host, host_at)
}

/// Says what is wrong with a host that [`check_host`] refused, and where.
#[cold]
fn host_error(host: &str, at: usize) -> Error {
    let bad = |why: &'static str, i: usize| Error::new(Problem::BadHost { found: Quote::new(host), why }, at + i, None);
    let bytes = host.as_bytes();
    if bytes.is_empty() {
        return bad("a URL needs a host after \"//\"", 0);
    }
    let mut label = 0;
    let mut prev = b'.';
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => {}
            b'-' if prev == b'.' => return bad("a label cannot start with '-'", i),
            b'-' => {}
            b'.' if prev == b'.' => return bad("empty label: a host cannot start with '.' or hold \"..\"", i),
            b'.' if prev == b'-' => return bad("a label cannot end with '-'", i.saturating_sub(1)),
            b'.' => label = i + 1,
            b'%' => return bad("a percent-escape in a host can hide a '.' or a '/'", i),
            b'[' | b']' => return bad("IP-literal hosts are not used by payment codes", i),
            0x80.. => return bad("non-ASCII host: internationalised names can imitate a provider's", i),
            _ => return bad("only letters, digits, '-', '_' and '.' can appear in a host name", i),
        }
        if i + 1 - label > 63 {
            return bad("a label (between dots) has at most 63 characters", label);
        }
        prev = b;
    }
    match prev {
        b'.' => bad("trailing dot: the fully-qualified spelling of a host evades exact host checks", bytes.len() - 1),
        b'-' => bad("a label cannot end with '-'", bytes.len() - 1),
        _ => bad("a host name has at most 253 characters", 253),
    }
}

/// The index of the first `a` or `b` in `hay`. Eight bytes at a time (the classic "has a zero
/// byte" test on the word XORed with each needle), then byte by byte in the word that may hold
/// one: separators sit far into real codes, and a byte loop costs a branch per byte.
#[inline]
pub(crate) fn find2(hay: &[u8], a: u8, b: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let (pa, pb) = (LO * a as u64, LO * b as u64);
    let mut i = 0;
    while let Some(&[c0, c1, c2, c3, c4, c5, c6, c7]) = hay.get(i..i + 8) {
        let w = u64::from_le_bytes([c0, c1, c2, c3, c4, c5, c6, c7]);
        let (xa, xb) = (w ^ pa, w ^ pb);
        // Can flag bytes after a true match (borrows), never miss one: the scan below decides.
        if ((xa.wrapping_sub(LO) & !xa) | (xb.wrapping_sub(LO) & !xb)) & HI != 0 {
            break;
        }
        i += 8;
    }
    hay.get(i..)?.iter().position(|&c| c == a || c == b).map(|p| i + p)
}

/// Checks that the `%` at `i` is followed by two hex digits.
#[inline]
pub(crate) fn check_escape(bytes: &[u8], i: usize, at: usize) -> Result<()> {
    match bytes.get(i + 1..i + 3) {
        Some([h, l]) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => Ok(()),
        _ => {
            let found = bytes.get(i..bytes.len().min(i + 3)).unwrap_or_default();
            Err(Error::new(Problem::BadPercent { found: Quote::new(found) }, at + i, None))
        }
    }
}

/// One `name=value` pair of a query, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pair<'a> {
    /// The bytes before the first `=` (the whole pair when there is none).
    pub name: &'a str,
    /// The bytes after the first `=`; `None` when the pair has no `=`.
    pub value: Option<&'a str>,
    /// Byte offset of the pair in the input.
    pub offset: usize,
}

impl Pair<'_> {
    /// Byte offset of the value in the input (just past the `=`).
    pub fn value_offset(&self) -> usize {
        self.offset + self.name.len() + 1
    }
}

/// The pairs of a query split on `&`, in order; an empty query has none, and `a&&b` yields an
/// empty pair between `a` and `b` so that callers can refuse it.
#[derive(Debug, Clone)]
pub struct Pairs<'a> {
    rest: Option<&'a str>,
    offset: usize,
}

impl<'a> Pairs<'a> {
    /// The pairs of `query`, which starts at byte `offset` of the input.
    pub fn new(query: &'a str, offset: usize) -> Pairs<'a> {
        Pairs { rest: (!query.is_empty()).then_some(query), offset }
    }
}

impl<'a> Iterator for Pairs<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        let rest = self.rest?;
        let bytes = rest.as_bytes();
        let (eq, end) = match find2(bytes, b'=', b'&') {
            Some(e) if bytes.get(e) == Some(&b'=') => {
                let after = bytes.get(e + 1..).unwrap_or_default();
                (Some(e), find2(after, b'&', b'&').map_or(bytes.len(), |a| e + 1 + a))
            }
            Some(amp) => (None, amp),
            None => (None, bytes.len()),
        };
        let offset = self.offset;
        self.offset += end + 1;
        self.rest = if end < bytes.len() { rest.get(end + 1..) } else { None };
        let (name, value) = match eq {
            Some(e) => (rest.get(..e).unwrap_or_default(), rest.get(e + 1..end)),
            None => (rest.get(..end).unwrap_or_default(), None),
        };
        Some(Pair { name, value, offset })
    }
}

/// Decodes `%XX` escapes (RFC 3986; `+` stays `+`). Borrows when there is nothing to decode.
/// Errors: a `%` without two hex digits, or escapes that do not decode to UTF-8
/// ([`InvalidUrl`](crate::ErrorKind::InvalidUrl), offsets relative to `s`).
pub fn percent_decode(s: &str) -> Result<Cow<'_, str>> {
    let bytes = s.as_bytes();
    let Some(first) = bytes.iter().position(|&b| b == b'%') else {
        return Ok(Cow::Borrowed(s));
    };
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..first).unwrap_or_default());
    let mut i = first;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            check_escape(bytes, i, 0)?;
            let hi = bytes.get(i + 1).map_or(0, |&h| hex_val(h));
            let lo = bytes.get(i + 2).map_or(0, |&l| hex_val(l));
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| Error::new(Problem::NotUtf8 { found: Quote::new(s) }, first, None))
}

/// [`percent_decode`] into `buf` instead of the heap: the same checks, errors and offsets.
/// A `buf` shorter than `s` gets a too-long error (callers size it for [`super::MAX_INPUT`]).
pub(crate) fn percent_decode_into<'b>(s: &str, buf: &'b mut [u8]) -> Result<&'b str> {
    let bytes = s.as_bytes();
    if bytes.len() > buf.len() {
        return Err(Error::new(Problem::TooLong { len: bytes.len(), max: buf.len() }, buf.len(), None));
    }
    let mut n = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let out = if b == b'%' {
            check_escape(bytes, i, 0)?;
            let hi = bytes.get(i + 1).map_or(0, |&h| hex_val(h));
            let lo = bytes.get(i + 2).map_or(0, |&l| hex_val(l));
            i += 3;
            hi << 4 | lo
        } else {
            i += 1;
            b
        };
        if let Some(slot) = buf.get_mut(n) {
            *slot = out;
        }
        n += 1;
    }
    let first = bytes.iter().position(|&b| b == b'%').unwrap_or(0);
    core::str::from_utf8(buf.get(..n).unwrap_or_default())
        .map_err(|_| Error::new(Problem::NotUtf8 { found: Quote::new(s) }, first, None))
}

pub(crate) fn hex_val(b: u8) -> u8 {
    match b {
        b'0'..=b'9' => b - b'0',
        b'a'..=b'f' => b - b'a' + 10,
        b'A'..=b'F' => b - b'A' + 10,
        _ => 0,
    }
}

/// Escapes everything but RFC 3986 unreserved characters (letters, digits, `-._~`) as
/// upper-case `%XX`: the spelling the providers' wrappers use for an inner code.
pub fn percent_encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if url_byte_is(b, URL_UNRESERVED) {
            out.push(b as char);
        } else {
            let [hi, lo] = hex_upper(b);
            out.push('%');
            out.push(hi as char);
            out.push(lo as char);
        }
    }
    out
}

/// The two upper-case hex digits of a byte.
#[inline]
#[allow(clippy::indexing_slicing)] // both indices are nibbles (0..=15) into a 16-entry table
fn hex_upper(b: u8) -> [u8; 2] {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    [HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;

    #[test]
    fn find2_agrees_with_a_byte_scan() {
        let hay: Vec<u8> = (0..200u32).map(|i| (i.wrapping_mul(37) % 251) as u8).collect();
        for len in 0..hay.len() {
            let h = &hay[..len];
            for (a, b) in [(b'?', b'#'), (0, 0x80), (0xFF, 0x01), (7, 7), (250, 3)] {
                assert_eq!(find2(h, a, b), h.iter().position(|&c| c == a || c == b), "{len} {a} {b}");
            }
        }
    }

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

    #[test]
    fn hosts_are_checked_label_by_label() {
        for bad in [
            "https://",
            "https://-a.b/",
            "https://a-.b/",
            "https://a..b/",
            "https://.a/",
            "https://a./",
            "https://a_b%2E/",
            "https://[::1]/",
            "https://a:0/",
            "https://a:65536/",
            "https://a:1:2/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://{}.cn/", "a".repeat(64));
        assert!(Url::parse(&long).is_err());
        assert!(Url::parse(&format!("https://{}.cn/", "a".repeat(63))).is_ok());
        assert!(Url::parse("https://my_host.example.cn:443/").is_ok());
        assert!(check_host("a.b", 0).is_ok() && check_host("a..b", 0).is_err());
    }

    #[test]
    fn percent_decoding() {
        assert!(matches!(percent_decode("abc"), Ok(Cow::Borrowed("abc"))));
        assert_eq!(percent_decode("a%2Fb%2fc%E5%BC%A0+").unwrap(), "a/b/c张+");
        assert_eq!(percent_decode("a%2").unwrap_err().offset(), 1);
        assert_eq!(percent_decode("a%zz").unwrap_err().kind(), crate::ErrorKind::InvalidUrl);
        assert_eq!(percent_decode("%FF").unwrap_err().kind(), crate::ErrorKind::InvalidUrl);
        assert_eq!(percent_encode_component("https://a.b/c?d=e f~"), "https%3A%2F%2Fa.b%2Fc%3Fd%3De%20f~");
    }
}
