//! [`ProviderCode`]: the typed value of a merchant code, one variant per provider, and the value of
//! a code that a registered pattern matched ([`RegisteredCode`]).

use alloc::string::String;

use super::alipay::AlipayCode;
use super::bestpay::BestpayCode;
use super::ecny::EcnyCode;
use super::form::Form;
use super::qqwallet::QqWalletCode;
use super::unionpay::UnionPayCode;
use super::wechat::WeChatCode;
use super::wrapper::Wrapper;
use crate::ecny::{typing, CodeType, EcnyTyping, EncodingType};
use crate::provider::Provider;
use crate::url::Url;

/// The typed value of a merchant code: one variant per provider, each an enum of that
/// provider's forms with their fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProviderCode<'a> {
    /// WeChat Pay (SPEC.md section 6.3).
    WeChat(WeChatCode<'a>),
    /// Alipay.
    Alipay(AlipayCode<'a>),
    /// UnionPay.
    UnionPay(UnionPayCode<'a>),
    /// Bestpay.
    Bestpay(BestpayCode<'a>),
    /// QQ Wallet.
    QqWallet(QqWalletCode<'a>),
    /// e-CNY.
    Ecny(EcnyCode<'a>),
    /// An aggregated or unknown `http(s)` URL, carried as written with no provider (SPEC.md section 6.1, rule 5).
    Aggregated(Url<'a>),
    /// A code matched by a [`Registry`](super::Registry) pattern.
    Registered(RegisteredCode<'a>),
}

impl ProviderCode<'_> {
    /// The provider; `None` for aggregated codes.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            ProviderCode::Registered(r) => Some(r.provider()),
            // A wrapper is its owner's only around a code that owner pays: Alipay's link
            // around an Alipay code, UnionPay's gateway around any provider's code (UnionPay's
            // app pays them through it). Around a code of no provider (an aggregated URL, a
            // look-alike host) it opens somebody's page, and names no provider.
            ProviderCode::Alipay(AlipayCode::Wrapper { wrapper, .. }) => {
                (wrapper.inner_form().provider() == Some(Provider::Alipay)).then_some(Provider::Alipay)
            }
            ProviderCode::UnionPay(UnionPayCode::Gateway { wrapper, .. }) => {
                wrapper.inner_form().provider().map(|_| Provider::UnionPay)
            }
            other => other.form().provider(),
        }
    }

    /// The form.
    pub fn form(&self) -> Form {
        match self {
            ProviderCode::WeChat(c) => c.form(),
            ProviderCode::Alipay(c) => c.form(),
            ProviderCode::UnionPay(c) => c.form(),
            ProviderCode::Bestpay(_) => Form::BestpayF2f,
            ProviderCode::QqWallet(_) => Form::QqWallet,
            ProviderCode::Ecny(_) => Form::EcnyApp,
            ProviderCode::Aggregated(_) => Form::Aggregated,
            ProviderCode::Registered(_) => Form::Registered,
        }
    }

    /// The e-CNY interconnection typing (SPEC.md section 6.3).
    pub fn ecny(&self) -> EcnyTyping {
        match self {
            ProviderCode::WeChat(c) => c.ecny(),
            ProviderCode::Alipay(c) => c.ecny(),
            ProviderCode::UnionPay(c) => c.ecny(),
            ProviderCode::Bestpay(_) => typing(CodeType::PersonalReceive, Provider::Bestpay.encoding_type()),
            ProviderCode::QqWallet(_) => typing(CodeType::PersonalReceive, Provider::QqWallet.encoding_type()),
            ProviderCode::Ecny(_) => typing(CodeType::MerchantDynamic, Provider::Ecny.encoding_type()),
            ProviderCode::Aggregated(_) => typing(CodeType::MerchantStatic, EncodingType::Aggregated),
            ProviderCode::Registered(r) => r.typing(),
        }
    }

    /// Appends the code rebuilt from its fields.
    pub fn encode_into(&self, out: &mut String) {
        match self {
            ProviderCode::WeChat(c) => c.encode_into(out),
            ProviderCode::Alipay(c) => c.encode_into(out),
            ProviderCode::UnionPay(c) => c.encode_into(out),
            ProviderCode::Bestpay(c) => c.encode_into(out),
            ProviderCode::QqWallet(c) => c.encode_into(out),
            ProviderCode::Ecny(c) => c.encode_into(out),
            ProviderCode::Aggregated(u) => u.encode_into(out),
            ProviderCode::Registered(r) => r.url().encode_into(out),
        }
    }

    /// The code rebuilt from its fields.
    pub fn encode(&self) -> String {
        let mut s = String::with_capacity(64);
        self.encode_into(&mut s);
        s
    }

    /// The wrapper layer, for wrapper forms.
    pub fn wrapper(&self) -> Option<&Wrapper<'_>> {
        match self {
            ProviderCode::Alipay(AlipayCode::Wrapper { wrapper, .. }) => Some(wrapper),
            ProviderCode::UnionPay(UnionPayCode::Gateway { wrapper, .. }) => Some(wrapper),
            _ => None,
        }
    }
}

/// A code matched by a registered [`Pattern`](super::Pattern): the URL as written, with the pattern's
/// provider and typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RegisteredCode<'a> {
    provider: Provider,
    typing: EcnyTyping,
    url: Url<'a>,
}

impl<'a> RegisteredCode<'a> {
    pub(crate) fn new(provider: Provider, typing: EcnyTyping, url: Url<'a>) -> RegisteredCode<'a> {
        RegisteredCode { provider, typing, url }
    }

    /// The pattern's provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The pattern's e-CNY typing.
    pub fn typing(&self) -> EcnyTyping {
        self.typing
    }

    /// The URL, every part as written.
    pub fn url(&self) -> &Url<'a> {
        &self.url
    }

    /// The code rebuilt from its parts.
    pub fn encode(&self) -> String {
        self.url.encode()
    }
}

#[cfg(test)]
mod tests {
    use crate::providers::{Pattern, ProviderCode, Registry};
    use crate::Provider;

    #[test]
    fn registered_code_encodes_as_written() {
        let mut registry = Registry::new();
        registry.register(Pattern::new(Provider::CmPay, "https", "pay.example-cmpay.cn", "/qr/").unwrap());
        for input in ["https://pay.example-cmpay.cn/qr/AB12?x=1", "https://PAY.example-cmpay.cn/qr/Z#f"] {
            let code = registry.parse(input).unwrap();
            let ProviderCode::Registered(r) = code.code() else { panic!("{input}") };
            assert_eq!(r.encode(), input);
            assert_eq!(r.provider(), Provider::CmPay);
        }
    }
}
