//! What the `unified` and `recognise` fuzz targets both check: issue 10's security property
//! on a reported carried code, and inputs with their CRC made right.
#![allow(dead_code)]

use hutong::emv::mpm::Mpm;
use hutong::providers::{MerchantCode, UnionPayAccount};
use hutong::unified::{self, guid, CarriedCode};
use hutong::Provider;

/// The security property for one carried code reported for `mpm`.
pub fn sound(mpm: &Mpm<'_>, c: &CarriedCode) {
    assert!(c.code.bytes().all(|b| (0x20..=0x7E).contains(&b)), "carried code not printable ASCII: {c:?}");
    let id = c.path.ids()[0] as u8;
    if c.form == unified::UNIONPAY_EMV_FORM {
        assert_eq!(c.provider, Some(Provider::UnionPay), "{c:?}");
        assert!(matches!(id, 15 | 16), "{c:?}");
        assert!(UnionPayAccount::parse(&c.code).is_ok(), "not a UnionPay account: {c:?}");
        return;
    }
    let parsed = MerchantCode::parse(&c.code).unwrap_or_else(|e| panic!("carried code does not parse ({e}): {c:?}"));
    assert_eq!(parsed.provider(), c.provider, "carried code of another provider: {c:?}");
    assert_eq!(parsed.form().id(), c.form, "carried code of another form: {c:?}");
    // A foreign code may repeat an ID (a duplicate-id finding): the code comes from one of the
    // templates with that ID, which must hold its start and have a GUID that may carry it.
    let holds = |t: &hutong::emv::mpm::DataObject<'_>| {
        let mut subs = t.nested().into_iter().flatten();
        let g = subs.next().filter(|o| o.id() == 0).map(|o| o.value());
        let carries = g.and_then(guid::lookup).is_some_and(|e| e.carries(c.provider));
        carries
            && t.nested()
                .into_iter()
                .flatten()
                .any(|o| o.id() != 0 && !o.value().is_empty() && c.code.starts_with(o.value()))
    };
    assert!(mpm.objects().filter(|o| o.id() == id).any(|t| holds(&t)), "no template {id:02} may carry {c:?}");
}

/// `text` with a correct CRC: the last four characters replaced when it ends with a CRC
/// object, else a CRC object appended.
pub fn with_right_crc(text: &str) -> String {
    let n = text.len();
    let body = match text.get(..n.saturating_sub(4)) {
        Some(b) if n >= 8 && b.ends_with("6304") => b.to_string(),
        _ => format!("{text}6304"),
    };
    let crc = hutong::emv::crc16(body.as_bytes());
    format!("{body}{crc:04X}")
}
