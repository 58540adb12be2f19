//! WeChat Pay (微信支付), SPEC.md section 6.3: the Native `code_url` (`weixin://wxpay/bizpayurl…`),
//! mode 1 long and short links, and the receive codes (`wxp://`, `wx.tenpay.com`, `payapp…`,
//! business and small-merchant hosts).
//!
//! Recognise: the `weixin` and `wxp` app schemes (lower case, as the client matches them) and
//! the WeChat Pay hosts of the host table. Fields and encoding: [`WeChatCode`] (code.rs), mode 1
//! links (mode1.rs); recognising: parse.rs, one function per family.

mod code;
mod mode1;
mod parse;

pub use code::{BusinessPath, F2fBranch, NativeParam, NativeUp, WeChatCode, WeChatDomain, WeixinHost};
pub use mode1::{Mode1, Mode1Spelling};
pub(crate) use parse::{parse_app, parse_web};
