//! The built-in host table and app schemes: which exact hosts and schemes name which
//! provider.

use crate::provider::Provider;
use crate::url::Url;

/// A host whose codes the crate knows, with its provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    WxTenpay,
    PayAppWeixin,
    PayAppWechatpay,
    WxpayTenpay,
    WxpayWechatpay,
    SjtWxpapp,
    QrAlipay,
    DAlipay,
    Qr95516,
    MBestpay,
    IQianbao,
}

/// The built-in host table: exact host names, compared ignoring ASCII case.
pub(crate) const SITES: [(&str, Site, Provider); 11] = [
    ("qr.alipay.com", Site::QrAlipay, Provider::Alipay),
    ("wx.tenpay.com", Site::WxTenpay, Provider::WeChatPay),
    ("qr.95516.com", Site::Qr95516, Provider::UnionPay),
    ("payapp.weixin.qq.com", Site::PayAppWeixin, Provider::WeChatPay),
    ("payapp.wechatpay.cn", Site::PayAppWechatpay, Provider::WeChatPay),
    ("wxpay.tenpay.com", Site::WxpayTenpay, Provider::WeChatPay),
    ("wxpay.wechatpay.cn", Site::WxpayWechatpay, Provider::WeChatPay),
    ("sjt.wxpapp.wechatpay.cn", Site::SjtWxpapp, Provider::WeChatPay),
    ("d.alipay.com", Site::DAlipay, Provider::Alipay),
    ("m.bestpay.com.cn", Site::MBestpay, Provider::Bestpay),
    ("i.qianbao.qq.com", Site::IQianbao, Provider::QqWallet),
];

/// App schemes the crate knows, with their provider.
pub(crate) const APP_SCHEMES: [(&str, Provider); 5] = [
    ("weixin", Provider::WeChatPay),
    ("wxp", Provider::WeChatPay),
    ("alipays", Provider::Alipay),
    ("alipayqr", Provider::Alipay),
    ("dcep", Provider::Ecny),
];

#[inline]
pub(super) fn site(host: &str) -> Option<(Site, Provider)> {
    SITES.iter().find(|(h, ..)| same_host(host.as_bytes(), h.as_bytes())).map(|&(_, s, p)| (s, p))
}

/// `host` equals the lower-case table entry `lower`, ignoring ASCII case. The host has passed
/// the URL checks (letters, digits, `-`, `.`, `_`), and the table holds only lower-case
/// letters, digits, `-` and `.`, so setting bit 0x20 lower-cases a host byte without making a
/// digit, `-`, `.` or `_` equal to anything else; no early exit, so it vectorises.
#[inline]
fn same_host(host: &[u8], lower: &[u8]) -> bool {
    host.len() == lower.len() && host.iter().zip(lower).fold(0u8, |acc, (&a, &b)| acc | ((a | 0x20) ^ b)) == 0
}

/// The provider whose codes live on `host` (exact name, any letter case): the built-in host
/// table. `None` for every other host, including subdomains and lookalikes.
pub fn provider_of_host(host: &str) -> Option<Provider> {
    site(host).map(|(_, p)| p)
}

/// The built-in host table: every host whose codes the crate attributes to a provider.
pub fn provider_hosts() -> impl Iterator<Item = (&'static str, Provider)> {
    SITES.iter().map(|&(h, _, p)| (h, p))
}

/// The URL of a code written `scheme://<table host>` in lower case and followed by `/`, `?`,
/// `#` or nothing: such a host needs no checking and no search. Anything else (another case,
/// a port, user info, a longer host) is `None` and goes the general way.
#[inline]
pub(super) fn known_site(input: &str, scheme_len: usize) -> Option<(Url<'_>, (Site, Provider))> {
    let host_at = scheme_len + 3;
    let rest = input.as_bytes().get(host_at..)?;
    let &(host, site, provider) = SITES.iter().find(|(h, ..)| {
        rest.starts_with(h.as_bytes()) && matches!(rest.get(h.len()), None | Some(b'/' | b'?' | b'#'))
    })?;
    Some((Url::after_authority(input, scheme_len, host_at + host.len()), (site, provider)))
}
