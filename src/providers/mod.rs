//! The Chinese providers' own merchant-presented codes (URLs and app links), byte for byte,
//! and the providers carried inside EMVCo MPM codes.
//!
//! - [`MerchantCode::parse`] recognises every built-in form (SPEC.md section 6): a typed
//!   [`ProviderCode`] per provider with the form's fields, borrowed from the input. Encoding a parsed
//!   value rebuilds the input exactly (case, escapes, parameter order, fragments).
//! - Attribution is by exact host (or app scheme), never by substring: a provider's host in a
//!   path, a query, user info, a longer host, a lookalike or an escaped host is not that
//!   provider's. Any other `http(s)` URL is carried unchanged as an [`Form::Aggregated`] code
//!   with no provider.
//! - [`Registry`] adds forms the crate cannot know (China Mobile, China Unicom) at run time.
//! - [`carried`] lists the Chinese providers inside an EMVCo MPM payload (UnionPay ID 15,
//!   WeChat Pay in 17 or 26–51, Alipay and Alipay+ templates) with the legacy code they carry.
//!
//! ```
//! use hutong::providers::{Form, MerchantCode, ProviderCode, WeChatCode};
//! use hutong::Provider;
//!
//! let code = MerchantCode::parse("weixin://wxpay/bizpayurl?pr=p4lpSuKzz")?;
//! assert_eq!(code.provider(), Some(Provider::WeChatPay));
//! assert_eq!(code.form(), Form::WeChatNative);
//! assert_eq!(code.ecny().to_string(), "QT04/QET04");
//! assert!(matches!(code.code(), ProviderCode::WeChat(WeChatCode::Native { token: "p4lpSuKzz", .. })));
//! assert_eq!(code.encode(), code.as_str());
//!
//! // A provider host anywhere but in the host position is not that provider.
//! let lookalike = MerchantCode::parse("https://qr.alipay.com.evil.cn/bax05495yze5bw2eicub50f0")?;
//! assert_eq!(lookalike.provider(), None);
//! assert!(MerchantCode::parse("https://qr.alipay.com@evil.cn/bax05495yze5bw2eicub50f0").is_err());
//!
//! // Building a code from typed fields.
//! assert_eq!(WeChatCode::native("p4lpSuKzz")?.encode(), "weixin://wxpay/bizpayurl?pr=p4lpSuKzz");
//! # Ok::<(), hutong::Error>(())
//! ```

mod code; // ProviderCode: the typed value, one variant per provider
mod form; // Form: ids, provider
mod hosts; // the host table and app schemes
mod merchant; // MerchantCode, and the dispatch that recognises one
mod wrapper; // Wrapper, Inner: a link that carries another code

pub(crate) mod alphabet; // the character sets of fields
mod check; // the checks every form makes
mod params; // a form's query parameters, in order
pub mod url; // the URL reader (src/url), public face

mod alipay;
mod bestpay;
mod ecny;
mod qqwallet;
mod unionpay;
mod wechat;

mod emv; // the providers carried inside EMVCo MPM codes
mod registry; // forms added at run time

pub use check::MAX_INPUT;
pub use code::{ProviderCode, RegisteredCode};
pub use form::Form;
pub use hosts::{provider_hosts, provider_of_host};
pub use merchant::MerchantCode;
pub use wrapper::{Inner, Wrapper};

pub use crate::url::Origin;
pub use url::Url;

pub use alipay::{AlipayCode, AlipayReceive, WrapperScheme};
pub use bestpay::BestpayCode;
pub use ecny::EcnyCode;
pub use emv::{carried, Carried};
pub use qqwallet::{QqKey, QqWalletCode};
pub use unionpay::{UnionPayAccount, UnionPayCode};
pub use wechat::{
    BusinessPath, F2fBranch, Mode1, Mode1Spelling, NativeParam, NativeUp, WeChatCode, WeChatDomain, WeixinHost,
};

pub use registry::{Pattern, Registry};
