//! BER-TLV as EMV Book 3 Annex B writes it: multi-byte tags, short and long-form lengths
//! counting bytes, constructed objects holding more objects. Lengths are kept as written so
//! that a non-minimal `81 05` survives a round trip.

use alloc::vec::Vec;
use core::fmt;

use super::MAX_DEPTH;
use crate::error::cpm::Problem;
use crate::error::{Error, Result, TagPath};

/// Tag bytes, big-endian in a `u32` (`0x5F20`), and how many there are.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Tag {
    bytes: [u8; 4],
    len: u8,
}

impl Tag {
    fn from_u32(tag: u32) -> Option<Tag> {
        let all = tag.to_be_bytes();
        let skip = all.iter().take_while(|&&b| b == 0).count();
        let bytes = all.get(skip..)?;
        let mut t = Tag { bytes: [0; 4], len: bytes.len() as u8 };
        t.bytes.get_mut(..bytes.len())?.copy_from_slice(bytes);
        is_valid_tag(tag).then_some(t)
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or_default()
    }

    fn value(&self) -> u32 {
        self.as_bytes().iter().fold(0, |v, &b| (v << 8) | b as u32)
    }
}

/// Whether `tag` (its bytes big-endian, `0x9F26`) is a well-formed BER tag: one byte whose
/// low five bits are not all set, or a first byte with `11111` there, continuation bytes with
/// the top bit set and a last byte without it; at most four bytes.
// Indices stay below 4 on a 4-byte array, in a const fn where `get` is not available.
#[allow(clippy::indexing_slicing)]
pub const fn is_valid_tag(tag: u32) -> bool {
    let b = tag.to_be_bytes();
    let mut i = 0;
    while i < 4 && b[i] == 0 {
        i += 1;
    }
    if i == 4 {
        return false;
    }
    let first = b[i];
    if i == 3 {
        return first & 0x1F != 0x1F;
    }
    if first & 0x1F != 0x1F {
        return false;
    }
    let mut j = i + 1;
    while j < 3 {
        if b[j] & 0x80 == 0 {
            return false;
        }
        j += 1;
    }
    b[3] & 0x80 == 0
}

/// Whether the tag's first byte marks a constructed object (bit 6, `0x20`).
pub(super) fn tag_is_constructed(tag: u32) -> bool {
    Tag::from_u32(tag).and_then(|t| t.as_bytes().first().copied()).is_some_and(|b| b & 0x20 != 0)
}

/// Length bytes as written.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct Length {
    bytes: [u8; 5],
    len: u8,
}

impl Length {
    /// The shortest form of `n`.
    fn minimal(n: usize) -> Length {
        let mut l = Length { bytes: [0; 5], len: 1 };
        if n < 0x80 {
            l.bytes[0] = n as u8;
            return l;
        }
        let be = (n as u32).to_be_bytes();
        let skip = be.iter().take_while(|&&b| b == 0).count();
        let digits = be.get(skip..).unwrap_or_default();
        l.bytes[0] = 0x80 | digits.len() as u8;
        for (slot, &d) in l.bytes.iter_mut().skip(1).zip(digits) {
            *slot = d;
        }
        l.len = 1 + digits.len() as u8;
        l
    }

    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len as usize).unwrap_or_default()
    }

    /// The length the bytes say. Encoding asks it of every object at every level above it,
    /// so the long form's digits, left-aligned after the first byte, are read as one word.
    fn value(&self) -> usize {
        let [first, digits @ ..] = self.bytes;
        match self.len {
            2..=5 => (u32::from_be_bytes(digits) >> (8 * (5 - u32::from(self.len)))) as usize,
            _ => usize::from(first),
        }
    }

    /// These bytes if they still say `n`, else the shortest form of `n`.
    fn for_content(&self, n: usize) -> Length {
        if self.value() == n {
            *self
        } else {
            Length::minimal(n)
        }
    }

    /// How many bytes [`Length::for_content`] takes, without copying it.
    fn len_for_content(&self, n: usize) -> usize {
        if self.value() == n {
            usize::from(self.len)
        } else {
            usize::from(Length::minimal(n).len)
        }
    }
}

/// Values of up to this many bytes are kept inside their [`ValueBytes`]: every CPM data
/// object but a long issuer URL, application data or name fits, and a parse then allocates
/// once per template instead of once per value (an allocation and its free cost about as
/// much as reading the whole object).
const INLINE_VALUE_LEN: usize = 31;

/// A primitive data object's bytes: short values held in place, longer ones on the heap.
/// Reads as a `[u8]` (it derefs to one); compares, hashes and prints as its bytes.
#[derive(Clone)]
pub struct ValueBytes {
    /// The bytes when there are more than [`INLINE_VALUE_LEN`] of them, or when they were
    /// given as a `Vec`; else empty, and the bytes are the first `len` of `inline`.
    heap: Vec<u8>,
    len: u8,
    inline: [u8; INLINE_VALUE_LEN],
}

impl ValueBytes {
    /// A copy of `bytes`, allocated only when they do not fit in place.
    pub fn copy_from(bytes: &[u8]) -> ValueBytes {
        let mut v = ValueBytes { heap: Vec::new(), len: 0, inline: [0; INLINE_VALUE_LEN] };
        match v.inline.get_mut(..bytes.len()) {
            Some(slot) => {
                slot.copy_from_slice(bytes);
                v.len = bytes.len() as u8;
            }
            None => v.heap = bytes.to_vec(),
        }
        v
    }

    /// A copy of the first `len` bytes of `window`. When the window holds a whole inline
    /// buffer's worth, that many bytes are copied at once: a copy of fixed size is a few
    /// wide moves, where one of `len` bytes goes through `memcpy` with stores the object's
    /// next move cannot read back without stalling. The bytes past `len` are never read.
    fn copy_window(window: &[u8], len: usize) -> ValueBytes {
        match window.first_chunk::<INLINE_VALUE_LEN>() {
            Some(&inline) if len <= INLINE_VALUE_LEN => ValueBytes { heap: Vec::new(), len: len as u8, inline },
            _ => ValueBytes::copy_from(window.get(..len).unwrap_or_default()),
        }
    }

    /// How many bytes there are: what encoding a payload asks of every value, several times,
    /// so it is worked out without forming the slice.
    pub fn len(&self) -> usize {
        match self.heap.len() {
            0 => usize::from(self.len),
            n => n,
        }
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        if self.heap.is_empty() {
            self.inline.get(..usize::from(self.len)).unwrap_or_default()
        } else {
            &self.heap
        }
    }

    /// The bytes, as a `Vec`.
    pub fn into_vec(self) -> Vec<u8> {
        if self.heap.is_empty() {
            self.as_slice().to_vec()
        } else {
            self.heap
        }
    }
}

impl From<Vec<u8>> for ValueBytes {
    fn from(heap: Vec<u8>) -> ValueBytes {
        ValueBytes { heap, len: 0, inline: [0; INLINE_VALUE_LEN] }
    }
}

impl core::ops::Deref for ValueBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl AsRef<[u8]> for ValueBytes {
    fn as_ref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl PartialEq for ValueBytes {
    fn eq(&self, other: &ValueBytes) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for ValueBytes {}

impl core::hash::Hash for ValueBytes {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl fmt::Debug for ValueBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt(f)
    }
}

/// What a data object holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BerValue {
    /// A primitive object's bytes.
    Primitive(ValueBytes),
    /// A constructed object's data objects, in order.
    Constructed(Vec<BerObject>),
}

/// One BER-TLV data object: its tag, its length bytes as written, and its value.
///
/// Two objects are equal when they would encode to the same bytes.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BerObject {
    tag: Tag,
    length: Length,
    value: BerValue,
}

impl BerObject {
    /// A primitive data object. Fails (kind [`InvalidValue`](crate::ErrorKind::InvalidValue))
    /// when `tag` is not a valid tag or marks a constructed object.
    pub fn primitive(tag: u32, value: impl Into<Vec<u8>>) -> Result<BerObject> {
        let t = Tag::from_u32(tag).ok_or_else(|| Error::new(Problem::InvalidTag { tag }, 0, None))?;
        if tag_is_constructed(tag) {
            return Err(Error::new(Problem::WrongTagKind { tag, constructed: true }, 0, None));
        }
        let value = ValueBytes::from(value.into());
        Ok(BerObject { tag: t, length: Length::minimal(value.len()), value: BerValue::Primitive(value) })
    }

    /// A constructed data object (a template). Fails when `tag` is not a valid tag or marks a
    /// primitive object.
    pub fn constructed(tag: u32, children: Vec<BerObject>) -> Result<BerObject> {
        let t = Tag::from_u32(tag).ok_or_else(|| Error::new(Problem::InvalidTag { tag }, 0, None))?;
        if !tag_is_constructed(tag) {
            return Err(Error::new(Problem::WrongTagKind { tag, constructed: false }, 0, None));
        }
        let mut o = BerObject { tag: t, length: Length::minimal(0), value: BerValue::Constructed(children) };
        o.length = Length::minimal(o.content_len());
        Ok(o)
    }

    /// The tag, its bytes big-endian (`0x5F20`).
    pub fn tag(&self) -> u32 {
        self.tag.value()
    }

    /// The tag bytes as written.
    pub fn tag_bytes(&self) -> &[u8] {
        self.tag.as_bytes()
    }

    /// The length bytes as written (`[0x81, 0x05]` stays two bytes). If the content has since
    /// changed size, encoding writes the shortest form of the new length instead.
    pub fn length_bytes(&self) -> &[u8] {
        self.length.as_bytes()
    }

    /// Whether the object is a template.
    pub fn is_constructed(&self) -> bool {
        matches!(self.value, BerValue::Constructed(_))
    }

    /// The value.
    pub fn value(&self) -> &BerValue {
        &self.value
    }

    /// A primitive object's bytes; `None` for a template.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.value {
            BerValue::Primitive(v) => Some(v),
            BerValue::Constructed(_) => None,
        }
    }

    /// A template's data objects; `None` for a primitive object.
    pub fn children(&self) -> Option<&[BerObject]> {
        match &self.value {
            BerValue::Constructed(c) => Some(c),
            BerValue::Primitive(_) => None,
        }
    }

    /// A template's data objects, to edit.
    pub fn children_mut(&mut self) -> Option<&mut Vec<BerObject>> {
        match &mut self.value {
            BerValue::Constructed(c) => Some(c),
            BerValue::Primitive(_) => None,
        }
    }

    /// Replaces a primitive object's bytes; `false` (and nothing changes) for a template.
    pub fn set_bytes(&mut self, value: impl Into<Vec<u8>>) -> bool {
        match &mut self.value {
            BerValue::Primitive(v) => {
                *v = ValueBytes::from(value.into());
                true
            }
            BerValue::Constructed(_) => false,
        }
    }

    /// The first data object `tag` inside a template.
    pub fn get(&self, tag: u32) -> Option<&BerObject> {
        self.children()?.iter().find(|o| o.tag() == tag)
    }

    /// How many bytes the value takes.
    pub fn content_len(&self) -> usize {
        match &self.value {
            BerValue::Primitive(v) => v.len(),
            BerValue::Constructed(c) => c.iter().map(BerObject::encoded_len).sum(),
        }
    }

    /// How many bytes the whole object takes: tag, length and value.
    pub fn encoded_len(&self) -> usize {
        let n = self.content_len();
        self.tag.len as usize + self.length.len_for_content(n) + n
    }

    /// Offset of the value from the start of the object.
    pub(super) fn header_len(&self) -> usize {
        self.tag.len as usize + self.length.len_for_content(self.content_len())
    }

    /// Appends the object's bytes to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.tag.as_bytes());
        out.extend_from_slice(self.length.for_content(self.content_len()).as_bytes());
        match &self.value {
            BerValue::Primitive(v) => out.extend_from_slice(v),
            BerValue::Constructed(c) => c.iter().for_each(|o| o.encode_into(out)),
        }
    }

    /// The object's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode_into(&mut out);
        out
    }
}

impl fmt::Debug for BerObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("BerObject");
        d.field("tag", &format_args!("{:02X}", self.tag()));
        d.field("length", &format_args!("{}", Hex(self.length_bytes())));
        match &self.value {
            BerValue::Primitive(v) => d.field("value", &format_args!("{}", Hex(v))),
            BerValue::Constructed(c) => d.field("children", c),
        };
        d.finish()
    }
}

/// Bytes as upper-case hex.
pub(super) struct Hex<'a>(pub &'a [u8]);

impl fmt::Display for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02X}"))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for BerObject {
    /// `{"tag": "5F20", "length": "0E", "value": "<hex>"}`, or `"children": [...]` for a
    /// template.
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        use alloc::string::ToString;
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("BerObject", 3)?;
        st.serialize_field("tag", &alloc::format!("{:02X}", self.tag()))?;
        st.serialize_field("length", &Hex(self.length_bytes()).to_string())?;
        match &self.value {
            BerValue::Primitive(v) => st.serialize_field("value", &Hex(v).to_string())?,
            BerValue::Constructed(c) => st.serialize_field("children", c)?,
        }
        st.end()
    }
}

/// Why a header could not be read: a problem with the tag itself, which belongs to the
/// container, or one with the data object whose tag (the `u32`) was read.
enum Bad {
    Tag(Problem),
    Object(u32, Problem),
}

impl Bad {
    /// The error for a header at byte `offset` of the decoded bytes, in container `path`.
    fn at(self, offset: usize, path: Option<TagPath>) -> Error {
        match self {
            Bad::Tag(problem) => Error::new(problem, offset, path),
            Bad::Object(t, problem) => Error::new(problem, offset, Some(child_path(path, t))),
        }
    }
}

/// The path of data object `tag` inside container `path` (`None` at the root).
fn child_path(path: Option<TagPath>, tag: u32) -> TagPath {
    path.map_or(TagPath::ber(tag), |p| p.child(tag))
}

/// A data object's tag (bytes and value), length bytes, value, and the bytes after it.
struct Header<'a> {
    tag: Tag,
    t: u32,
    length: Length,
    value: &'a [u8],
    rest: &'a [u8],
}

/// How many data objects the reader holds before its first allocation grows: the root's and
/// those of the template being read, which is more than any real payload has.
const PENDING_OBJECTS: usize = 12;

/// Reads the data objects of a whole payload.
///
/// Every object is pushed on one stack; a template's children are moved off it into a list
/// of their own size once the template is read, so that a payload allocates once per
/// template rather than growing each list from empty. The root's objects are what is left.
pub(super) fn read(tlv: &[u8]) -> Result<Vec<BerObject>> {
    let mut stack = Vec::with_capacity(PENDING_OBJECTS);
    objects(tlv, 0, None, 1, &mut stack)?;
    Ok(stack)
}

/// Pushes onto `out` the data objects of a container whose content is `content`, starting at
/// byte `at` of the decoded bytes, in `path` (`None` at the root), at nesting level `depth`
/// (1 = root).
///
/// Paths are only built for the templates gone into and for errors: a primitive object's
/// path is never needed on the way to success.
fn objects(content: &[u8], at: usize, path: Option<TagPath>, depth: usize, out: &mut Vec<BerObject>) -> Result<()> {
    let mut input = content;
    while let [first, rest @ ..] = input {
        let pos = at + (content.len() - input.len());
        let h = header(*first, rest).map_err(|bad| bad.at(pos, path))?;
        // The tag's first byte, read from the input rather than from the tag just built: the
        // tag's bytes go to the stack in pieces, and reading one back before they land
        // stalls the load for longer than the rest of the object takes to read.
        let value = if *first & 0x20 != 0 {
            let inner = Some(child_path(path, h.t));
            if depth >= MAX_DEPTH && !h.value.is_empty() {
                return Err(Error::new(Problem::TooDeep { tag: h.t }, pos, inner));
            }
            let value_at = at + (content.len() - h.rest.len() - h.value.len());
            let start = out.len();
            objects(h.value, value_at, inner, depth + 1, out)?;
            BerValue::Constructed(out.split_off(start))
        } else {
            let window = input.get(input.len() - h.rest.len() - h.value.len()..).unwrap_or_default();
            BerValue::Primitive(ValueBytes::copy_window(window, h.value.len()))
        };
        out.push(BerObject { tag: h.tag, length: h.length, value });
        input = h.rest;
    }
    Ok(())
}

/// The header of the data object whose first byte is `first`, followed by `rest`, up to the
/// end of its container: tag, length, and a value that fits.
fn header(first: u8, rest: &[u8]) -> core::result::Result<Header<'_>, Bad> {
    let (tag, t, rest) = tag(first, rest).map_err(Bad::Tag)?;
    let (length, n, rest) = length(rest, t).map_err(|problem| Bad::Object(t, problem))?;
    match rest.split_at_checked(n) {
        Some((value, rest)) => Ok(Header { tag, t, length, value, rest }),
        None => Err(Bad::Object(t, Problem::Overrun { tag: t, need: n, have: rest.len() })),
    }
}

/// A tag (EMV Book 3 Annex B1) whose first byte is `first`: one byte whose low five bits are
/// not all set, or a first byte with `11111` there, bytes with the top bit set, and a last
/// byte without it; at most four bytes. Gives the tag, its value and the bytes after it.
fn tag(first: u8, rest: &[u8]) -> core::result::Result<(Tag, u32, &[u8]), Problem> {
    if first == 0 {
        return Err(Problem::TagZero);
    }
    if first & 0x1F != 0x1F {
        return Ok((Tag { bytes: [first, 0, 0, 0], len: 1 }, u32::from(first), rest));
    }
    let more = rest.iter().take(3).take_while(|&&b| b & 0x80 != 0).count();
    let (middle, rest) = rest.split_at(more);
    let Some((&last, rest)) = rest.split_first() else {
        return Err(Problem::TagTruncated { first });
    };
    if more == 3 {
        return Err(Problem::TagTooLong { first });
    }
    // Two to four bytes, gathered in a register and left-aligned.
    let len = more + 2;
    let value = (middle.iter().fold(u32::from(first), |v, &b| (v << 8) | u32::from(b)) << 8) | u32::from(last);
    Ok((Tag { bytes: (value << (8 * (4 - len))).to_be_bytes(), len: len as u8 }, value, rest))
}

/// Length bytes (EMV Book 3 Annex B2) of data object `tag`, as written: one byte below 80, or
/// 81 to 84 followed by that many bytes. The indefinite 80 and 85 and over are refused. Gives
/// the bytes, the length they say and the bytes after them.
fn length(input: &[u8], tag: u32) -> core::result::Result<(Length, usize, &[u8]), Problem> {
    let Some((&l0, rest)) = input.split_first() else {
        return Err(Problem::LengthMissing { tag });
    };
    match l0 {
        0x80 => Err(Problem::IndefiniteLength { tag }),
        0x81..=0x84 => {
            let n = usize::from(l0 & 0x7F);
            let (digits, rest) =
                rest.split_at_checked(n).ok_or_else(|| Problem::LengthTruncated { tag, need: n - rest.len() })?;
            // One to four bytes, gathered in a register and left-aligned after `l0`.
            let value = digits.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b));
            let [a, b, c, d] = (value << (8 * (4 - n))).to_be_bytes();
            Ok((Length { bytes: [l0, a, b, c, d], len: n as u8 + 1 }, value as usize, rest))
        }
        0x85.. => Err(Problem::LengthTooLong { tag, bytes: l0 & 0x7F }),
        _ => Ok((Length { bytes: [l0, 0, 0, 0, 0], len: 1 }, usize::from(l0), rest)),
    }
}
