//! Bestpay (翼支付, China Telecom), SPEC.md section 6.3: the personal face-to-face receive code
//! `http://m.bestpay.com.cn/#/apa/<token>face2face`, whose token sits in the fragment.
//!
//! Recognise: host `m.bestpay.com.cn`. Parse: [`parse_web`]. Encode:
//! [`BestpayCode::encode_into`]. Fields: [`BestpayCode`].

use alloc::string::String;

use super::alphabet::Alphabet;
use super::check::{check, wrong_form};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;
use crate::url::{Origin, Url};

const APA: &str = "/apa/";
const SUFFIX: &str = "face2face";

/// A Bestpay merchant code, by form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BestpayCode<'a> {
    /// `http://m.bestpay.com.cn/#/apa/<token>face2face` ([`Form::BestpayF2f`](super::Form::BestpayF2f)).
    #[non_exhaustive]
    F2f {
        /// Scheme (`http` in the sample; `https` accepted) and host as written.
        origin: Origin<'a>,
        /// The token between `#/apa/` and `face2face`: letters and digits (18 in the sample).
        token: &'a str,
    },
}

impl<'a> BestpayCode<'a> {
    /// `http://m.bestpay.com.cn/#/apa/<token>face2face`, with the sample's `http`.
    pub fn f2f(token: &'a str) -> Result<BestpayCode<'a>> {
        check(token, 0, "the Bestpay token", Alphabet::Alnum, 1, 64)?;
        Ok(BestpayCode::F2f { origin: Origin::of_text("http://m.bestpay.com.cn"), token })
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            BestpayCode::F2f { origin, token } => {
                origin.encode_into(out);
                out.push_str("/#");
                out.push_str(APA);
                out.push_str(token);
                out.push_str(SUFFIX);
            }
        }
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64);
        self.encode_into(&mut s);
        s
    }
}

/// Codes on `m.bestpay.com.cn`.
pub(crate) fn parse_web<'a>(u: &Url<'a>) -> Result<BestpayCode<'a>> {
    const EXPECTED: &str = "http://m.bestpay.com.cn/#/apa/<token>face2face";
    if u.path() != "/" {
        return Err(wrong_form(Provider::Bestpay, u.path(), u.path_offset(), EXPECTED));
    }
    if let Some(q) = u.query() {
        let found = Quote::new(q);
        return Err(Error::new(
            Problem::Unexpected { form: "Bestpay f2f", part: "query", found },
            u.query_offset(),
            None,
        ));
    }
    let fat = u.fragment_offset();
    let token = u.fragment().and_then(|f| f.strip_prefix(APA)).and_then(|f| f.strip_suffix(SUFFIX));
    let Some(token) = token else {
        return Err(wrong_form(Provider::Bestpay, u.fragment().unwrap_or_default(), fat, EXPECTED));
    };
    check(token, fat + APA.len(), "the Bestpay token", Alphabet::Alnum, 1, 64)?;
    Ok(BestpayCode::F2f { origin: Origin::of(u), token })
}
