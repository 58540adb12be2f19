//! e-CNY (数字人民币), SPEC.md sections 6.3 and 6.5: no merchant QR string is public; the wallet's
//! payment link `dcep://uniwallet/unipay[?…]` is the one documented form. Other e-CNY forms
//! can be added at run time through a [`Registry`](super::Registry).
//!
//! Recognise: scheme `dcep`. Parse: [`parse_app`]. Encode: [`EcnyCode::encode_into`].
//! Fields: [`EcnyCode`].

use alloc::string::String;

use super::alphabet::Alphabet;
use super::check::{check, split_query, wrong_form};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};
use crate::provider::Provider;

const PREFIX: &str = "dcep://uniwallet/";

/// An e-CNY code, by form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EcnyCode<'a> {
    /// `dcep://uniwallet/unipay[?<query>]` ([`Form::EcnyApp`](super::Form::EcnyApp)).
    #[non_exhaustive]
    App {
        /// The query, when present, as written (its parameters are not public).
        query: Option<&'a str>,
    },
}

impl<'a> EcnyCode<'a> {
    /// `dcep://uniwallet/unipay[?<query>]`.
    pub fn app(query: Option<&'a str>) -> Result<EcnyCode<'a>> {
        if let Some(q) = query {
            check(q, 0, "the query", Alphabet::Query, 0, 1024)?;
        }
        Ok(EcnyCode::App { query })
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            EcnyCode::App { query } => {
                out.push_str(PREFIX);
                out.push_str("unipay");
                if let Some(q) = query {
                    out.push('?');
                    out.push_str(q);
                }
            }
        }
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(32);
        self.encode_into(&mut s);
        s
    }
}

/// `dcep://…` links.
pub(crate) fn parse_app(input: &str) -> Result<EcnyCode<'_>> {
    let Some(rest) = input.strip_prefix(PREFIX) else {
        return Err(wrong_form(Provider::Ecny, input, 0, "a lower-case \"dcep://uniwallet/unipay\" link"));
    };
    let (action, query) = split_query(rest, PREFIX.len(), "e-CNY app link")?;
    if action != "unipay" {
        let why = "only uniwallet/unipay pays; startApp and user/faq open the wallet";
        return Err(Error::new(Problem::NotPayment { provider: "e-CNY", found: Quote::new(input), why }, 0, None));
    }
    let query = match query {
        Some((q, at)) => {
            check(q, at, "the query", Alphabet::Query, 0, 1024)?;
            Some(q)
        }
        None => None,
    };
    Ok(EcnyCode::App { query })
}
