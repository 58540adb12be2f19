//! The e-CNY interconnection typing of a code (SPEC.md 5.5 and 6.3): what kind of code it is
//! (`QT01`–`QT04`) and, for receive codes, whose encoding it uses (`QET01`–`QET05`). The
//! e-CNY platform carries foreign codes as typed opaque strings; this typing is what lets a
//! converter hand any code to it without loss.

use core::fmt;

/// `QrCodeTp`: the kind of code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CodeType {
    /// `QT01`: a person's receive code (个人收款码).
    #[cfg_attr(feature = "serde", serde(rename = "QT01"))]
    PersonalReceive,
    /// `QT02`: a person's payment code, shown by the payer (付款码).
    #[cfg_attr(feature = "serde", serde(rename = "QT02"))]
    PersonalPayment,
    /// `QT03`: a merchant's static code.
    #[cfg_attr(feature = "serde", serde(rename = "QT03"))]
    MerchantStatic,
    /// `QT04`: a merchant's dynamic (per-order) code.
    #[cfg_attr(feature = "serde", serde(rename = "QT04"))]
    MerchantDynamic,
}

impl CodeType {
    /// `QT01`…`QT04`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CodeType::PersonalReceive => "QT01",
            CodeType::PersonalPayment => "QT02",
            CodeType::MerchantStatic => "QT03",
            CodeType::MerchantDynamic => "QT04",
        }
    }

    /// Parses `QT01`…`QT04`.
    pub fn from_code(s: &str) -> Option<CodeType> {
        [CodeType::PersonalReceive, CodeType::PersonalPayment, CodeType::MerchantStatic, CodeType::MerchantDynamic]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

/// `QrEncdgTp`: whose encoding a receive code uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EncodingType {
    /// `QET01`: an e-CNY receive code.
    #[cfg_attr(feature = "serde", serde(rename = "QET01"))]
    Ecny,
    /// `QET02`: a UnionPay standard receive code.
    #[cfg_attr(feature = "serde", serde(rename = "QET02"))]
    UnionPay,
    /// `QET03`: an aggregated receive code (聚合码), or any other code.
    #[cfg_attr(feature = "serde", serde(rename = "QET03"))]
    Aggregated,
    /// `QET04`: a WeChat Pay receive code.
    #[cfg_attr(feature = "serde", serde(rename = "QET04"))]
    WeChat,
    /// `QET05`: an Alipay receive code.
    #[cfg_attr(feature = "serde", serde(rename = "QET05"))]
    Alipay,
}

impl EncodingType {
    /// `QET01`…`QET05`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EncodingType::Ecny => "QET01",
            EncodingType::UnionPay => "QET02",
            EncodingType::Aggregated => "QET03",
            EncodingType::WeChat => "QET04",
            EncodingType::Alipay => "QET05",
        }
    }

    /// Parses `QET01`…`QET05`.
    pub fn from_code(s: &str) -> Option<EncodingType> {
        [
            EncodingType::Ecny,
            EncodingType::UnionPay,
            EncodingType::Aggregated,
            EncodingType::WeChat,
            EncodingType::Alipay,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// The e-CNY typing of one code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EcnyTyping {
    /// The code type.
    pub qt: CodeType,
    /// The receive-code encoding; `None` for payment codes (QT02), which have none.
    pub qet: Option<EncodingType>,
}

impl fmt::Display for EcnyTyping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.qt.as_str())?;
        if let Some(q) = self.qet {
            write!(f, "/{}", q.as_str())?;
        }
        Ok(())
    }
}

/// The typing of a receive code: `qt`, in the encoding `qet`.
pub(crate) const fn typing(qt: CodeType, qet: EncodingType) -> EcnyTyping {
    EcnyTyping { qt, qet: Some(qet) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// Every code type and encoding type reads back from its code, and from nothing else:
    /// not another type's code, not a neighbour, not another case or a padded code.
    #[test]
    fn every_type_reads_back_from_its_code_and_only_from_it() {
        let code_types = [
            (CodeType::PersonalReceive, "QT01"),
            (CodeType::PersonalPayment, "QT02"),
            (CodeType::MerchantStatic, "QT03"),
            (CodeType::MerchantDynamic, "QT04"),
        ];
        for (t, code) in code_types {
            assert_eq!(t.as_str(), code);
            assert_eq!(CodeType::from_code(code), Some(t), "{code}");
        }
        let encodings = [
            (EncodingType::Ecny, "QET01"),
            (EncodingType::UnionPay, "QET02"),
            (EncodingType::Aggregated, "QET03"),
            (EncodingType::WeChat, "QET04"),
            (EncodingType::Alipay, "QET05"),
        ];
        for (t, code) in encodings {
            assert_eq!(t.as_str(), code);
            assert_eq!(EncodingType::from_code(code), Some(t), "{code}");
        }
        for wrong in ["", "QT00", "QT05", "qt01", "QT1", " QT01", "QT01 ", "QET01"] {
            assert_eq!(CodeType::from_code(wrong), None, "{wrong:?}");
        }
        for wrong in ["", "QET00", "QET06", "qet01", "QET1", "QET01 ", "QT01"] {
            assert_eq!(EncodingType::from_code(wrong), None, "{wrong:?}");
        }
    }

    /// A typing shows its code type, then its encoding type when it has one.
    #[test]
    fn a_typing_shows_both_codes() {
        assert_eq!(typing(CodeType::MerchantStatic, EncodingType::WeChat).to_string(), "QT03/QET04");
        assert_eq!(EcnyTyping { qt: CodeType::PersonalPayment, qet: None }.to_string(), "QT02");
    }
}
