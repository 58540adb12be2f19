//! The CPM parser's fast paths against what they stand in for: the one-pass base64 decoder
//! against the base64 crate and the error it must name, the buffer the text is decoded into
//! at its limits, and the bit set of seen tags against every tag length.

// parse_hex is not needed here.
#[allow(dead_code)]
#[path = "common/cpm.rs"]
mod cpm;

use base64::Engine as _;
use cpm::{b64, hex};
use hutong::emv::cpm::{BerObject, BerValue, ConsumerPayload, CpmBuilder, TemplateBuilder, ValueBytes, MAX_TEXT_LEN};
use hutong::{ErrorKind, TagPath};

const B1: &str = "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=";
const B2: &str = "hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1WXy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==";
/// QRIS, whose text needs no padding.
const QRIS: &str =
    "hQVDUFYwMWFFTwegAAAGAiAgUAdRUklTQ1BNWgqTYAkUMBAFMXIPXy0EaWRlbmMen3QbY2hlcXVlOjk1Njc3MjQ5NTA5MDUxODk4MDc0";
const TEXTS: [&str; 3] = [B1, B2, QRIS];
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01];

/// What a result says: the payload's text, or the error's kind, offset, path and message.
fn outcome(r: &hutong::Result<ConsumerPayload>) -> String {
    match r {
        Ok(p) => format!("ok {}", p.encode()),
        Err(e) => format!("{:?} at {} in {:?}: {}", e.kind(), e.offset(), e.path(), e.message()),
    }
}

/// `text` with `with` written over the byte at `at`.
fn replaced(text: &str, at: usize, with: u8) -> String {
    let mut t = text.as_bytes().to_vec();
    t[at] = with;
    String::from_utf8(t).unwrap()
}

#[test]
fn every_one_character_change_decodes_as_the_base64_crate_does() {
    let others = [b'=', b'*', b' ', b'-', b'_'];
    for text in TEXTS {
        for at in 0..text.len() {
            for &c in ALPHABET.iter().chain(&others) {
                let t = replaced(text, at, c);
                let parsed = ConsumerPayload::parse(&t);
                match base64::engine::general_purpose::STANDARD.decode(&t) {
                    Ok(bytes) if t.starts_with("hQVDUFY") => {
                        assert_eq!(outcome(&parsed), outcome(&ConsumerPayload::from_bytes(&bytes)), "{t}");
                    }
                    _ => assert!(parsed.is_err(), "{t}"),
                }
            }
        }
    }
}

#[test]
fn two_characters_outside_the_alphabet_are_named_at_the_first() {
    // Any two positions, in one quad, in two quads, in the last one: neither may hide the other.
    for text in TEXTS {
        for i in 7..text.len() {
            for j in i + 1..text.len() {
                let t = replaced(&replaced(text, i, b'*'), j, b'*');
                let e = ConsumerPayload::parse(&t).unwrap_err();
                assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, i), "{t}");
                assert!(e.message().to_string().contains("'*'"), "{t}: {}", e.message());
            }
        }
    }
}

#[test]
fn the_last_character_before_padding_has_no_spare_bits() {
    // B1 ends in one '=' (two spare bits), B2 in two (four spare bits).
    for (text, spare) in [(B1, 0x03), (B2, 0x0F)] {
        let at = text.trim_end_matches('=').len() - 1;
        for (value, &c) in ALPHABET.iter().enumerate() {
            let t = replaced(text, at, c);
            let parsed = ConsumerPayload::parse(&t);
            if value & spare == 0 {
                let bytes = base64::engine::general_purpose::STANDARD.decode(&t).unwrap();
                assert_eq!(outcome(&parsed), outcome(&ConsumerPayload::from_bytes(&bytes)), "{t}");
            } else {
                let e = parsed.unwrap_err();
                assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, at), "{t}");
                assert!(e.message().to_string().contains("bits that are not data"), "{t}");
            }
        }
    }
}

/// A payload of exactly `len` bytes: one application whose issuer URL fills the rest.
fn payload_of(len: usize) -> ConsumerPayload {
    (1..len)
        .map(|n| CpmBuilder::new().application(TemplateBuilder::application(&AID).issuer_url(&"u".repeat(n))))
        .map(|b| b.build().unwrap())
        .find(|p| p.to_bytes().len() == len)
        .unwrap_or_else(|| panic!("no payload of {len} bytes"))
}

#[test]
fn payloads_decode_on_either_side_of_the_stack_buffer_and_up_to_the_longest_text() {
    // 512 bytes fit the stack buffer, 513 do not; 2,214 bytes are the 2,952 characters of the
    // longest text a QR code holds.
    for len in [510, 511, 512, 513, 514, 515, 1000, 2213, 2214] {
        let p = payload_of(len);
        let text = p.encode();
        assert!(text.len() <= MAX_TEXT_LEN);
        let back = ConsumerPayload::parse(&text).unwrap_or_else(|e| panic!("{len}: {e}"));
        assert_eq!(back, p, "{len}");
        assert_eq!(back.encode(), text, "{len}");
    }
    let text = payload_of(2215).encode();
    let e = ConsumerPayload::parse(&text).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::TooLong, MAX_TEXT_LEN));
}

/// BER-TLV of one data object with a short-form length.
fn tlv(tag: &[u8], value: &[u8]) -> Vec<u8> {
    assert!(value.len() < 0x80);
    [tag, &[value.len() as u8], value].concat()
}

/// A payload whose one application template holds the usable AID then `objects`, with the
/// offset of each of them.
fn application_of(objects: &[Vec<u8>]) -> (Vec<u8>, Vec<usize>) {
    let mut content = tlv(&[0x4F], &AID);
    let mut offsets = Vec::new();
    for o in objects {
        offsets.push(content.len());
        content.extend_from_slice(o);
    }
    let head = hex("85 05 4350563031");
    let length = match content.len() {
        n if n < 0x80 => vec![n as u8],
        n if n < 0x100 => vec![0x81, n as u8],
        n => vec![0x82, (n >> 8) as u8, n as u8],
    };
    let start = head.len() + 1 + length.len();
    let payload = [head, vec![0x61], length, content].concat();
    (payload, offsets.into_iter().map(|o| start + o).collect())
}

#[test]
fn distinct_tags_of_every_length_are_no_duplicates_and_each_one_twice_is() {
    // Every primitive one-byte tag but 4F, two-byte tags with each possible first byte and
    // second bytes at the edges, three- and four-byte tags: no two share a tag.
    let mut tags: Vec<Vec<u8>> =
        (1..=0xFFu8).filter(|&b| b & 0x20 == 0 && b & 0x1F != 0x1F && b != 0x4F).map(|b| vec![b]).collect();
    for first in [0x1F, 0x5F, 0x9F, 0xDF] {
        for second in [0x00, 0x01, 0x20, 0x21, 0x40, 0x7E, 0x7F] {
            tags.push(vec![first, second]);
        }
    }
    tags.extend([vec![0x9F, 0x81, 0x01], vec![0x9F, 0x81, 0x02], vec![0x5F, 0x81, 0x81, 0x01]]);
    let objects: Vec<Vec<u8>> = tags.iter().map(|t| tlv(t, &[])).collect();
    let (payload, _) = application_of(&objects);
    assert!(ConsumerPayload::parse(&b64(&payload)).is_ok());
    // Without the longer tags the bit set decides alone.
    let short: Vec<Vec<u8>> = objects.iter().filter(|o| o.len() <= 3).cloned().collect();
    let (payload, _) = application_of(&short);
    assert!(ConsumerPayload::parse(&b64(&payload)).is_ok());

    for (i, t) in tags.iter().enumerate() {
        for list in [&objects, &short] {
            if !list.contains(&objects[i]) {
                continue;
            }
            // The tag again, after one more object, then the rest: the second one is named.
            let mut with_twice = list.clone();
            let at = list.iter().position(|o| *o == objects[i]).unwrap();
            with_twice.insert((at + 2).min(list.len()), tlv(t, &[0x01]));
            let (payload, offsets) = application_of(&with_twice);
            let e = ConsumerPayload::parse(&b64(&payload)).unwrap_err();
            let tag = t.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b));
            assert_eq!(e.kind(), ErrorKind::Duplicate, "{tag:X}");
            assert_eq!(e.offset(), offsets[(at + 2).min(list.len())], "{tag:X}");
            assert_eq!(e.path(), Some(TagPath::ber(0x61).child(tag)), "{tag:X}");
        }
    }
}

#[test]
fn a_duplicate_in_a_later_template_is_placed_in_it() {
    // 85, a first 61 of 9 bytes + 2, then a 61 whose 50 comes twice.
    let first = [vec![0x61, 9], tlv(&[0x4F], &AID)].concat();
    let second = [tlv(&[0x4F], &AID), tlv(&[0x50], b"A"), tlv(&[0x50], b"B")].concat();
    let payload = [hex("85 05 4350563031"), first, vec![0x61, second.len() as u8], second].concat();
    let e = ConsumerPayload::parse(&b64(&payload)).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::Duplicate, 7 + 11 + 2 + 9 + 3));
    assert_eq!(e.path(), Some(TagPath::ber(0x61).child(0x50)));
}

/// The hash `std` gives `v`.
fn hash_of(v: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(v)
}

#[test]
fn values_on_either_side_of_the_inline_limit_read_back_as_written() {
    // Values of up to 31 bytes are held in place, longer ones on the heap; a value built from
    // a `Vec` is on the heap at any length. Both must read, compare, hash and print as bytes.
    for n in 0..=40usize {
        let value: Vec<u8> = (0..n).map(|i| (i * 37 + n) as u8).collect();
        let (payload, offsets) = application_of(&[tlv(&[0x9F, 0x70], &value)]);
        let p = ConsumerPayload::parse(&b64(&payload)).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(p.to_bytes(), payload, "{n}");
        let o = p.applications().next().unwrap().own(0x9F70).unwrap();
        assert_eq!(o.bytes(), Some(&value[..]), "{n}");
        let BerValue::Primitive(parsed) = o.value() else { panic!("{n}: not primitive") };
        assert_eq!((&**parsed, parsed.as_ref(), parsed.as_slice()), (&value[..], &value[..], &value[..]), "{n}");
        assert_eq!(parsed.clone().into_vec(), value, "{n}");
        assert_eq!(format!("{parsed:?}"), format!("{value:?}"), "{n}");
        assert_eq!(hash_of(parsed), hash_of(&value), "{n}");
        let copied = ValueBytes::copy_from(&value);
        let given = ValueBytes::from(value.clone());
        assert_eq!((&copied, &given), (parsed, parsed), "{n}");
        for held in [parsed, &copied, &given] {
            assert_eq!((held.len(), held.is_empty()), (n, n == 0), "{n}");
        }
        assert_eq!(given.into_vec(), value, "{n}");
        assert_eq!(BerObject::primitive(0x9F70, value.clone()).unwrap(), *o, "{n}");
        assert_eq!(offsets, [p.to_bytes().len() - value.len() - 3], "{n}");
        // One byte more or one byte changed is another value, whichever way each is held.
        let mut longer = value.clone();
        longer.push(0);
        let mut changed = value.clone();
        if let Some(b) = changed.last_mut() {
            *b ^= 1;
        }
        for other in [longer, changed].into_iter().filter(|o| *o != value) {
            assert_ne!(ValueBytes::copy_from(&other), copied, "{n}");
            assert_ne!(ValueBytes::from(other.clone()), copied, "{n}");
            assert_ne!(hash_of(&ValueBytes::copy_from(&other)), hash_of(&copied), "{n}");
        }
    }
}

#[test]
fn values_followed_by_more_bytes_read_back_as_written() {
    // A short value with at least 31 bytes of input after its start is copied as a whole
    // window: the bytes past it (here the next object's) must not become part of it, and a
    // value longer than the window must still be read whole.
    let after = tlv(&[0x9F, 0x71], &[0xEE; 40]);
    for n in 0..=40usize {
        let value: Vec<u8> = (0..n).map(|i| (i * 37 + n) as u8).collect();
        let (payload, _) = application_of(&[tlv(&[0x9F, 0x70], &value), after.clone()]);
        let p = ConsumerPayload::parse(&b64(&payload)).unwrap_or_else(|e| panic!("{n}: {e}"));
        assert_eq!(p.to_bytes(), payload, "{n}");
        let app = p.applications().next().unwrap();
        let o = app.own(0x9F70).unwrap();
        assert_eq!(o.bytes(), Some(&value[..]), "{n}");
        assert_eq!((o.content_len(), o.length_bytes()), (n, &[n as u8][..]), "{n}");
        assert_eq!(hash_of(o), hash_of(&BerObject::primitive(0x9F70, value.clone()).unwrap()), "{n}");
        assert_eq!(app.own(0x9F71).unwrap().bytes(), Some(&[0xEE; 40][..]), "{n}");
    }
}

#[test]
fn a_value_set_after_the_parse_replaces_the_one_held_in_place() {
    let (payload, _) = application_of(&[tlv(&[0x9F, 0x70], &[1, 2, 3])]);
    let mut p = ConsumerPayload::parse(&b64(&payload)).unwrap().objects().to_vec();
    let app = p.iter_mut().find(|o| o.tag() == 0x61).unwrap();
    let o = app.children_mut().unwrap().iter_mut().find(|o| o.tag() == 0x9F70).unwrap();
    assert!(o.set_bytes(vec![9; 40]));
    assert_eq!(o.bytes(), Some(&[9; 40][..]));
    assert!(o.set_bytes(vec![]));
    assert_eq!(o.bytes(), Some(&[][..]));
    assert_eq!(o.to_bytes(), [0x9F, 0x70, 0x00]);
}

#[test]
fn lengths_in_every_form_are_kept_while_they_say_the_content_and_shortened_after() {
    // Each form of each length, minimal or not: 81-84 are followed by one to four digits.
    let forms: &[(&[u8], usize)] = &[
        (&[0x00], 0),
        (&[0x05], 5),
        (&[0x7F], 0x7F),
        (&[0x81, 0x05], 5),
        (&[0x81, 0x80], 0x80),
        (&[0x81, 0xFF], 0xFF),
        (&[0x82, 0x00, 0x05], 5),
        (&[0x82, 0x01, 0x00], 0x100),
        (&[0x82, 0x01, 0x2C], 0x12C),
        (&[0x83, 0x00, 0x00, 0x05], 5),
        (&[0x83, 0x00, 0x01, 0x02], 0x102),
        (&[0x84, 0x00, 0x00, 0x00, 0x05], 5),
        (&[0x84, 0x00, 0x00, 0x01, 0x03], 0x103),
    ];
    for &(form, n) in forms {
        let value: Vec<u8> = (0..n).map(|i| i as u8).collect();
        let object = [&[0x9F, 0x70][..], form, &value].concat();
        let (payload, _) = application_of(std::slice::from_ref(&object));
        let p = ConsumerPayload::from_bytes(&payload).unwrap_or_else(|e| panic!("{form:02X?}: {e}"));
        assert_eq!(p.to_bytes(), payload, "{form:02X?}");
        let app = p.applications().next().unwrap();
        let o = app.own(0x9F70).unwrap();
        assert_eq!((o.length_bytes(), o.content_len(), o.encoded_len()), (form, n, object.len()), "{form:02X?}");
        assert_eq!(o.to_bytes(), object, "{form:02X?}");
        assert_eq!(app.object().encoded_len(), payload.len() - 7, "{form:02X?}");
        // One byte more: the bytes as written no longer say the content, so the shortest form
        // of the new length is written instead.
        let mut changed = o.clone();
        assert!(changed.set_bytes([value.clone(), vec![0xEE]].concat()));
        let shortest: Vec<u8> = match n + 1 {
            m if m < 0x80 => vec![m as u8],
            m if m < 0x100 => vec![0x81, m as u8],
            m => vec![0x82, (m >> 8) as u8, m as u8],
        };
        assert_eq!(changed.length_bytes(), form, "{form:02X?}");
        assert_eq!(changed.encoded_len(), 2 + shortest.len() + n + 1, "{form:02X?}");
        assert_eq!(changed.to_bytes(), [&[0x9F, 0x70][..], &shortest, &value, &[0xEE]].concat(), "{form:02X?}");
    }
}
