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
