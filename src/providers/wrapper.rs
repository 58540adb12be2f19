//! Wrappers: an app link or gateway URL whose query carries another merchant code,
//! percent-encoded ([`Wrapper`]), and that code decoded ([`Inner`]).

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

use super::alphabet::{decode_value, Alphabet};
use super::check::check;
use super::check::MAX_INPUT;
use super::form::Form;
use crate::ecny::CodeType;
use crate::error::providers::Problem;
use crate::error::{Error, ErrorKind, Quote, Result};
use crate::url::{percent_decode, percent_decode_into, percent_encode_component, Pairs};

/// Parses a wrapper's inner code (no wrapper inside) and returns its form and code type.
///
/// A wrapper carries any merchant code, and the dispatcher that parses merchant codes
/// (merchant.rs) parses wrappers: the wrappers' parsers take it as an argument rather than
/// import it, so that the files do not import each other in a cycle.
pub(crate) type InnerParser = fn(&str) -> Result<(Form, CodeType)>;

/// Where a code is parsed: on its own, with the parser of a wrapper's inner code, or as a
/// wrapper's inner code, where a wrapper is refused (no nesting).
#[derive(Clone, Copy)]
pub(crate) enum Nesting {
    Outer(InnerParser),
    Inner,
}

/// A transport layer around another code: an app link or gateway URL whose query carries the
/// real code percent-encoded (`alipays://…?saId=10000007&qrcode=<escaped>`). Every
/// parameter is kept as written and in order; the inner code is decoded and parsed too.
///
/// Parsing allocates nothing: the query is borrowed and the inner code is checked in a stack
/// buffer. [`decoded`](Self::decoded) and [`inner`](Self::inner) decode it again when asked
/// (one allocation when the inner code holds escapes, none otherwise) and hand the result
/// out owned, so that the wrapper keeps no cache and stays `Sync`.
#[derive(Clone, PartialEq, Eq)]
pub struct Wrapper<'a> {
    /// The query as written (owned when built by a constructor); `name=value` pairs joined by `&`.
    query: Cow<'a, str>,
    /// Byte range of the inner parameter's name in `query`.
    name: (u16, u16),
    /// Byte range of the inner parameter's value (escaped, as written) in `query`.
    escaped: (u16, u16),
    inner_form: Form,
    inner_qt: CodeType,
}

impl fmt::Debug for Wrapper<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wrapper")
            .field("query", &&*self.query)
            .field("inner_name", &self.inner_name())
            .field("escaped", &self.escaped())
            .field("inner_form", &self.inner_form)
            .field("inner_qt", &self.inner_qt)
            .finish()
    }
}

/// A wrapper's inner code, decoded: borrowed from the wrapper when it held no escape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inner<'a> {
    text: Cow<'a, str>,
}

impl Inner<'_> {
    /// The inner code as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

fn span(start: usize, end: usize) -> (u16, u16) {
    (u16::try_from(start).unwrap_or(u16::MAX), u16::try_from(end).unwrap_or(u16::MAX))
}

/// The most parameters a wrapper link may have (public ones have three to six).
const MAX_WRAPPER_PARAMS: usize = 32;

impl<'a> Wrapper<'a> {
    /// Reads a wrapper query at byte `at`: `name=value` pairs, with the inner code under one
    /// of `inner_names` (compared ignoring case), exactly once.
    pub(crate) fn parse(query: &'a str, at: usize, inner_names: &[&'static str], parse: InnerParser) -> Result<Self> {
        Self::parse_noting(query, at, inner_names, &[], parse).map(|(w, _)| w)
    }

    /// [`parse`](Self::parse), also giving the value of the first parameter named one of
    /// `noted` (ignoring case), as [`params`](Self::params) would find it: a caller that needs
    /// one more parameter then does not read the query again. Inlined: a caller that notes
    /// nothing loses the search.
    #[inline]
    pub(crate) fn parse_noting(
        query: &'a str,
        at: usize,
        inner_names: &[&'static str],
        noted: &[&'static str],
        parse: InnerParser,
    ) -> Result<(Self, Option<&'a str>)> {
        if query.len() > MAX_INPUT {
            return Err(Error::new(Problem::TooLong { len: query.len(), max: MAX_INPUT }, at + MAX_INPUT, None));
        }
        let mut inner: Option<(usize, &'a str, usize)> = None;
        let mut note: Option<&'a str> = None;
        // Names seen so far: a bounded list keeps the duplicate check linear in the input.
        let mut seen: [&str; MAX_WRAPPER_PARAMS] = [""; MAX_WRAPPER_PARAMS];
        for (n, pair) in Pairs::new(query, at).enumerate() {
            check(pair.name, pair.offset, "a parameter name", Alphabet::UrlSafe, 1, 64).map_err(|e| {
                if e.kind() == ErrorKind::MissingParameter {
                    Error::new(Problem::NoValue { found: Quote::new(pair.name) }, pair.offset, None)
                } else {
                    e
                }
            })?;
            if seen.iter().take(n).any(|p| p.eq_ignore_ascii_case(pair.name)) {
                return Err(Error::new(Problem::DuplicateParam { found: Quote::new(pair.name) }, pair.offset, None));
            }
            let Some(slot) = seen.get_mut(n) else {
                return Err(Error::new(Problem::TooManyParams { max: MAX_WRAPPER_PARAMS }, pair.offset, None));
            };
            *slot = pair.name;
            let Some(value) = pair.value else {
                return Err(Error::new(Problem::NoValue { found: Quote::new(pair.name) }, pair.offset, None));
            };
            if note.is_none() && noted.iter().any(|n| n.eq_ignore_ascii_case(pair.name)) {
                note = Some(value);
            }
            if inner_names.iter().any(|n| n.eq_ignore_ascii_case(pair.name)) {
                if inner.is_some() {
                    let found = Quote::new(pair.name);
                    return Err(Error::new(Problem::DuplicateParam { found }, pair.offset, None));
                }
                inner = Some((pair.offset - at, value, pair.value_offset()));
            } else {
                check(value, pair.value_offset(), "a parameter value", Alphabet::Value, 0, MAX_INPUT as u16)?;
            }
        }
        let what = inner_names.first().copied().unwrap_or("the inner code");
        let Some((name_at, escaped, value_at)) = inner else {
            return Err(Error::new(Problem::Missing { what }, at + query.len(), None));
        };
        let (inner_form, inner_qt) = inspect_escaped(escaped, value_at, what, parse)?;
        let local_value = value_at - at;
        let wrapper = Wrapper {
            query: Cow::Borrowed(query),
            name: span(name_at, local_value - 1),
            escaped: span(local_value, local_value + escaped.len()),
            inner_form,
            inner_qt,
        };
        Ok((wrapper, note))
    }

    /// A wrapper for `inner` with `params` before it (built by constructors).
    pub(crate) fn build(
        params: &[(&'a str, &'a str)],
        inner_name: &'a str,
        inner: &str,
        parse: InnerParser,
    ) -> Result<Wrapper<'a>> {
        let (inner_form, inner_qt) = parse(inner)?;
        let mut query = String::new();
        for &(n, v) in params {
            query.push_str(n);
            query.push('=');
            query.push_str(v);
            query.push('&');
        }
        let name_at = query.len();
        query.push_str(inner_name);
        query.push('=');
        let value_at = query.len();
        query.push_str(&percent_encode_component(inner));
        // At most three times MAX_INPUT (the inner code was checked): the ranges fit in u16.
        let end = query.len();
        Ok(Wrapper {
            query: Cow::Owned(query),
            name: span(name_at, value_at - 1),
            escaped: span(value_at, end),
            inner_form,
            inner_qt,
        })
    }

    fn slice(&self, (start, end): (u16, u16)) -> &str {
        self.query.get(start as usize..end as usize).unwrap_or_default()
    }

    /// The parameters in order, as written, the inner code's value escaped as written.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        Pairs::new(&self.query, 0).map(|p| (p.name, p.value.unwrap_or_default()))
    }

    /// The value of parameter `name` (exact spelling) as written.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params().find(|&(n, _)| n == name).map(|(_, v)| v)
    }

    /// The name of the parameter that carries the inner code, as written (`qrcode`, `qrCode`, `url`).
    pub fn inner_name(&self) -> &str {
        self.slice(self.name)
    }

    /// The inner code as written in the wrapper (percent-encoded).
    pub fn escaped(&self) -> &str {
        self.slice(self.escaped)
    }

    /// The inner code, percent-decoded: borrowed when it holds no escape, else decoded now.
    pub fn decoded(&self) -> Cow<'_, str> {
        // Checked when parsed, so the fallback is not reached.
        percent_decode(self.escaped()).unwrap_or(Cow::Borrowed(""))
    }

    /// The inner code, decoded (see [`decoded`](Self::decoded)).
    pub fn inner(&self) -> Inner<'_> {
        Inner { text: self.decoded() }
    }

    /// The inner code's form.
    pub fn inner_form(&self) -> Form {
        self.inner_form
    }

    pub(crate) fn inner_qt(&self) -> CodeType {
        self.inner_qt
    }

    pub(crate) fn encode_into(&self, out: &mut String) {
        // The query is exactly its `name=value` pairs joined by `&`, each checked when parsed.
        out.push_str(&self.query);
    }
}

/// Checks a wrapper's inner code (at byte `at`), decodes it on the stack and inspects it. The
/// buffer has room for the longest input only when the code needs it: zeroing that much
/// costs more than the rest of a short code's parse.
fn inspect_escaped(escaped: &str, at: usize, what: &'static str, parse: InnerParser) -> Result<(Form, CodeType)> {
    const SHORT: usize = 128;
    const MEDIUM: usize = 512;
    let mut short = [0u8; SHORT];
    let mut medium;
    let mut long;
    let buf: &mut [u8] = if escaped.len() <= SHORT {
        &mut short
    } else if escaped.len() <= MEDIUM {
        medium = [0u8; MEDIUM];
        &mut medium
    } else {
        long = [0u8; MAX_INPUT];
        &mut long
    };
    // One pass checks and decodes the common inner code; the checks below name any fault.
    let fast = decode_value(escaped.as_bytes(), buf).and_then(|d| core::str::from_utf8(d).ok());
    let decoded = match fast {
        Some(decoded) if !escaped.is_empty() => decoded,
        _ => {
            check(escaped, at, what, Alphabet::Value, 1, MAX_INPUT as u16)?;
            percent_decode_into(escaped, buf).map_err(|e| e.shifted(at))?
        }
    };
    parse(decoded).map_err(|e| e.shifted(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::providers::{MerchantCode, UnionPayCode};
    use alloc::format;

    #[test]
    fn inner_codes_decode_on_the_stack_short_or_long() {
        for (len, long) in [(8, false), (472, false), (473, true), (500, true)] {
            let inner = format!("https://qr.95516.com/00010000/{}", "1".repeat(len));
            let link = UnionPayCode::gateway(&inner).unwrap().encode();
            let code = MerchantCode::parse(&link).unwrap();
            let wrapper = code.code().wrapper().unwrap();
            assert_eq!(wrapper.escaped().len() > 512, long, "{len}");
            assert_eq!((wrapper.inner_form(), wrapper.inner().as_str()), (Form::UnionPayQr, inner.as_str()));
        }
    }

    fn stub(_: &str) -> Result<(Form, CodeType)> {
        Ok((Form::UnionPayQr, CodeType::MerchantStatic))
    }

    /// What `parse` returns for each case: the inner name, or the error's kind, offset and message.
    fn outcome(
        query: &str,
        at: usize,
    ) -> core::result::Result<alloc::string::String, (ErrorKind, usize, alloc::string::String)> {
        Wrapper::parse(query, at, &["qrCode"], stub)
            .map(|w| format!("{}={}", w.inner_name(), w.escaped()))
            .map_err(|e| (e.kind(), e.offset(), format!("{}", e.message())))
    }

    #[test]
    fn parse_bounds_and_name_errors() {
        // A query of exactly MAX_INPUT bytes is read; one byte more is refused at `at + MAX_INPUT`.
        let tail = "&qrCode=1";
        let longest = format!("a={}{tail}", "x".repeat(MAX_INPUT - 2 - tail.len()));
        assert_eq!(longest.len(), MAX_INPUT);
        assert_eq!(outcome(&longest, 7), Ok("qrCode=1".into()));
        let over = format!("a={}{tail}", "x".repeat(MAX_INPUT - 1 - tail.len()));
        let err = outcome(&over, 7).unwrap_err();
        assert_eq!((err.0, err.1), (ErrorKind::TooLong, 7 + MAX_INPUT), "{}", err.2);
        // An empty name is a pair without a value; a name with a bad byte is reported as such.
        let cases: &[(&str, ErrorKind, usize)] =
            &[("=1&qrCode=1", ErrorKind::InvalidUrl, 3), ("a!b=1&qrCode=1", ErrorKind::InvalidCharacter, 4)];
        for &(query, kind, offset) in cases {
            let err = outcome(query, 3).unwrap_err();
            assert_eq!((err.0, err.1), (kind, offset), "{query}: {}", err.2);
        }
        let msg = outcome("=1&qrCode=1", 3).unwrap_err().2;
        assert_eq!(msg, "parameter \"\" has no '=' and no value");
    }

    #[test]
    fn build_param_and_debug() {
        let w = Wrapper::build(&[("saId", "10000007"), ("x", "")], "qrcode", "a b", stub).unwrap();
        assert_eq!(w.inner_name(), "qrcode");
        assert_eq!(w.escaped(), "a%20b");
        assert_eq!(w.param("saId"), Some("10000007"));
        assert_eq!(w.param("x"), Some(""));
        assert_eq!(w.param("qrcode"), Some("a%20b"));
        assert_eq!(w.param("said"), None);
        assert_eq!(w.param("missing"), None);
        let w = Wrapper::build(&[], "qrCode", "1", stub).unwrap();
        assert_eq!((w.inner_name(), w.escaped(), w.param("qrCode")), ("qrCode", "1", Some("1")));
        assert_eq!(
            format!("{w:?}"),
            "Wrapper { query: \"qrCode=1\", inner_name: \"qrCode\", escaped: \"1\", inner_form: UnionPayQr, inner_qt: MerchantStatic }"
        );
    }
}
