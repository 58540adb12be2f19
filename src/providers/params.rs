//! The query parameters of a typed form, in the order written, each named by a key the form
//! defines.

use alloc::borrow::Cow;
use alloc::string::String;

use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::url::word::find_byte;
use crate::url::Pairs;

/// Most parameters a typed query holds: mode 1 has six, and both of its spellings together nine
/// (so that a mix of them is reported as one, not as a query too long).
const MAX_PARAMS: usize = 9;

/// A form's query parameters in the order written, each named by a key the form defines.
/// The values are spans of one string (the query as written, or the one a constructor
/// wrote), which keeps the value small: it is returned by value on the fast path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Params<'a, K> {
    base: Cow<'a, str>,
    keys: [Option<K>; MAX_PARAMS],
    spans: [(u16, u16); MAX_PARAMS],
    len: u8,
}

impl<'a, K: Copy + Eq> Params<'a, K> {
    /// Parameters from `(key, value)` pairs, in order (at most six); the caller ensures no key
    /// repeats. Writes them out once, as `name=value&…`.
    pub(crate) fn from_pairs(pairs: &[(K, &str)], name: impl Fn(K) -> &'static str) -> Params<'a, K> {
        let mut base = String::new();
        let mut p = Params { base: Cow::Borrowed(""), keys: [None; MAX_PARAMS], spans: [(0, 0); MAX_PARAMS], len: 0 };
        for (i, &(k, v)) in pairs.iter().take(MAX_PARAMS).enumerate() {
            if i > 0 {
                base.push('&');
            }
            base.push_str(name(k));
            base.push('=');
            let start = base.len();
            base.push_str(v);
            p.push(k, start, base.len());
        }
        p.base = Cow::Owned(base);
        p
    }

    /// The parameters of `query` whose keys and value spans (`query[start..end]`) a form has
    /// read itself, in order (at most nine): what [`parse`](Self::parse) gives for the same
    /// query when the form has found every pair.
    #[inline(always)]
    pub(crate) fn of_spans<const N: usize>(query: &'a str, pairs: [(K, usize, usize); N]) -> Params<'a, K> {
        let mut p = Params::over(query);
        for (k, start, end) in pairs {
            p.push(k, start, end);
        }
        p
    }

    /// No parameters yet, over `query`.
    fn over(query: &'a str) -> Params<'a, K> {
        Params { base: Cow::Borrowed(query), keys: [None; MAX_PARAMS], spans: [(0, 0); MAX_PARAMS], len: 0 }
    }

    /// Records a parameter whose value is `base[start..end]`; false when full.
    fn push(&mut self, k: K, start: usize, end: usize) -> bool {
        let i = self.len as usize;
        match (self.keys.get_mut(i), self.spans.get_mut(i)) {
            (Some(ks), Some(sp)) => {
                *ks = Some(k);
                *sp = (start as u16, end as u16);
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    /// Reads `query` (at byte `at`): every pair must have `=`, a name `lookup` knows, and
    /// appear once. [`iter_at`](Self::iter_at) gives each value's byte offset in the input.
    pub(crate) fn parse(
        query: &'a str,
        at: usize,
        form: &'static str,
        lookup: impl Fn(&str) -> Option<K>,
    ) -> Result<Params<'a, K>> {
        let mut p = Params::over(query);
        for pair in Pairs::new(query, 0) {
            let unexpected =
                || Error::new(Problem::UnexpectedParam { form, found: Quote::new(pair.name) }, at + pair.offset, None);
            let Some(k) = lookup(pair.name) else {
                return Err(unexpected());
            };
            let Some(v) = pair.value else {
                return Err(Error::new(Problem::NoValue { found: Quote::new(pair.name) }, at + pair.offset, None));
            };
            if p.keys.iter().take(p.len as usize).any(|&key| key == Some(k)) {
                return Err(Error::new(
                    Problem::DuplicateParam { found: Quote::new(pair.name) },
                    at + pair.offset,
                    None,
                ));
            }
            let start = pair.value_offset();
            if !p.push(k, start, start + v.len()) {
                return Err(unexpected());
            }
        }
        Ok(p)
    }

    /// The parameters with the input's lifetime, for a parsed value (none for a built one).
    pub(crate) fn iter_parsed(&self) -> impl Iterator<Item = (K, &'a str)> + '_ {
        let base: &'a str = match self.base {
            Cow::Borrowed(b) => b,
            Cow::Owned(_) => "",
        };
        self.keys
            .iter()
            .zip(self.spans.iter())
            .take(self.len as usize)
            .filter_map(move |(k, &(s, e))| Some((k.as_ref().copied()?, base.get(s as usize..e as usize)?)))
    }

    pub(crate) fn get(&self, k: K) -> Option<&str> {
        self.iter().find(|&(key, _)| key == k).map(|(_, v)| v)
    }

    /// The parameters of a query parsed at byte `at`, each with its value's byte offset.
    pub(crate) fn iter_at(&self, at: usize) -> impl Iterator<Item = (K, &str, usize)> + '_ {
        self.keys.iter().zip(self.spans.iter()).take(self.len as usize).filter_map(move |(k, &(s, e))| {
            Some((k.as_ref().copied()?, self.base.get(s as usize..e as usize)?, at + s as usize))
        })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (K, &str)> + '_ {
        self.keys
            .iter()
            .zip(self.spans.iter())
            .take(self.len as usize)
            .filter_map(|(k, &(s, e))| Some((k.as_ref().copied()?, self.base.get(s as usize..e as usize)?)))
    }

    pub(crate) fn encode_into(&self, out: &mut String, name: impl Fn(K) -> &'static str) {
        for (i, (k, v)) in self.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(name(k));
            out.push('=');
            out.push_str(v);
        }
    }
}

/// A query read in the order its form documents, one `name=value` pair after another, for
/// the common spelling of a form: no name lookup, no search for repeats. A form reads each
/// pair it expects with [`take`](Self::take) (or skips an optional one after
/// [`next_is`](Self::next_is)), and [`finish`](Self::finish) gives the parameters when nothing
/// is left. Any `None` sends the query to [`Params::parse`], which reads what this reads the
/// same way and names what is wrong with the rest.
pub(crate) struct InOrder<'a, K> {
    query: &'a str,
    /// Where the next pair starts; one past the end once the last pair is read.
    at: usize,
    params: Params<'a, K>,
}

impl<'a, K: Copy + Eq> InOrder<'a, K> {
    pub(crate) fn new(query: &'a str) -> InOrder<'a, K> {
        InOrder { query, at: 0, params: Params::over(query) }
    }

    /// Whether the next pair starts with `name_eq` (a name and its `=`).
    #[inline(always)]
    pub(crate) fn next_is(&self, name_eq: &'static str) -> bool {
        // Bytes, not text: no check that `at` falls between characters.
        self.query.as_bytes().get(self.at..).is_some_and(|rest| rest.starts_with(name_eq.as_bytes()))
    }

    /// The value of the next pair, recorded under `k`, when the pair starts with `name_eq`.
    #[inline(always)]
    pub(crate) fn take(&mut self, k: K, name_eq: &'static str) -> Option<&'a str> {
        if !self.next_is(name_eq) {
            return None;
        }
        let start = self.at + name_eq.len();
        let tail = self.query.as_bytes().get(start..)?;
        let end = find_byte(tail, b'&').map_or(self.query.len(), |e| start + e);
        if !self.params.push(k, start, end) {
            return None;
        }
        self.at = end + 1;
        self.query.get(start..end)
    }

    /// [`take`](Self::take) for a value of `len` bytes, the length the form usually has, or
    /// of the rest of the query when `len` is `None`, and whose alphabet has no `&`: when an
    /// `&` or the end of the query follows those bytes, the pair is taken without a search.
    /// The caller's check of the value then proves it holds no `&`, so that the pair does end
    /// there; when the check fails the query goes to [`Params::parse`] anyway.
    #[inline(always)]
    pub(crate) fn take_sized(&mut self, k: K, name_eq: &'static str, len: Option<usize>) -> Option<&'a str> {
        if !self.next_is(name_eq) {
            return None;
        }
        let start = self.at + name_eq.len();
        let end = len.map_or(self.query.len(), |n| start + n);
        let ends_pair = end == self.query.len() || self.query.as_bytes().get(end) == Some(&b'&');
        if !ends_pair {
            return self.take(k, name_eq);
        }
        if !self.params.push(k, start, end) {
            return None;
        }
        self.at = end + 1;
        self.query.get(start..end)
    }

    /// The parameters, when the last pair read ended the query.
    pub(crate) fn finish(self) -> Option<Params<'a, K>> {
        (self.at == self.query.len() + 1).then_some(self.params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn params_keep_order_and_refuse_repeats() {
        let p = Params::parse("b=2&a=1", 10, "t", |n| Some(n.as_bytes()[0])).unwrap();
        assert_eq!(p.iter().collect::<alloc::vec::Vec<_>>(), [(b'b', "2"), (b'a', "1")]);
        assert_eq!(p.iter_at(10).map(|(_, _, at)| at).collect::<alloc::vec::Vec<_>>(), [12, 16]);
        let mut s = String::new();
        p.encode_into(&mut s, |k| if k == b'a' { "a" } else { "b" });
        assert_eq!(s, "b=2&a=1");
        assert_eq!(Params::parse("a=1&a=2", 0, "t", |n| Some(n.len())).unwrap_err().kind(), ErrorKind::InvalidUrl);
        assert_eq!(Params::parse("a", 0, "t", |n| Some(n.len())).unwrap_err().kind(), ErrorKind::InvalidUrl);
        let built = Params::from_pairs(&[(1u8, "x"), (2, "")], |k| if k == 1 { "one" } else { "two" });
        assert_eq!((built.get(1), built.get(2), built.get(3)), (Some("x"), Some(""), None));
    }

    #[test]
    fn in_order_reads_the_expected_pairs_and_nothing_else() {
        let read = |q: &str, sizes: [Option<usize>; 2]| -> Option<alloc::vec::Vec<(u8, alloc::string::String)>> {
            let mut pairs = InOrder::new(q);
            let a = pairs.take_sized(1, "a=", sizes[0])?;
            let b = if pairs.next_is("b=") { pairs.take_sized(2, "b=", sizes[1])? } else { "" };
            // The caller's check of each value, whose alphabet lacks '&'.
            if a.contains('&') || b.contains('&') {
                return None;
            }
            let p = pairs.finish()?;
            Some(p.iter().map(|(k, v)| (k, alloc::string::String::from(v))).collect())
        };
        let owned = |v: &[(u8, &str)]| v.iter().map(|&(k, s)| (k, alloc::string::String::from(s))).collect();
        // A wrong size guess falls back to the search, or swallows the next pair and is refused
        // by the check: never other pairs.
        for sizes in [[Some(2), None], [Some(3), Some(1)], [Some(9), Some(0)], [Some(0), Some(2)], [Some(1), Some(5)]] {
            for (q, want) in [
                ("a=xy&b=z", owned(&[(1, "xy"), (2, "z")])),
                ("a=xy", owned(&[(1, "xy")])),
                ("a=&b=", owned(&[(1, ""), (2, "")])),
            ] {
                let got = read(q, sizes);
                assert!(got.is_none() || got == Some(want), "{q} {sizes:?}");
            }
            for other in ["", "a=xy&", "a=xy&b=z&", "b=z&a=xy", "a=x&a=y", "ax=1", "a", "a=1&c=2", "a=1&b=2&b=3"] {
                assert_eq!(read(other, sizes), None, "{other} {sizes:?}");
            }
        }
        assert_eq!(read("a=xy&b=z", [Some(2), None]), Some(owned(&[(1, "xy"), (2, "z")])));
        assert_eq!(read("a=xy&b=z", [Some(2), Some(1)]), Some(owned(&[(1, "xy"), (2, "z")])));
        assert_eq!(read("a=xy&b=z", [Some(1), Some(0)]), Some(owned(&[(1, "xy"), (2, "z")])));
        assert_eq!(read("a=xy", [Some(2), None]), Some(owned(&[(1, "xy")])));
        assert_eq!(read("a=xy", [Some(3), None]), Some(owned(&[(1, "xy")])));
        assert_eq!(read("a=&b=", [Some(0), None]), Some(owned(&[(1, ""), (2, "")])));
        // The rest of the query is the last value only: the check of one that is not refuses it.
        assert_eq!(read("a=xy&b=z", [None, None]), None);
        // A guess is taken when an '&' or the end follows it, before any check of the value.
        let mut pairs: InOrder<'_, u8> = InOrder::new("a=x&y&b=1");
        assert_eq!(pairs.take_sized(1, "a=", Some(3)), Some("x&y"));
        assert_eq!(pairs.take_sized(2, "b=", None), Some("1"));
        assert!(pairs.finish().is_some());
        let mut pairs: InOrder<'_, u8> = InOrder::new("a=xyz");
        assert_eq!(pairs.take_sized(1, "a=", Some(1)), Some("xyz"));
        // Offsets of the values are kept.
        let mut pairs: InOrder<'_, u8> = InOrder::new("a=1&bb=22");
        assert_eq!((pairs.take(1, "a="), pairs.take(2, "bb=")), (Some("1"), Some("22")));
        let p = pairs.finish().unwrap();
        assert_eq!(p.iter_at(5).map(|(_, _, at)| at).collect::<alloc::vec::Vec<_>>(), [7, 12]);
        // More than the most parameters a query holds is refused, not cut.
        let long = "a=1&".repeat(MAX_PARAMS) + "a=1";
        let mut pairs: InOrder<'_, u8> = InOrder::new(&long);
        assert!((0..MAX_PARAMS).all(|_| pairs.take(1, "a=").is_some()));
        assert_eq!(pairs.take(1, "a="), None);
        let mut pairs: InOrder<'_, u8> = InOrder::new(&long);
        assert!((0..MAX_PARAMS).all(|_| pairs.take_sized(1, "a=", Some(1)).is_some()));
        assert_eq!(pairs.take_sized(1, "a=", None), None);
    }
}
