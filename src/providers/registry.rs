//! Forms added at run time. China Mobile (和包) and China Unicom (沃钱包) publish no merchant
//! code format (SPEC.md section 6.5), and e-CNY merchant codes are not public either: rather than
//! guess, an integrator who knows a provider's code registers its scheme, host and path prefix
//! here, without forking the crate.
//!
//! ```
//! use hutong::providers::{Form, Pattern, Registry};
//! use hutong::Provider;
//!
//! let mut registry = Registry::new();
//! registry.register(Pattern::new(Provider::CmPay, "https", "pay.example-cmpay.cn", "/qr/")?);
//! let code = registry.parse("https://pay.example-cmpay.cn/qr/AB12?x=1")?;
//! assert_eq!((code.form(), code.provider()), (Form::Registered, Some(Provider::CmPay)));
//! assert_eq!(code.encode(), code.as_str());
//! // Built-in forms still come first, and their hosts cannot be taken over.
//! assert_eq!(registry.parse("https://qr.alipay.com/bax05495yze5bw2eicub50f0")?.provider(), Some(Provider::Alipay));
//! assert!(Pattern::new(Provider::CmPay, "https", "qr.alipay.com", "/").is_err());
//! # Ok::<(), hutong::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use super::alphabet::Alphabet;
use super::check::check;
use super::code::{ProviderCode, RegisteredCode};
use super::hosts::{APP_SCHEMES, SITES};
use super::merchant::{parse_at, MerchantCode};
use crate::ecny::{typing, CodeType, EcnyTyping};
use crate::error::providers::Problem;
use crate::error::{Error, ErrorKind, Quote, Result};
use crate::provider::Provider;
use crate::url::{self, check_host, is_scheme, Url};

/// A provider's code shape: exact scheme and host (compared ignoring ASCII case) and a path
/// prefix (compared exactly). Matching codes keep every part as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Pattern {
    provider: Provider,
    scheme: String,
    host: String,
    path_prefix: String,
    typing: EcnyTyping,
}

impl Pattern {
    /// A pattern for `provider`. `scheme` is `https` or an app scheme; `host` an exact host
    /// name (no wildcard); `path_prefix` empty or starting with `/` (end it with `/` to match
    /// one directory). The e-CNY typing defaults to merchant static (QT03) with the
    /// provider's encoding (QET04 WeChat Pay, QET05 Alipay and Alipay+, QET02 UnionPay,
    /// QET01 e-CNY, QET03 others).
    ///
    /// Refused: malformed parts ([`InvalidValue`](ErrorKind::InvalidValue),
    /// [`InvalidUrl`](ErrorKind::InvalidUrl) for the host) and the built-in provider hosts and
    /// app schemes ([`WrongFormat`](ErrorKind::WrongFormat)): a registration cannot take over
    /// a provider's codes.
    pub fn new(provider: Provider, scheme: &str, host: &str, path_prefix: &str) -> Result<Pattern> {
        let bad =
            |what, found: &str, why| Error::new(Problem::BadPattern { what, found: Quote::new(found), why }, 0, None);
        if url::scheme(scheme).is_some() || !is_scheme(scheme) {
            return Err(bad("scheme", scheme, "a letter, then letters, digits, '+', '-' or '.'; no \"://\""));
        }
        if APP_SCHEMES.iter().any(|(s, _)| s.eq_ignore_ascii_case(scheme)) {
            return Err(Error::new(Problem::Reserved { what: "app scheme", found: Quote::new(scheme) }, 0, None));
        }
        check_host(host, 0)?;
        if SITES.iter().any(|(h, ..)| h.eq_ignore_ascii_case(host)) {
            return Err(Error::new(Problem::Reserved { what: "host", found: Quote::new(host) }, 0, None));
        }
        if !(path_prefix.is_empty() || path_prefix.starts_with('/')) {
            return Err(bad("path prefix", path_prefix, "it must be empty or start with '/'"));
        }
        check(path_prefix, 0, "the path prefix", Alphabet::Path, 0, 256)?;
        Ok(Pattern {
            provider,
            scheme: String::from(scheme),
            host: String::from(host),
            path_prefix: String::from(path_prefix),
            typing: typing(CodeType::MerchantStatic, provider.encoding_type()),
        })
    }

    /// The same pattern with another e-CNY typing for its codes.
    #[must_use]
    pub fn with_typing(mut self, typing: EcnyTyping) -> Pattern {
        self.typing = typing;
        self
    }

    /// The provider.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// The scheme.
    pub fn scheme(&self) -> &str {
        &self.scheme
    }

    /// The host.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The path prefix.
    pub fn path_prefix(&self) -> &str {
        &self.path_prefix
    }

    /// The e-CNY typing given to matching codes.
    pub fn typing(&self) -> EcnyTyping {
        self.typing
    }

    fn matches(&self, u: &Url<'_>) -> bool {
        u.port().is_none()
            && u.scheme().eq_ignore_ascii_case(&self.scheme)
            && u.host().eq_ignore_ascii_case(&self.host)
            && u.path().starts_with(self.path_prefix.as_str())
    }

    fn same_place(&self, other: &Pattern) -> bool {
        self.scheme.eq_ignore_ascii_case(&other.scheme)
            && self.host.eq_ignore_ascii_case(&other.host)
            && self.path_prefix == other.path_prefix
    }
}

/// The built-in forms plus registered patterns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    /// Longest path prefix first, so that the most specific pattern wins.
    patterns: Vec<Pattern>,
}

impl Registry {
    /// A registry with the built-in forms only.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Adds `pattern`; one with the same scheme, host and prefix is replaced.
    pub fn register(&mut self, pattern: Pattern) -> &mut Registry {
        self.patterns.retain(|p| !p.same_place(&pattern));
        let at = self.patterns.iter().position(|p| p.path_prefix.len() < pattern.path_prefix.len());
        self.patterns.insert(at.unwrap_or(self.patterns.len()), pattern);
        self
    }

    /// The registered patterns, most specific first.
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// Recognises a built-in form, or else a registered one ([`Form::Registered`](super::Form::Registered)).
    /// Built-in hosts and schemes always win; a URL that matches no pattern is an aggregated
    /// code (web) or [`Unrecognised`](ErrorKind::Unrecognised) (other schemes), as with
    /// [`MerchantCode::parse`].
    pub fn parse<'a>(&self, input: &'a str) -> Result<MerchantCode<'a>> {
        match parse_at(input, false) {
            Ok(ProviderCode::Aggregated(u)) => {
                let code = self.lookup(u).unwrap_or(ProviderCode::Aggregated(u));
                Ok(MerchantCode::from_parts(input, code))
            }
            Ok(code) => Ok(MerchantCode::from_parts(input, code)),
            Err(e) if e.kind() == ErrorKind::Unrecognised => {
                let Some(s) = url::scheme(input) else {
                    return Err(e);
                };
                if !self.patterns.iter().any(|p| p.scheme.eq_ignore_ascii_case(s)) {
                    return Err(e);
                }
                let u = Url::parse(input)?;
                self.lookup(u).map(|code| MerchantCode::from_parts(input, code)).ok_or(e)
            }
            Err(e) => Err(e),
        }
    }

    fn lookup<'a>(&self, u: Url<'a>) -> Option<ProviderCode<'a>> {
        let p = self.patterns.iter().find(|p| p.matches(&u))?;
        Some(ProviderCode::Registered(RegisteredCode::new(p.provider, p.typing, u)))
    }
}
