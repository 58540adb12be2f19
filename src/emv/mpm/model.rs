//! The owned, editable MPM model.
//!
//! A payload is an ordered list of [`Object`]s, each an ID and either text or a template of
//! further objects. Order, unknown and RFU objects, empty values and raw (non-TLV) template
//! content are all kept, so encoding an unchanged parsed payload reproduces the input; the
//! typed accessors give the specification's view on top.

use alloc::string::String;
use alloc::vec::Vec;

#[cfg(feature = "serde")]
use super::fields::field_name;
use super::fields::{id, is_62_template};
use super::parse::{DataObject, Mode, Mpm, Objects};
use super::write::{Overflow, Writer};
use crate::error::mpm::Problem;
use crate::error::{Error, ObjectPath, Result, TagPath};
use crate::finding::Finding;
use crate::text::char_len;

/// The value of a data object.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Value {
    /// A primitive value, or template content kept raw because it is not TLV.
    Text(String),
    /// The data objects of a template, in order.
    Template(Vec<Object>),
}

impl Value {
    /// The text of a primitive (or raw) value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            Value::Template(_) => None,
        }
    }

    /// The objects of a template.
    pub fn as_template(&self) -> Option<&[Object]> {
        match self {
            Value::Template(t) => Some(t),
            Value::Text(_) => None,
        }
    }

    /// Length in characters once encoded (what the length field says).
    pub fn char_len(&self) -> usize {
        match self {
            Value::Text(s) => char_len(s),
            Value::Template(objs) => objs.iter().map(|o| 4 + o.value.char_len()).sum(),
        }
    }

    fn byte_len(&self) -> usize {
        match self {
            Value::Text(s) => s.len(),
            Value::Template(objs) => objs.iter().map(|o| 4 + o.value.byte_len()).sum(),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<Vec<Object>> for Value {
    fn from(objs: Vec<Object>) -> Value {
        Value::Template(objs)
    }
}

/// One data object: an ID (00–99) within its template and its value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Object {
    /// The ID within the enclosing template (or the root).
    pub id: u8,
    /// The value.
    pub value: Value,
}

impl Object {
    /// A primitive object.
    pub fn text(id: u8, value: impl Into<String>) -> Object {
        Object { id, value: Value::Text(value.into()) }
    }

    /// A template object.
    pub fn template(id: u8, objects: Vec<Object>) -> Object {
        Object { id, value: Value::Template(objects) }
    }

    /// A payment-system template: GUID in sub-ID 00, then `objects`.
    pub fn with_guid(id: u8, guid: impl Into<String>, objects: impl IntoIterator<Item = Object>) -> Object {
        let mut v = alloc::vec![Object::text(0, guid)];
        v.extend(objects);
        Object::template(id, v)
    }

    fn from_borrowed(o: &DataObject<'_>) -> Object {
        let value = match o.children() {
            Some(children) => Value::Template(owned(children)),
            None => Value::Text(o.value().into()),
        };
        Object { id: o.id(), value }
    }
}

/// Owned copies of `objects`, in a list allocated once at its final size.
fn owned(objects: Objects<'_>) -> Vec<Object> {
    let mut list = Vec::with_capacity(objects.len());
    for o in objects {
        list.push(Object::from_borrowed(&o));
    }
    list
}

fn find(objs: &[Object], id: u8) -> Option<&Object> {
    objs.iter().find(|o| o.id == id)
}

fn text_of(objs: &[Object], id: u8) -> Option<&str> {
    find(objs, id).and_then(|o| o.value.as_text())
}

/// Where a new object goes: before the first object with a larger ID, but never before `00`
/// and never after the CRC, so that a parsed payload's own order is left as it is.
fn insert_position(objs: &[Object], id: u8) -> usize {
    objs.iter()
        .position(|o| (o.id > id && o.id != id::PAYLOAD_FORMAT_INDICATOR) || o.id == id::CRC)
        .unwrap_or(objs.len())
}

fn set_in(objs: &mut Vec<Object>, path: &[u8], value: Value) -> bool {
    let Some((&first, rest)) = path.split_first() else { return false };
    let idx = match objs.iter().position(|o| o.id == first) {
        Some(i) => i,
        None => {
            let at = insert_position(objs, first);
            let fresh = if rest.is_empty() { value.clone() } else { Value::Template(Vec::new()) };
            objs.insert(at, Object { id: first, value: fresh });
            at
        }
    };
    let Some(slot) = objs.get_mut(idx) else { return false };
    if rest.is_empty() {
        slot.value = value;
        return true;
    }
    match &mut slot.value {
        Value::Template(children) => set_in(children, rest, value),
        Value::Text(_) => false,
    }
}

fn remove_in(objs: &mut Vec<Object>, path: &[u8]) -> Option<Object> {
    let (&first, rest) = path.split_first()?;
    let idx = objs.iter().position(|o| o.id == first)?;
    if rest.is_empty() {
        return Some(objs.remove(idx));
    }
    match &mut objs.get_mut(idx)?.value {
        Value::Template(children) => remove_in(children, rest),
        Value::Text(_) => None,
    }
}

/// `01` Point of Initiation Method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PointOfInitiation {
    /// `11`: the same code for every payment.
    Static,
    /// `12`: a code for one payment.
    Dynamic,
    /// Any other (RFU) value.
    Other,
}

/// `55` Tip or Convenience Indicator with its fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tip<'a> {
    /// `01`: the app prompts the payer for a tip.
    Prompt,
    /// `02`: a fixed convenience fee (`56`), when present.
    Fixed(Option<&'a str>),
    /// `03`: a percentage convenience fee (`57`), when present.
    Percentage(Option<&'a str>),
    /// Any other (RFU) value.
    Other(&'a str),
}

/// A merchant account information object (02–51).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MerchantAccount<'a> {
    /// A primitive account (02–25: the ID names the network), or template content kept raw.
    Primitive {
        /// The ID (15 = UnionPay).
        id: u8,
        /// The account value.
        value: &'a str,
    },
    /// A template (26–51) naming its network by GUID.
    Template {
        /// The ID.
        id: u8,
        /// Sub-ID 00, when present.
        guid: Option<&'a str>,
        /// All sub-objects, the GUID included.
        objects: &'a [Object],
    },
}

/// A view of the Additional Data Field Template (62).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdditionalData<'a>(pub &'a [Object]);

impl<'a> AdditionalData<'a> {
    /// Sub-object `id`'s text.
    pub fn get(&self, id: u8) -> Option<&'a str> {
        text_of(self.0, id)
    }
    /// 62.01 Bill Number.
    pub fn bill_number(&self) -> Option<&'a str> {
        self.get(1)
    }
    /// 62.02 Mobile Number.
    pub fn mobile_number(&self) -> Option<&'a str> {
        self.get(2)
    }
    /// 62.03 Store Label.
    pub fn store_label(&self) -> Option<&'a str> {
        self.get(3)
    }
    /// 62.04 Loyalty Number.
    pub fn loyalty_number(&self) -> Option<&'a str> {
        self.get(4)
    }
    /// 62.05 Reference Label.
    pub fn reference_label(&self) -> Option<&'a str> {
        self.get(5)
    }
    /// 62.06 Customer Label.
    pub fn customer_label(&self) -> Option<&'a str> {
        self.get(6)
    }
    /// 62.07 Terminal Label.
    pub fn terminal_label(&self) -> Option<&'a str> {
        self.get(7)
    }
    /// 62.08 Purpose of Transaction.
    pub fn purpose_of_transaction(&self) -> Option<&'a str> {
        self.get(8)
    }
    /// 62.09 Additional Consumer Data Request (`A`, `M`, `E`).
    pub fn additional_consumer_data_request(&self) -> Option<&'a str> {
        self.get(9)
    }
    /// 62.10 Merchant Tax ID.
    pub fn merchant_tax_id(&self) -> Option<&'a str> {
        self.get(10)
    }
    /// 62.11 Merchant Channel (media, location, presence).
    pub fn merchant_channel(&self) -> Option<&'a str> {
        self.get(11)
    }
    /// 62.50–99 payment-system templates.
    pub fn payment_system_templates(&self) -> impl Iterator<Item = &'a Object> {
        self.0.iter().filter(|o| is_62_template(o.id))
    }
}

/// A view of the Merchant Information — Language Template (64).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageTemplate<'a>(pub &'a [Object]);

impl<'a> LanguageTemplate<'a> {
    /// 64.00 Language Preference (ISO 639-1, e.g. `ZH`).
    pub fn language_preference(&self) -> Option<&'a str> {
        text_of(self.0, 0)
    }
    /// 64.01 Merchant Name in that language.
    pub fn merchant_name(&self) -> Option<&'a str> {
        text_of(self.0, 1)
    }
    /// 64.02 Merchant City in that language.
    pub fn merchant_city(&self) -> Option<&'a str> {
        text_of(self.0, 2)
    }
}

/// An owned EMVCo MPM payload.
///
/// ```
/// use hutong::emv::mpm::{MerchantPayload, Mpm};
///
/// let input = "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678\
///              520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京\
///              540523.7253031565502016233030412340603***0708A60086670902ME\
///              91320016A0112233449988770708123456786304A13A";
/// let mut payload = MerchantPayload::from(&Mpm::parse(input)?);
/// assert_eq!(payload.encode()?, input);
///
/// payload.set_path(&[62, 1], "INV-42");
/// let edited = payload.encode()?;
/// assert!(edited.contains("6243" /* 62 grew by 10 */));
/// assert_eq!(Mpm::parse(&edited).map(|m| MerchantPayload::from(&m))?.additional_data().unwrap().bill_number(), Some("INV-42"));
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct MerchantPayload {
    objects: Vec<Object>,
}

impl MerchantPayload {
    /// A payload of these root objects, in this order. Without a `63` object the encoder
    /// appends the CRC.
    pub fn from_objects(objects: Vec<Object>) -> MerchantPayload {
        MerchantPayload { objects }
    }

    /// The root objects, in order.
    pub fn objects(&self) -> &[Object] {
        &self.objects
    }

    /// The root objects, for arbitrary edits.
    pub fn objects_mut(&mut self) -> &mut Vec<Object> {
        &mut self.objects
    }

    /// Root object `id`.
    pub fn get(&self, id: u8) -> Option<&Object> {
        find(&self.objects, id)
    }

    /// The object at `path` (`&[62, 5]`, or the [`TagPath`] of an error or a finding).
    pub fn get_path(&self, path: impl ObjectPath) -> Option<&Object> {
        let (ids, len) = path.mpm_ids()?;
        let (&first, rest) = ids.get(..len)?.split_first()?;
        let mut o = find(&self.objects, first)?;
        for &id in rest {
            o = find(o.value.as_template()?, id)?;
        }
        Some(o)
    }

    /// The text of root object `id`.
    pub fn text(&self, id: u8) -> Option<&str> {
        text_of(&self.objects, id)
    }

    /// Sets root object `id`: in place when present, else at its place in ID order.
    pub fn set(&mut self, id: u8, value: impl Into<Value>) {
        set_in(&mut self.objects, &[id], value.into());
    }

    /// Sets the object at `path`, creating the enclosing templates when missing. Returns
    /// `false` (and changes nothing) when a step of the path is a primitive.
    /// Returns `false` too for a path that names no MPM data object.
    pub fn set_path(&mut self, path: impl ObjectPath, value: impl Into<Value>) -> bool {
        let Some((ids, len)) = path.mpm_ids() else { return false };
        set_in(&mut self.objects, ids.get(..len).unwrap_or_default(), value.into())
    }

    /// Removes the object at `path` and returns it.
    pub fn remove_path(&mut self, path: impl ObjectPath) -> Option<Object> {
        let (ids, len) = path.mpm_ids()?;
        remove_in(&mut self.objects, ids.get(..len)?)
    }

    /// `00` Payload Format Indicator.
    pub fn payload_format_indicator(&self) -> Option<&str> {
        self.text(id::PAYLOAD_FORMAT_INDICATOR)
    }

    /// `01` Point of Initiation Method.
    pub fn point_of_initiation(&self) -> Option<PointOfInitiation> {
        self.text(id::POINT_OF_INITIATION).map(|v| match v {
            "11" => PointOfInitiation::Static,
            "12" => PointOfInitiation::Dynamic,
            _ => PointOfInitiation::Other,
        })
    }

    /// Merchant account information (02–51), in payload order.
    pub fn merchant_accounts(&self) -> impl Iterator<Item = MerchantAccount<'_>> {
        self.objects.iter().filter(|o| matches!(o.id, 2..=51)).map(|o| match &o.value {
            Value::Text(v) => MerchantAccount::Primitive { id: o.id, value: v },
            Value::Template(objs) => MerchantAccount::Template { id: o.id, guid: text_of(objs, 0), objects: objs },
        })
    }

    /// `52` Merchant Category Code.
    pub fn merchant_category_code(&self) -> Option<&str> {
        self.text(id::MERCHANT_CATEGORY_CODE)
    }

    /// `53` Transaction Currency.
    pub fn transaction_currency(&self) -> Option<&str> {
        self.text(id::TRANSACTION_CURRENCY)
    }

    /// `54` Transaction Amount.
    pub fn transaction_amount(&self) -> Option<&str> {
        self.text(id::TRANSACTION_AMOUNT)
    }

    /// `55` with `56`/`57`.
    pub fn tip(&self) -> Option<Tip<'_>> {
        self.text(id::TIP_OR_CONVENIENCE_INDICATOR).map(|v| match v {
            "01" => Tip::Prompt,
            "02" => Tip::Fixed(self.text(id::CONVENIENCE_FEE_FIXED)),
            "03" => Tip::Percentage(self.text(id::CONVENIENCE_FEE_PERCENTAGE)),
            other => Tip::Other(other),
        })
    }

    /// `58` Country Code.
    pub fn country_code(&self) -> Option<&str> {
        self.text(id::COUNTRY_CODE)
    }

    /// `59` Merchant Name.
    pub fn merchant_name(&self) -> Option<&str> {
        self.text(id::MERCHANT_NAME)
    }

    /// `60` Merchant City.
    pub fn merchant_city(&self) -> Option<&str> {
        self.text(id::MERCHANT_CITY)
    }

    /// `61` Postal Code.
    pub fn postal_code(&self) -> Option<&str> {
        self.text(id::POSTAL_CODE)
    }

    /// `62` Additional Data Field Template.
    pub fn additional_data(&self) -> Option<AdditionalData<'_>> {
        self.get(id::ADDITIONAL_DATA)?.value.as_template().map(AdditionalData)
    }

    /// `64` Merchant Information — Language Template.
    pub fn language_template(&self) -> Option<LanguageTemplate<'_>> {
        self.get(id::LANGUAGE_TEMPLATE)?.value.as_template().map(LanguageTemplate)
    }

    /// Unreserved templates (80–99).
    pub fn unreserved_templates(&self) -> impl Iterator<Item = &Object> {
        self.objects.iter().filter(|o| matches!(o.id, 80..=99))
    }

    /// `63` CRC as parsed (the encoder recomputes it).
    pub fn crc(&self) -> Option<&str> {
        self.text(id::CRC)
    }

    /// Encodes the payload, CRC included.
    ///
    /// Lengths are counted in characters. The CRC is recomputed; when it equals the parsed
    /// one but for letter case, the parsed spelling is kept, so that a parsed, unchanged
    /// payload encodes to its input byte for byte. Fails only when a value or template does
    /// not fit a two-digit length; use [`MpmBuilder`](super::MpmBuilder) or
    /// [`MerchantPayload::check`] to enforce the specification's other rules.
    pub fn encode(&self) -> Result<String> {
        let mut out = String::with_capacity(self.objects.iter().map(|o| 4 + o.value.byte_len()).sum::<usize>() + 8);
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// Encodes into `out` (cleared first), reusing its buffer.
    pub fn encode_into(&self, out: &mut String) -> Result<()> {
        out.clear();
        let mut w = Writer::new(out);
        // Every CRC object is left out, wherever it is; the last one's spelling may be kept.
        for run in self.objects.split(|o| o.id == id::CRC) {
            write_objects(&mut w, run, None)?;
        }
        w.crc(self.objects.iter().rev().find(|o| o.id == id::CRC).and_then(|o| o.value.as_text()));
        Ok(())
    }

    /// Checks the payload against the rules a generator must follow (EMVCo MPM v1.1), and
    /// returns the first breach as an error: what [`MpmBuilder::build`](super::MpmBuilder::build) runs.
    pub fn check(&self) -> Result<()> {
        let encoded = self.encode()?;
        let mpm = Mpm::parse_with(&encoded, Mode::Lenient)?;
        match super::rules::findings(&mpm).into_iter().next() {
            Some(f) => Err(f.to_error()),
            None => Ok(()),
        }
    }

    /// The rule breaches of the encoded payload (see [`Finding`]); offsets refer to the encoding.
    pub fn findings(&self) -> Result<Vec<Finding>> {
        let encoded = self.encode()?;
        Ok(super::rules::findings(&Mpm::parse_with(&encoded, Mode::Lenient)?))
    }
}

/// Writes `objects`, the content of template `parent` (the root when `None`), and inside
/// each template its children, naming the object an overflow is in. A call per list, not per
/// object: most objects are primitives, written in the loop.
fn write_objects(w: &mut Writer<'_>, objects: &[Object], parent: Option<TagPath>) -> Result<()> {
    for o in objects {
        let overflow = |e: Overflow| too_long(e.at, o, parent, e.chars);
        match &o.value {
            Value::Text(s) => w.text(o.id, s).map_err(overflow)?,
            Value::Template(children) => {
                let open = w.open(o.id).map_err(overflow)?;
                let path = Some(match parent {
                    Some(p) => p.child(o.id as u32),
                    None => TagPath::mpm(o.id),
                });
                write_objects(w, children, path)?;
                w.close(open).map_err(overflow)?;
            }
        }
    }
    Ok(())
}

/// The error for an object that a two-digit ID or length cannot express.
#[cold]
#[inline(never)]
pub(super) fn too_long(at: usize, o: &Object, parent: Option<TagPath>, chars: usize) -> Error {
    let path = Some(match parent {
        Some(p) => p.child(o.id as u32),
        None => TagPath::mpm(o.id),
    });
    let p = match o.value {
        _ if o.id > 99 => Problem::BadId { id: o.id, why: "IDs are two decimal digits" },
        Value::Text(_) => Problem::ValueTooLong { id: o.id, chars },
        Value::Template(_) => Problem::TemplateTooLong { id: o.id, chars },
    };
    Error::new(p, at, path)
}

impl From<&Mpm<'_>> for MerchantPayload {
    fn from(m: &Mpm<'_>) -> MerchantPayload {
        MerchantPayload { objects: owned(m.objects()) }
    }
}

#[cfg(feature = "serde")]
mod serde_impl {
    //! Objects serialise as `{"id": "62", "name": "additional_data", "value": …}` where the
    //! value is a string or a list of objects; `name` is informative and ignored on input.

    use super::*;
    use serde::ser::SerializeSeq;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    struct Level<'a> {
        objs: &'a [Object],
        parent: [u8; 2],
        depth: usize,
    }

    impl Serialize for Level<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(self.objs.len()))?;
            for o in self.objs {
                seq.serialize_element(&Named { o, parent: self.parent, depth: self.depth })?;
            }
            seq.end()
        }
    }

    struct Named<'a> {
        o: &'a Object,
        parent: [u8; 2],
        depth: usize,
    }

    impl Serialize for Named<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            // `depth` is at most 2 (a `Level` caps it), so `path` has room for the parent's
            // IDs and this one; the `get` fallbacks are never taken.
            let depth = self.depth.min(2);
            let mut path = [0u8; 3];
            for (dst, src) in path.iter_mut().zip(self.parent.iter().take(depth)) {
                *dst = *src;
            }
            if let Some(slot) = path.get_mut(depth) {
                *slot = self.o.id;
            }
            let path = path.get(..=depth).unwrap_or(&path);
            let mut st = s.serialize_struct("Object", 3)?;
            let id = [b'0' + self.o.id / 10 % 10, b'0' + self.o.id % 10];
            st.serialize_field("id", core::str::from_utf8(&id).unwrap_or("??"))?;
            st.serialize_field("name", field_name(path))?;
            match &self.o.value {
                Value::Text(t) => st.serialize_field("value", t)?,
                Value::Template(objs) => {
                    let mut parent = [0u8; 2];
                    let depth = (self.depth + 1).min(2);
                    // `path` holds `self.depth + 1` IDs, so the zip copies exactly `depth`.
                    for (dst, src) in parent.iter_mut().zip(path) {
                        *dst = *src;
                    }
                    st.serialize_field("value", &Level { objs, parent, depth })?
                }
            }
            st.end()
        }
    }

    impl Serialize for Object {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            Named { o: self, parent: [0; 2], depth: 0 }.serialize(s)
        }
    }

    impl Serialize for MerchantPayload {
        fn serialize<S: Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
            Level { objs: &self.objects, parent: [0; 2], depth: 0 }.serialize(s)
        }
    }

    #[derive(Deserialize)]
    struct ObjectDe {
        id: String,
        value: ValueDe,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ValueDe {
        Text(String),
        Template(Vec<ObjectDe>),
    }

    fn convert<E: serde::de::Error>(o: ObjectDe) -> core::result::Result<Object, E> {
        let id = match o.id.as_bytes() {
            [a @ b'0'..=b'9', b @ b'0'..=b'9'] => (a - b'0') * 10 + (b - b'0'),
            _ => return Err(E::custom(alloc::format!("object id must be two digits, found {:?}", o.id))),
        };
        let value = match o.value {
            ValueDe::Text(t) => Value::Text(t),
            ValueDe::Template(objs) => {
                Value::Template(objs.into_iter().map(convert).collect::<core::result::Result<_, E>>()?)
            }
        };
        Ok(Object { id, value })
    }

    impl<'de> Deserialize<'de> for Object {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<Object, D::Error> {
            convert(ObjectDe::deserialize(d)?)
        }
    }

    impl<'de> Deserialize<'de> for MerchantPayload {
        fn deserialize<D: Deserializer<'de>>(d: D) -> core::result::Result<MerchantPayload, D::Error> {
            let objs = Vec::<ObjectDe>::deserialize(d)?;
            let objects = objs.into_iter().map(convert).collect::<core::result::Result<_, D::Error>>()?;
            Ok(MerchantPayload { objects })
        }
    }
}
