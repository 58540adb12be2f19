//! A parsed payload encoded again without copying it into the owned model first: what
//! [`Recognised::encode`](crate::Recognised::encode) checks the round trip with. Its own module
//! (and so its own code unit): a second caller of the object iterator in the model's module
//! made the compiler stop inlining it into the model's copy of a payload, 12% slower.

use alloc::string::String;
use alloc::vec::Vec;

use super::fields::id;
use super::model::{too_long, Object, Value};
use super::parse::{DataObject, Mpm};
use super::write::{Overflow, Writer};
use crate::error::{Result, TagPath};

/// What `MerchantPayload::from(m)`, then [`encode`](super::MerchantPayload::encode), gives, without
/// copying its objects first: a round-trip check reads each object where it lies.
pub(crate) fn encode_parsed(m: &Mpm<'_>) -> Result<String> {
    let mut out = String::with_capacity(m.as_str().len() + 8);
    let mut w = Writer::new(&mut out);
    // As `encode_into`: every CRC object is left out; the last one's spelling may be kept.
    let mut last_crc = None;
    let objects = m.objects().filter(|o| {
        let crc = o.id() == id::CRC;
        if crc {
            last_crc = Some(*o);
        }
        !crc
    });
    write_parsed(&mut w, objects, None)?;
    w.crc(last_crc.filter(|o| o.children().is_none()).map(|o| o.value()));
    Ok(out)
}

/// The model's `write_objects` for objects where they lie in a parsed payload, read as the
/// model copies them (`Object::from_borrowed`): a template is an object whose children read.
fn write_parsed<'a>(
    w: &mut Writer<'_>,
    objects: impl Iterator<Item = DataObject<'a>>,
    parent: Option<TagPath>,
) -> Result<()> {
    for o in objects {
        let id = o.id();
        let children = o.children();
        let template = children.is_some();
        // The error the owned object would give (a parsed payload's IDs and lengths fit): it
        // names the object by its ID and whether it is a template.
        let overflow = |e: Overflow| {
            let value = if template { Value::Template(Vec::new()) } else { Value::Text(String::new()) };
            too_long(e.at, &Object { id, value }, parent, e.chars)
        };
        match children {
            None => w.text(id, o.value()).map_err(overflow)?,
            Some(children) => {
                let open = w.open(id).map_err(overflow)?;
                let path = Some(match parent {
                    Some(p) => p.child(id as u32),
                    None => TagPath::mpm(id),
                });
                write_parsed(w, children, path)?;
                w.close(open).map_err(overflow)?;
            }
        }
    }
    Ok(())
}
