//! Where inside nested data objects a problem sits.

use core::fmt;

/// How the IDs of a [`TagPath`] are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Notation {
    /// EMVCo MPM: two decimal digits per ID (`62.05`).
    Decimal,
    /// BER-TLV (EMVCo CPM): upper-case hex tag bytes (`61.9F26`).
    Hex,
}

/// The position of a data object inside nested templates, such as `62.05` (bill reference
/// inside the additional data template) or `61.4F` in a consumer-presented code.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TagPath {
    ids: [u32; TagPath::MAX_DEPTH],
    len: u8,
    notation: Notation,
}

/// Where an EMVCo MPM data object sits, root first: a list of IDs (`&[62, 5]`) or the
/// [`TagPath`] an error or a finding reports, so that what a check names can be looked up.
pub trait ObjectPath {
    /// The IDs, root first, in a buffer; `None` for a path that names no MPM data object
    /// (a consumer-presented code's tag path, an ID above 99, no ID, more than
    /// [`TagPath::MAX_DEPTH`] levels).
    fn mpm_ids(&self) -> Option<([u8; TagPath::MAX_DEPTH], usize)>;
}

impl ObjectPath for [u8] {
    fn mpm_ids(&self) -> Option<([u8; TagPath::MAX_DEPTH], usize)> {
        let mut out = [0; TagPath::MAX_DEPTH];
        if self.is_empty() || self.len() > out.len() || self.iter().any(|&id| id > 99) {
            return None;
        }
        out.get_mut(..self.len())?.copy_from_slice(self);
        Some((out, self.len()))
    }
}

impl<const N: usize> ObjectPath for [u8; N] {
    fn mpm_ids(&self) -> Option<([u8; TagPath::MAX_DEPTH], usize)> {
        self.as_slice().mpm_ids()
    }
}

impl ObjectPath for TagPath {
    fn mpm_ids(&self) -> Option<([u8; TagPath::MAX_DEPTH], usize)> {
        if self.notation != Notation::Decimal {
            return None;
        }
        let mut out = [0u8; TagPath::MAX_DEPTH];
        for (slot, &id) in out.iter_mut().zip(self.ids()) {
            *slot = u8::try_from(id).ok().filter(|&id| id <= 99)?;
        }
        Some((out, self.ids().len()))
    }
}

impl<T: ObjectPath + ?Sized> ObjectPath for &T {
    fn mpm_ids(&self) -> Option<([u8; TagPath::MAX_DEPTH], usize)> {
        (**self).mpm_ids()
    }
}

impl TagPath {
    /// Deepest nesting a path records; deeper levels are not produced by any format here.
    pub const MAX_DEPTH: usize = 4;

    /// A path of one EMVCo MPM ID at the root.
    pub const fn mpm(id: u8) -> TagPath {
        TagPath { ids: [id as u32, 0, 0, 0], len: 1, notation: Notation::Decimal }
    }

    /// A path of one BER-TLV tag at the root of a consumer-presented code.
    pub const fn ber(tag: u32) -> TagPath {
        TagPath { ids: [tag, 0, 0, 0], len: 1, notation: Notation::Hex }
    }

    /// This path with one more level; a path already at [`TagPath::MAX_DEPTH`] is returned unchanged.
    #[must_use]
    pub const fn child(mut self, id: u32) -> TagPath {
        // `ids` holds `MAX_DEPTH` entries: a slot after the first `len` exists exactly when
        // the path is not yet full.
        if let Some((_, [slot, ..])) = self.ids.split_at_mut_checked(self.len as usize) {
            *slot = id;
            self.len += 1;
        }
        self
    }

    /// The IDs from the root down.
    pub fn ids(&self) -> &[u32] {
        // `len` never exceeds `MAX_DEPTH`; the fallback is never taken.
        self.ids.get(..self.len as usize).unwrap_or(&self.ids)
    }

    /// The innermost ID.
    pub fn last(&self) -> u32 {
        self.ids().last().copied().unwrap_or(0)
    }

    /// How many levels deep the path is (1 = a root object).
    pub fn depth(&self) -> usize {
        self.len as usize
    }
}

impl fmt::Display for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.ids().iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match self.notation {
                Notation::Decimal => write!(f, "{id:02}")?,
                Notation::Hex => write!(f, "{id:02X}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Debug for TagPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TagPath({self})")
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TagPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn ids(p: impl ObjectPath) -> Option<alloc::vec::Vec<u8>> {
        p.mpm_ids().map(|(ids, len)| ids[..len].to_vec())
    }

    #[test]
    // The borrows are the point: references are object paths too.
    #[allow(clippy::needless_borrows_for_generic_args)]
    fn an_object_path_is_its_mpm_ids_or_nothing() {
        // Lists of IDs, as slices, arrays and references, up to MAX_DEPTH levels of 00-99.
        assert_eq!(ids(&[62u8, 5][..]), Some(alloc::vec![62, 5]));
        assert_eq!(ids([62u8, 5]), Some(alloc::vec![62, 5]));
        assert_eq!(ids(&[0u8, 99, 1, 2]), Some(alloc::vec![0, 99, 1, 2]));
        assert_eq!(ids([0u8; 5]), None, "deeper than MAX_DEPTH");
        assert_eq!(ids([62u8, 100]), None, "100 is no MPM ID");
        assert_eq!(ids(&[] as &[u8]), None);
        // A tag path: decimal ones are MPM paths, hex ones (CPM tags) are not.
        let p = TagPath::mpm(62).child(5);
        assert_eq!(p.to_string(), "62.05");
        assert_eq!(ids(p), Some(alloc::vec![62, 5]));
        assert_eq!(ids(TagPath::mpm(26).child(0).child(1).child(2)), Some(alloc::vec![26, 0, 1, 2]));
        assert_eq!(ids(TagPath::mpm(62).child(100)), None, "100 is no MPM ID");
        assert_eq!(ids(TagPath::mpm(62).child(0x105)), None, "nor is 261");
        assert_eq!(ids(TagPath::ber(0x62).child(5)), None);
        assert_eq!(ids(TagPath::ber(0x05)), None);
    }
}
