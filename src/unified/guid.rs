//! The one GUID registry: which merchant account template GUIDs name which network, which
//! GUID the unified code writes for a provider, and which carried codes each GUID may hold.
//! The unified code's reader and the reading of foreign EMV codes
//! ([`crate::providers::carried`]) both resolve GUIDs here.

use crate::Provider;

/// The GUID of the project's own identifiers: the version marker (template 80, which later
/// versions write), and the template of a carried code whose provider has no GUID of its own.
/// `.alt` is the special-use top-level domain that RFC 9476 keeps out of the DNS, so nobody can
/// register `hutong.alt` and no wallet can take this GUID for someone else's. It is provisional: when the project holds
/// an identifier of its own (a registered RID, a domain), that one is written and this one
/// stays readable as an alias.
pub const HUTONG_GUID: &str = "alt.hutong";

/// How a GUID read from a code is compared with an entry (always ignoring ASCII case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuidMatch {
    /// Equal to one of these.
    Exact(&'static [&'static str]),
    /// Equal to the first, or starting with it followed by `.` (a reverse domain and the
    /// names under it), or equal to one of the others.
    Domain(&'static str, &'static [&'static str]),
    /// Starting with this (an AID under a registered application provider id).
    Prefix(&'static str),
    /// Containing this: Alipay+'s real GUIDs (`A111278300000000.alipayplus.v20250513`) put
    /// the network's name after a per-acquirer AID.
    Contains(&'static str),
}

impl GuidMatch {
    fn matches(&self, guid: &str) -> bool {
        let eq = |a: &str| a.eq_ignore_ascii_case(guid);
        let starts = |p: &str| guid.get(..p.len()).is_some_and(|g| g.eq_ignore_ascii_case(p));
        match *self {
            GuidMatch::Exact(all) => all.iter().any(|a| eq(a)),
            GuidMatch::Domain(d, others) => {
                eq(d) || (starts(d) && guid.as_bytes().get(d.len()) == Some(&b'.')) || others.iter().any(|a| eq(a))
            }
            GuidMatch::Prefix(p) => starts(p),
            GuidMatch::Contains(s) => guid.as_bytes().windows(s.len()).any(|w| w.eq_ignore_ascii_case(s.as_bytes())),
        }
    }
}

/// Who a GUID names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Network {
    /// A provider's own network.
    Provider(Provider),
    /// hutong's own namespace ([`HUTONG_GUID`]).
    Hutong,
}

/// One entry of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuidEntry {
    /// Who the GUID names.
    pub network: Network,
    /// The GUID the unified code writes for this network; `None` where no valid GUID can be
    /// written (Alipay+'s real GUIDs are 37 characters, over EMVCo's 32).
    pub written: Option<&'static str>,
    /// Which GUIDs read as this network.
    pub matching: GuidMatch,
    /// Where the GUID comes from.
    pub source: &'static str,
}

impl GuidEntry {
    /// Whether a template with this GUID may carry a code whose own provider (found by
    /// parsing it) is `code_provider`: a provider's GUID carries that provider's codes
    /// (Alipay+ also Alipay's, which its wallets pay); hutong's carries the codes of
    /// providers that have no GUID of their own, and codes of no provider (aggregated).
    pub fn carries(&self, code_provider: Option<Provider>) -> bool {
        match (self.network, code_provider) {
            (Network::Provider(Provider::AlipayPlus), Some(Provider::Alipay)) => true,
            (Network::Provider(p), Some(c)) => p == c,
            (Network::Provider(_), None) => false,
            (Network::Hutong, None) => true,
            (Network::Hutong, Some(c)) => written_guid(c).is_none(),
        }
    }

    /// The provider the GUID names, if it names one.
    pub fn provider(&self) -> Option<Provider> {
        match self.network {
            Network::Provider(p) => Some(p),
            Network::Hutong => None,
        }
    }
}

/// The registry, in the order GUIDs are matched (Alipay+ before Alipay: an Alipay+ GUID may
/// sit under `com.alipay`).
pub const GUIDS: &[GuidEntry] = &[
    GuidEntry {
        network: Network::Provider(Provider::WeChatPay),
        written: Some("com.qq.weixin.pay"),
        matching: GuidMatch::Exact(&["com.qq.weixin.pay"]),
        source: "real: WeChat Pay's template in public Mongolian and Singaporean EMV codes",
    },
    GuidEntry {
        network: Network::Provider(Provider::AlipayPlus),
        written: None,
        matching: GuidMatch::Contains("alipayplus"),
        source: "real: A111278300000000.alipayplus.v20250513 in a public Mongolian EMV code (37 characters)",
    },
    GuidEntry {
        network: Network::Provider(Provider::Alipay),
        written: Some("COM.ALIPAY.OPENAPI"),
        matching: GuidMatch::Domain("com.alipay", &[]),
        source: "real: COM.ALIPAY.OPENAPI in public Singaporean SGQR codes; com.alipay is Alipay's own domain",
    },
    GuidEntry {
        network: Network::Provider(Provider::UnionPay),
        written: Some("A000000333"),
        matching: GuidMatch::Prefix("A000000333"),
        source: "real: UnionPay's registered application provider id (its CPM AIDs are A000000333...)",
    },
    GuidEntry {
        network: Network::Hutong,
        written: Some(HUTONG_GUID),
        matching: GuidMatch::Exact(&[HUTONG_GUID]),
        source: "this specification: a name under the special-use .alt domain (RFC 9476), provisional",
    },
];

/// The registry entry a GUID read from a code resolves to.
pub fn lookup(guid: &str) -> Option<&'static GuidEntry> {
    // The GUIDs the unified code writes, as written, are most of what is read: one comparison
    // of bytes each, where matching ignores case a byte at a time. Each reads as its own entry
    // (a test holds the registry to it), so this finds what matching would.
    if let Some(e) = GUIDS.iter().find(|e| e.written == Some(guid)) {
        return Some(e);
    }
    GUIDS.iter().find(|e| e.matching.matches(guid))
}

/// Whether a GUID read from a code is hutong's own ([`HUTONG_GUID`] or an alias of it).
pub fn is_hutong(guid: &str) -> bool {
    lookup(guid).is_some_and(|e| e.network == Network::Hutong)
}

/// The GUID a provider's own entry writes, if it has one.
fn written_guid(provider: Provider) -> Option<&'static str> {
    GUIDS.iter().find(|e| e.network == Network::Provider(provider)).and_then(|e| e.written)
}

/// The GUID the unified code writes for a carried code of `provider` (`None`: a code of no
/// provider): the provider's own where it has one, else [`HUTONG_GUID`].
pub fn guid_for(provider: Option<Provider>) -> &'static str {
    provider.and_then(written_guid).unwrap_or(HUTONG_GUID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_guid_reads_back_as_its_entry_and_carries_its_provider() {
        for e in GUIDS {
            if let Some(g) = e.written {
                assert!(g.len() <= 32, "{g}");
                assert_eq!(lookup(g), Some(e));
                // `lookup` takes a written GUID as its own entry without matching it: matching
                // must agree, or the registry's order would have made it another entry's.
                assert_eq!(GUIDS.iter().find(|x| x.matching.matches(g)), Some(e), "{g}");
                assert_eq!(lookup(&g.to_ascii_lowercase()), Some(e));
            }
        }
        for &p in Provider::ALL {
            let e = lookup(guid_for(Some(p))).unwrap();
            assert!(e.carries(Some(p)), "{p:?}");
        }
    }

    #[test]
    fn lookalike_guids_resolve_to_no_provider() {
        for g in ["com.qq.weixin.pay.evil", "com.alipayx", "xcom.alipay", "A00000033", "alt.hutong.x", "hutong", ""] {
            assert!(lookup(g).is_none_or(|e| e.network != Network::Provider(Provider::WeChatPay)), "{g}");
            assert_ne!(lookup(g).map(|e| e.network), Some(Network::Provider(Provider::Alipay)), "{g}");
        }
        assert_eq!(lookup("COM.ALIPAY.OPENAPI").map(|e| e.network), Some(Network::Provider(Provider::Alipay)));
        assert_eq!(lookup("com.alipay.acquire").map(|e| e.network), Some(Network::Provider(Provider::Alipay)));
        assert_eq!(lookup("alt.hutong.x"), None);
        assert_eq!(lookup("A000000333010101").and_then(GuidEntry::provider), Some(Provider::UnionPay));
    }

    #[test]
    fn carrying_rules() {
        let hutong = lookup(HUTONG_GUID).unwrap();
        assert!(hutong.carries(None));
        assert!(hutong.carries(Some(Provider::Ecny)));
        assert!(!hutong.carries(Some(Provider::WeChatPay)));
        assert!(!hutong.carries(Some(Provider::Alipay)));
        let plus = lookup("A111278300000000.alipayplus.v20250513").unwrap();
        assert!(plus.carries(Some(Provider::Alipay)));
        assert!(!lookup("com.qq.weixin.pay").unwrap().carries(Some(Provider::Alipay)));
        assert!(!lookup("com.qq.weixin.pay").unwrap().carries(None));
    }
}
