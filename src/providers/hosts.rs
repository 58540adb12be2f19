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
    // The first byte rules out most of the table before any comparison of the whole host.
    let first = rest.first();
    let &(host, site, provider) = SITES.iter().find(|(h, ..)| {
        first == h.as_bytes().first()
            && rest.starts_with(h.as_bytes())
            && matches!(rest.get(h.len()), None | Some(b'/' | b'?' | b'#'))
    })?;
    Some((Url::after_authority(input, scheme_len, host_at + host.len()), (site, provider)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_table_lookups() {
        let hosts: alloc::vec::Vec<_> = provider_hosts().collect();
        let table: alloc::vec::Vec<_> = SITES.iter().map(|&(h, _, p)| (h, p)).collect();
        assert_eq!(hosts, table);
        assert_eq!(hosts.len(), 11);
        for (host, provider) in hosts {
            assert_eq!(provider_of_host(host), Some(provider), "{host}");
            assert_eq!(provider_of_host(&host.to_ascii_uppercase()), Some(provider), "{host}");
        }
        for other in ["", "alipay.com", "qr.alipay.com.cn", "xqr.alipay.com", "qr-alipay.com", "qr.95516.co"] {
            assert_eq!(provider_of_host(other), None, "{other}");
        }
    }

    #[test]
    fn known_site_fast_path() {
        // (input, scheme length, the site found, or None: another case, a port, a longer host).
        type Case = (&'static str, usize, Option<(Site, Provider)>);
        let cases: &[Case] = &[
            ("https://qr.alipay.com/bax05495yze5bw2eicub50f0", 5, Some((Site::QrAlipay, Provider::Alipay))),
            ("http://qr.95516.com/00010000/1", 4, Some((Site::Qr95516, Provider::UnionPay))),
            ("https://m.bestpay.com.cn?x=1", 5, Some((Site::MBestpay, Provider::Bestpay))),
            ("https://i.qianbao.qq.com#f", 5, Some((Site::IQianbao, Provider::QqWallet))),
            ("https://d.alipay.com", 5, Some((Site::DAlipay, Provider::Alipay))),
            ("https://QR.alipay.com/x", 5, None),
            ("https://qr.alipay.com:443/x", 5, None),
            ("https://qr.alipay.com.cn/x", 5, None),
            ("https://", 5, None),
        ];
        for &(input, scheme_len, want) in cases {
            let got = known_site(input, scheme_len);
            assert_eq!(got.as_ref().map(|(_, f)| *f), want, "{input}");
            if let Some((u, (site, _))) = got {
                let host = SITES.iter().find(|(_, s, _)| *s == site).unwrap().0;
                assert_eq!(u.host(), host, "{input}");
                assert_eq!(u.encode(), input, "{input}");
            }
        }
    }
}
