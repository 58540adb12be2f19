//! Issue 16: tests written for mutants of `src/emv/` that no other test caught. Each asserts
//! the behaviour the mutated expression decides (a boundary, a branch, an offset or a path),
//! through the public API.

use base64::Engine as _;
use hutong::emv::cpm::{BerObject, ConsumerPayload};
use hutong::ErrorKind;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn parse_hex(s: &str) -> hutong::Result<ConsumerPayload> {
    ConsumerPayload::parse(&b64(&hex(s)))
}

// ---------------------------------------------------------------------------------------------
// CPM BER reader (src/emv/cpm/ber.rs)
// ---------------------------------------------------------------------------------------------

/// A four-byte tag is read into its four bytes, in order (the shift that left-aligns it is
/// `8 * (4 - len)`, zero for four bytes), and written back unchanged.
#[test]
fn a_four_byte_tag_is_read_left_aligned_and_written_back() {
    let h = "85 05 4350563031 61 0D 4F05A000000333 DF818101 01 AA";
    let p = parse_hex(h).unwrap();
    let app = p.applications().next().unwrap();
    let o = app.own(0xDF81_8101).expect("the four-byte tag is found by its value");
    assert_eq!(o.tag(), 0xDF81_8101);
    assert_eq!(o.tag_bytes(), &[0xDF, 0x81, 0x81, 0x01]);
    assert_eq!(o.bytes(), Some(&[0xAA][..]));
    assert_eq!(p.to_bytes(), hex(h));
    // Three- and two-byte tags too.
    let h3 = "85 05 4350563031 61 0C 4F05A000000333 9F8101 01 BB";
    let p3 = parse_hex(h3).unwrap();
    let o3 = p3.applications().next().unwrap().own(0x9F_8101).unwrap();
    assert_eq!((o3.tag(), o3.tag_bytes()), (0x9F_8101, &[0x9F, 0x81, 0x01][..]));
    assert_eq!(p3.to_bytes(), hex(h3));
}

/// Each refused first length byte gets its own problem: 80 is indefinite (not a short length
/// of 128), 85 and over say how many length bytes they announce (`l0 & 0x7F`), and a long form
/// cut short says how many bytes are missing (`n - left`).
#[test]
fn each_refused_length_byte_names_its_problem() {
    let cases = [
        (
            "85 05 4350563031 61 80 4F05A000000333 0000",
            "data object 61 has the indefinite length 80, which EMV BER-TLV does not allow (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 85 0000000007 4F05A000000333",
            "length of data object 61 is 5 bytes long; at most 4 are allowed (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 FF 0000000007 4F05A000000333",
            "length of data object 61 is 127 bytes long; at most 4 are allowed (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 82 00",
            "length of data object 61 needs 1 more bytes than its template holds (at byte 7, in 61)",
        ),
        (
            "85 05 4350563031 61 84 00",
            "length of data object 61 needs 3 more bytes than its template holds (at byte 7, in 61)",
        ),
    ];
    for (h, message) in cases {
        let e = parse_hex(h).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidBer, "{h}");
        assert_eq!(e.to_string(), message, "{h}");
    }
    // 81 80 is a long form of 128: read as such, not refused.
    let o = BerObject::primitive(0x5A, vec![0x12; 0x80]).unwrap();
    assert_eq!(o.length_bytes(), &[0x81, 0x80]);
}

// ---------------------------------------------------------------------------------------------
// CPM builder and owned model (src/emv/cpm/build.rs, model.rs)
// ---------------------------------------------------------------------------------------------

fn unionpay_app() -> hutong::emv::cpm::TemplateBuilder {
    hutong::emv::cpm::TemplateBuilder::application(&[0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x02])
}

/// `CpmBuilder::object` adds a root data object after 61 and 62, keeping what was set before.
#[test]
fn the_builder_writes_extra_root_objects_after_the_templates() {
    let atc = BerObject::primitive(0x9F36, [0x00, 0x01]).unwrap();
    let p = hutong::emv::cpm::CpmBuilder::new().application(unionpay_app()).object(atc.clone()).build().unwrap();
    let tags: Vec<u32> = p.objects().iter().map(BerObject::tag).collect();
    assert_eq!(tags, [0x85, 0x61, 0x9F36]);
    assert_eq!(p.get(0x9F36), Some(&atc));
    assert_eq!(p.to_bytes(), hex("85 05 4350563031 61 0A 4F08A000000333010102 9F36 02 0001"));
}

/// Decoded bytes that do not start with 85 are refused as another kind of code, naming the
/// byte found, before the BER reader or the profile rules look at them.
#[test]
fn bytes_that_do_not_start_with_85_are_not_cpm() {
    for (h, found) in [("61 07 4F05A000000333", "61"), ("00", "00"), ("84 05 4350563031 61 07 4F05A000000333", "84")] {
        let e = ConsumerPayload::from_bytes(&hex(h)).unwrap_err();
        assert_eq!((e.kind(), e.offset(), e.path()), (ErrorKind::WrongFormat, 0, None), "{h}");
        assert_eq!(
            e.to_string(),
            format!(
                "not a consumer-presented code: the first data object must be 85 (payload format indicator), found byte {found} (at byte 0)"
            ),
            "{h}"
        );
    }
}

/// A CPM text of `bytes` decoded bytes that parses: 85, then one application whose issuer URL
/// (5F50) fills the rest.
fn cpm_of_len(bytes: usize) -> Vec<u8> {
    let url = bytes - 26;
    let app = 10 + 5 + url;
    let mut v = hex("85 05 4350563031 61 82");
    v.extend((app as u16).to_be_bytes());
    v.extend(hex("4F 08 A000000333010102 5F50 82"));
    v.extend((url as u16).to_be_bytes());
    v.extend(std::iter::repeat_n(b'a', url));
    assert_eq!(v.len(), bytes);
    v
}

/// The longest text read is 2953 characters (what a QR symbol holds): at 2953 the text is
/// still read (and refused for its length, not a multiple of 4), at 2954 it is too long.
#[test]
fn cpm_text_length_is_capped_at_2953_characters() {
    let text = b64(&cpm_of_len(2214));
    assert_eq!(text.len(), 2952);
    let p = ConsumerPayload::parse(&text).unwrap();
    assert_eq!(p.encode(), text);
    let e = ConsumerPayload::parse(&format!("{text}A")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, 2953), "{e}");
    assert_eq!(
        e.to_string(),
        "2953 characters is not a multiple of 4: standard base64 is padded with '=' (at byte 2953)"
    );
    let e = ConsumerPayload::parse(&format!("{text}AA")).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::TooLong, 2953), "{e}");
    assert_eq!(e.to_string(), "payload has 2954 characters; a QR code holds at most 2953 (at byte 2953)");
}

/// Three `=` at the end are refused at the first of them, whatever the text's length.
#[test]
fn three_padding_characters_are_refused_at_the_first() {
    for text in ["hQVDUFYwMW===", "hQVDUFYwMWEa===", "hQVDUFYwMWEaTwe==="] {
        let e = ConsumerPayload::parse(text).unwrap_err();
        let first = text.find('=').unwrap();
        assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidBase64, first), "{text}: {e}");
        assert_eq!(
            e.to_string(),
            format!("'=' may only end the text, at most twice (two payloads run together?) (at byte {first})")
        );
    }
}

/// 9F19 drops one leading pad zero only from its full 12 digits (6 bytes); a value of another
/// length keeps every digit.
#[test]
fn token_requestor_id_drops_the_pad_digit_of_12_digits_only() {
    let cases = [
        ("61 10 4F05A000000333 9F19 06 001234567890", "01234567890"),
        ("61 10 4F05A000000333 9F19 06 123456789012", "123456789012"),
        ("61 0F 4F05A000000333 9F19 05 0123456789", "0123456789"),
        ("61 11 4F05A000000333 9F19 07 00123456789012", "00123456789012"),
    ];
    for (app, want) in cases {
        let p = parse_hex(&format!("85 05 4350563031 {app}")).unwrap();
        assert_eq!(p.applications().next().unwrap().token_requestor_id().as_deref(), Some(want), "{app}");
    }
}

/// 5F2D splits into whole two-letter codes; the iterator's upper bound is the number of codes
/// the text can hold.
#[test]
fn languages_are_whole_two_letter_codes() {
    for (app, want) in [
        ("61 0E 4F05A000000333 5F2D 04 7A68656E", &["zh", "en"][..]),
        ("61 0D 4F05A000000333 5F2D 03 7A6865", &["zh"][..]),
        ("61 12 4F05A000000333 5F2D 08 7A68656E66726465", &["zh", "en", "fr", "de"][..]),
    ] {
        let p = parse_hex(&format!("85 05 4350563031 {app}")).unwrap();
        let a = p.applications().next().unwrap();
        let langs = a.languages();
        assert_eq!(langs.size_hint(), (0, Some(want.len())), "{app}");
        assert_eq!(langs.collect::<Vec<_>>(), want, "{app}");
    }
}
