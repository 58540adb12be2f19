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

    /// The length the bytes say.
    fn value(&self) -> usize {
        match self.as_bytes() {
            [short] => *short as usize,
            [_, rest @ ..] => rest.iter().fold(0usize, |v, &b| (v << 8) | b as usize),
            [] => 0,
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
}

/// What a data object holds.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BerValue {
    /// A primitive object's bytes.
    Primitive(Vec<u8>),
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
        let value = value.into();
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
                *v = value.into();
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
        self.tag.len as usize + self.length.for_content(n).len as usize + n
    }

    /// Offset of the value from the start of the object.
    pub(super) fn header_len(&self) -> usize {
        self.tag.len as usize + self.length.for_content(self.content_len()).len as usize
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

/// Reads the data objects of `bytes[start..end]`, which sit at nesting level `depth` (1 =
/// root) inside `parent`.
pub(super) fn read_objects(
    bytes: &[u8],
    start: usize,
    end: usize,
    parent: Option<TagPath>,
    depth: usize,
) -> Result<Vec<BerObject>> {
    let mut out = Vec::new();
    let mut pos = start;
    while pos < end {
        let (o, next) = read_object(bytes, pos, end, parent, depth)?;
        out.push(o);
        pos = next;
    }
    Ok(out)
}

/// Reads the data object at `pos`, whose container ends at `end`; returns it and where the
/// next one starts.
fn read_object(
    bytes: &[u8],
    pos: usize,
    end: usize,
    parent: Option<TagPath>,
    depth: usize,
) -> Result<(BerObject, usize)> {
    let byte = |i: usize| if i < end { bytes.get(i).copied() } else { None };
    let first = byte(pos).unwrap_or(0);
    if first == 0 {
        return Err(Error::new(Problem::TagZero, pos, parent));
    }
    let mut tag = Tag { bytes: [first, 0, 0, 0], len: 1 };
    let mut p = pos + 1;
    if first & 0x1F == 0x1F {
        loop {
            let b = byte(p).ok_or_else(|| Error::new(Problem::TagTruncated { first }, pos, parent))?;
            let slot = tag
                .bytes
                .get_mut(tag.len as usize)
                .ok_or_else(|| Error::new(Problem::TagTooLong { first }, pos, parent))?;
            *slot = b;
            tag.len += 1;
            p += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let t = tag.value();
    let path = Some(parent.map_or(TagPath::ber(t), |pp| pp.child(t)));
    let at = |problem: Problem| Error::new(problem, pos, path);
    let l0 = byte(p).ok_or_else(|| at(Problem::LengthMissing { tag: t }))?;
    p += 1;
    let mut length = Length { bytes: [l0, 0, 0, 0, 0], len: 1 };
    match l0 {
        0x80 => return Err(at(Problem::IndefiniteLength { tag: t })),
        0x81..=0x84 => {
            let n = (l0 & 0x7F) as usize;
            if end.saturating_sub(p) < n {
                return Err(at(Problem::LengthTruncated { tag: t, need: n - end.saturating_sub(p) }));
            }
            for (slot, &b) in length.bytes.iter_mut().skip(1).zip(bytes.get(p..p + n).unwrap_or_default()) {
                *slot = b;
            }
            length.len += n as u8;
            p += n;
        }
        0x85.. => return Err(at(Problem::LengthTooLong { tag: t, bytes: l0 & 0x7F })),
        _ => {}
    }
    let n = length.value();
    let have = end - p;
    if n > have {
        return Err(at(Problem::Overrun { tag: t, need: n, have }));
    }
    let value = if first & 0x20 != 0 {
        if depth >= MAX_DEPTH && n > 0 {
            return Err(at(Problem::TooDeep { tag: t }));
        }
        BerValue::Constructed(read_objects(bytes, p, p + n, path, depth + 1)?)
    } else {
        BerValue::Primitive(bytes.get(p..p + n).unwrap_or_default().to_vec())
    };
    Ok((BerObject { tag, length, value }, p + n))
}
