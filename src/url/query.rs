//! The `name=value` pairs of a query, as written.

use memchr::arch::all::memchr::{One, Two};

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
        // Pairs are short: memchr's word-at-a-time search, which inlines, beats a call to its
        // vector search here.
        let (eq, end) = match Two::new(b'=', b'&').find(bytes) {
            Some(e) if bytes.get(e) == Some(&b'=') => {
                let after = bytes.get(e + 1..).unwrap_or_default();
                (Some(e), One::new(b'&').find(after).map_or(bytes.len(), |a| e + 1 + a))
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
