//! The `name=value` pairs of a query, as written.

use super::word::find_byte;

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
        let end = find_byte(bytes, b'&').unwrap_or(bytes.len());
        let eq = find_byte(bytes.get(..end).unwrap_or_default(), b'=');
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
