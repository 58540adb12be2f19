//! CPM payloads written in hex for the tests: a file of its own, included only by the root
//! package's CPM tests, because hutong-qr's tests share tests/common/mod.rs and do not depend
//! on base64.

/// Base64 (standard alphabet, padded) of `bytes`: a CPM payload's text form.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The bytes written in hex, spaces and line breaks ignored.
pub fn hex(s: &str) -> Vec<u8> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

/// A CPM payload given in hex, parsed from its base64 text.
pub fn parse_hex(s: &str) -> hutong::Result<hutong::emv::cpm::ConsumerPayload> {
    hutong::emv::cpm::ConsumerPayload::parse(&b64(&hex(s)))
}
