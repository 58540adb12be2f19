//! Writing CPM payloads.

use alloc::vec;
use alloc::vec::Vec;

use super::ber::BerObject;
use super::model::ConsumerPayload;
use super::tags::tag;
use super::track2::{encode_cn, encode_n, Track2};
use crate::error::cpm::Problem;
use crate::error::{Error, Result, TagPath};

/// Builds a consumer-presented payload that this crate's parser reads without findings.
///
/// ```
/// use hutong::emv::cpm::{CpmBuilder, TemplateBuilder, Track2};
///
/// let track2 = Track2 {
///     pan: "6263600100713672".into(),
///     expiry: "2312".into(),
///     service_code: "201".into(),
///     discretionary: "0000018801".into(),
/// };
/// let app = TemplateBuilder::application(&[0xA0, 0x00, 0x00, 0x03, 0x33, 0x01, 0x01, 0x02]).track2(&track2);
/// let cpm = CpmBuilder::new().application(app).build()?;
/// assert!(cpm.encode().starts_with("hQVDUFYwMW"));
/// assert_eq!(cpm.applications().next().and_then(|a| a.track2()), Some(track2));
/// # Ok::<(), hutong::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct CpmBuilder {
    applications: Vec<TemplateBuilder>,
    common: Option<TemplateBuilder>,
    extra: Vec<BerObject>,
}

impl CpmBuilder {
    /// An empty payload; it needs at least one application.
    pub fn new() -> CpmBuilder {
        CpmBuilder::default()
    }

    /// Adds an application template (61); EMVCo CPM allows two.
    #[must_use]
    pub fn application(mut self, app: TemplateBuilder) -> CpmBuilder {
        self.applications.push(app);
        self
    }

    /// Sets the common data template (62), for data both applications share.
    #[must_use]
    pub fn common_data(mut self, common: TemplateBuilder) -> CpmBuilder {
        self.common = Some(common);
        self
    }

    /// Adds another root data object, written after 61 and 62.
    #[must_use]
    pub fn object(mut self, o: BerObject) -> CpmBuilder {
        self.extra.push(o);
        self
    }

    /// The payload. Fails on the first value a setter could not encode, then on anything a
    /// parse would refuse or report as a [`Finding`](crate::Finding) (the finding's kind).
    pub fn build(self) -> Result<ConsumerPayload> {
        let mut objects = vec![BerObject::primitive(tag::PAYLOAD_FORMAT_INDICATOR, *b"CPV01")?];
        for t in self.applications.into_iter().chain(self.common) {
            if let Some(e) = t.error {
                return Err(e);
            }
            objects.push(BerObject::constructed(t.tag, t.objects)?);
        }
        objects.extend(self.extra);
        let payload = ConsumerPayload::from_objects(objects)?;
        match payload.findings().first() {
            Some(f) => Err(f.to_error()),
            None => Ok(payload),
        }
    }
}

/// The content of an application template (61) or of the common data template (62). Each
/// setter replaces an earlier value of the same data object.
#[derive(Debug, Clone)]
pub struct TemplateBuilder {
    tag: u32,
    objects: Vec<BerObject>,
    error: Option<Error>,
}

impl TemplateBuilder {
    /// An application template whose ADF name (4F) is `aid` (5–16 bytes).
    pub fn application(aid: &[u8]) -> TemplateBuilder {
        TemplateBuilder { tag: tag::APPLICATION_TEMPLATE, objects: Vec::new(), error: None }.bytes(tag::ADF_NAME, aid)
    }

    /// The common data template.
    pub fn common() -> TemplateBuilder {
        TemplateBuilder { tag: tag::COMMON_DATA_TEMPLATE, objects: Vec::new(), error: None }
    }

    /// Sets data object `o`, replacing one with the same tag.
    #[must_use]
    pub fn object(mut self, o: BerObject) -> TemplateBuilder {
        match self.objects.iter_mut().find(|x| x.tag() == o.tag()) {
            Some(slot) => *slot = o,
            None => self.objects.push(o),
        }
        self
    }

    fn bytes(self, t: u32, value: &[u8]) -> TemplateBuilder {
        match BerObject::primitive(t, value) {
            Ok(o) => self.object(o),
            Err(e) => self.fail(e),
        }
    }

    fn encoded(self, t: u32, value: Option<Vec<u8>>, why: &'static str) -> TemplateBuilder {
        match value {
            Some(v) => self.bytes(t, &v),
            None => {
                let path = TagPath::ber(self.tag).child(t);
                let what = super::tag_name(t).unwrap_or("data object");
                self.fail(Error::new(Problem::Builder { what, why }, 0, Some(path)))
            }
        }
    }

    fn fail(mut self, e: Error) -> TemplateBuilder {
        self.error.get_or_insert(e);
        self
    }

    /// `50` Application Label (letters, digits and spaces, 1–16).
    #[must_use]
    pub fn label(self, label: &str) -> TemplateBuilder {
        self.bytes(tag::APPLICATION_LABEL, label.as_bytes())
    }

    /// `57` Track 2 Equivalent Data.
    #[must_use]
    pub fn track2(self, track2: &Track2) -> TemplateBuilder {
        match track2.to_bytes() {
            Ok(v) => self.bytes(tag::TRACK2, &v),
            Err(e) => self.fail(e),
        }
    }

    /// `5A` Application PAN (digits; written `F`-padded).
    #[must_use]
    pub fn pan(self, digits: &str) -> TemplateBuilder {
        self.encoded(tag::PAN, encode_cn(digits), "must be digits")
    }

    /// `5F20` Cardholder Name (printable ASCII, 2–26).
    #[must_use]
    pub fn cardholder_name(self, name: &str) -> TemplateBuilder {
        self.bytes(tag::CARDHOLDER_NAME, name.as_bytes())
    }

    /// `5F2D` Language Preference (`"zhen"`: one to four ISO 639-1 codes).
    #[must_use]
    pub fn language_preference(self, codes: &str) -> TemplateBuilder {
        self.bytes(tag::LANGUAGE_PREFERENCE, codes.as_bytes())
    }

    /// `5F50` Issuer URL.
    #[must_use]
    pub fn issuer_url(self, url: &str) -> TemplateBuilder {
        self.bytes(tag::ISSUER_URL, url.as_bytes())
    }

    /// `9F08` Application Version Number.
    #[must_use]
    pub fn application_version(self, version: u16) -> TemplateBuilder {
        self.bytes(tag::APPLICATION_VERSION, &version.to_be_bytes())
    }

    /// `9F19` Token Requestor ID (up to 12 digits, 11 in practice).
    #[must_use]
    pub fn token_requestor_id(self, digits: &str) -> TemplateBuilder {
        self.encoded(tag::TOKEN_REQUESTOR_ID, encode_n(digits, 6), "must be at most 12 digits")
    }

    /// `9F24` Payment Account Reference (29 letters and digits).
    #[must_use]
    pub fn payment_account_reference(self, par: &str) -> TemplateBuilder {
        self.bytes(tag::PAYMENT_ACCOUNT_REFERENCE, par.as_bytes())
    }

    /// `9F25` Last 4 Digits of PAN.
    #[must_use]
    pub fn pan_last4(self, digits: &str) -> TemplateBuilder {
        let v = encode_n(digits, 2).filter(|_| digits.len() == 4);
        self.encoded(tag::LAST4, v, "must be exactly 4 digits")
    }

    /// The transparent template (`63` in an application, `64` in the common data template),
    /// forwarded to the issuer as it is.
    #[must_use]
    pub fn transparent(self, objects: Vec<BerObject>) -> TemplateBuilder {
        let t = if self.tag == tag::APPLICATION_TEMPLATE {
            tag::APPLICATION_TRANSPARENT_TEMPLATE
        } else {
            tag::COMMON_TRANSPARENT_TEMPLATE
        };
        match BerObject::constructed(t, objects) {
            Ok(o) => self.object(o),
            Err(e) => self.fail(e),
        }
    }
}
