//! The characters a payment code is made of.

use crate::text::{ALNUM, NUMERIC};

/// What characters a rule's codes are made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Charset {
    /// Decimal digits only: every numeric payment code.
    Digits,
    /// ASCII letters and digits (Alipay's face-pay token).
    Alphanumeric,
}

impl Charset {
    /// The byte class of [`crate::text`] that the set is.
    pub(crate) const fn class(self) -> u8 {
        match self {
            Charset::Digits => NUMERIC,
            Charset::Alphanumeric => ALNUM,
        }
    }

    /// What a length in this set counts, as messages say it.
    pub(crate) const fn unit(self) -> &'static str {
        match self {
            Charset::Digits => "digits",
            Charset::Alphanumeric => "characters",
        }
    }
}
