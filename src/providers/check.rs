//! The checks every provider form makes: a field against its alphabet and length, the query
//! and fragment of a link where a form has none, and the error for a provider's host or
//! scheme with a path that is none of its forms.

use memchr::arch::all::memchr::{One, Two};

use super::alphabet::{first_bad, Alphabet};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;
use crate::url::Url;

/// Longest input read: the capacity of the largest QR symbol (version 40, alphanumeric mode).
/// Real codes are far shorter (a `code_url` is at most 512 characters); the cap keeps every
/// parse bounded whatever the input.
pub const MAX_INPUT: usize = 4296;

/// Checks that `s` (found at byte `at` of the input) is `min..=max` bytes of `alphabet`.
/// An empty `s` with `min > 0` is a missing parameter.
#[inline(always)]
pub(crate) fn check(s: &str, at: usize, what: &'static str, alphabet: Alphabet, min: u16, max: u16) -> Result<()> {
    let b = s.as_bytes();
    if b.is_empty() && min > 0 {
        return Err(Error::new(Problem::Missing { what }, at, None));
    }
    if let Some(i) = first_bad(b, alphabet) {
        return Err(char_error(s, at, what, alphabet, i));
    }
    if b.len() < min as usize || b.len() > max as usize {
        return Err(Error::new(Problem::TokenLength { what, len: b.len(), min, max }, at, None));
    }
    Ok(())
}

/// The error for the byte at `i` of `s`, which [`first_bad`] refused.
#[cold]
fn char_error(s: &str, at: usize, what: &'static str, alphabet: Alphabet, i: usize) -> Error {
    let b = s.as_bytes();
    if b.get(i) == Some(&b'%') {
        if let Err(e) = crate::url::check_escape(b, i, at) {
            return e;
        }
    }
    let c = s.get(i..).and_then(|r| r.chars().next()).unwrap_or('\u{FFFD}');
    Error::new(Problem::TokenChar { what, c, alphabet }, at + i, None)
}

/// Splits `rest` (at byte `at`) into the part before `?` and the query, refusing a fragment:
/// the app links have none.
pub(crate) fn split_query<'a>(
    rest: &'a str,
    at: usize,
    form: &'static str,
) -> Result<(&'a str, Option<(&'a str, usize)>)> {
    let bytes = rest.as_bytes();
    // An app link's rest is short: memchr's word-at-a-time search inlines.
    let query = Two::new(b'?', b'#').find(bytes);
    let fragment = match query {
        Some(i) if bytes.get(i) == Some(&b'#') => Some(i),
        Some(i) => One::new(b'#').find(bytes.get(i..).unwrap_or_default()).map(|f| i + f),
        None => None,
    };
    if let Some(i) = fragment {
        let found = Quote::new(rest.get(i..).unwrap_or_default());
        return Err(Error::new(Problem::Unexpected { form, part: "fragment", found }, at + i, None));
    }
    Ok(match query {
        Some(i) => (rest.get(..i).unwrap_or_default(), rest.get(i + 1..).map(|q| (q, at + i + 1))),
        None => (rest, None),
    })
}

/// Refuses a fragment on a web form that has none.
#[inline]
pub(crate) fn no_fragment(u: &Url<'_>, form: &'static str) -> Result<()> {
    if let Some(f) = u.fragment() {
        let found = Quote::new(f);
        return Err(Error::new(Problem::Unexpected { form, part: "fragment", found }, u.fragment_offset(), None));
    }
    Ok(())
}

pub(crate) fn wrong_form(provider: Provider, found: &str, at: usize, expected: &'static str) -> Error {
    Error::new(Problem::WrongForm { provider: provider.name(), found: Quote::new(found), expected }, at, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn alphabets() {
        let ok = |s: &str, a| check(s, 0, "x", a, 0, 100).is_ok();
        assert!(ok("aZ09", Alphabet::Alnum) && !ok("a-b", Alphabet::Alnum));
        assert!(ok("0aF", Alphabet::Hex) && !ok("g", Alphabet::Hex));
        assert!(ok("a-_b==", Alphabet::UrlSafePadded) && !ok("a=b", Alphabet::UrlSafePadded));
        assert!(ok("AQ%2b/+x%3D=", Alphabet::Base64) && !ok("A=B", Alphabet::Base64) && !ok("A%41", Alphabet::Base64));
        assert!(
            ok("a%20b/?:@!$'()*+,;=", Alphabet::Value) && !ok("a&b", Alphabet::Value) && !ok("a%2", Alphabet::Value)
        );
        assert!(ok("a=b&c[]|^", Alphabet::Query) && !ok("a#b", Alphabet::Query));
        assert!(ok("/a/b%2F", Alphabet::Path) && !ok("/a?b", Alphabet::Path) && !ok("/a|b", Alphabet::Path));
        assert_eq!(check("", 3, "x", Alphabet::Alnum, 1, 2).unwrap_err().kind(), ErrorKind::MissingParameter);
        assert_eq!(check("abc", 3, "x", Alphabet::Alnum, 1, 2).unwrap_err().kind(), ErrorKind::WrongFormat);
        assert_eq!(check("a b", 3, "x", Alphabet::Alnum, 1, 9).unwrap_err().offset(), 4);
    }
}
