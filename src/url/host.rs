//! Host names: the one scan of a host's labels, and the errors that say what is wrong with an
//! authority or a host.

use super::class::{url_byte_is, URL_LABEL};
use crate::error::providers::Problem;
use crate::error::{Error, Quote, Result};

/// Reads a host name from `bytes[from..]`: letters, digits and `_`, with `-` and `.` where a
/// label allows them (no label starts or ends with `-`, none is empty or longer than 63
/// bytes). Returns where it stops (the first byte it cannot take: `:`, `/`, the end, a stray
/// byte) and whether what it read is a whole host name: 1–253 bytes, no trailing dot.
#[inline]
pub(super) fn scan_host(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut label = from;
    let mut prev = b'.';
    while let Some(&b) = bytes.get(i) {
        if url_byte_is(b, URL_LABEL) {
            prev = b;
            i += 1;
            continue;
        }
        match b {
            b'-' if prev != b'.' => {}
            b'.' if prev != b'.' && prev != b'-' && i - label <= 63 => label = i + 1,
            _ => break,
        }
        prev = b;
        i += 1;
    }
    let len = i - from;
    (i, (1..=253).contains(&len) && i - label <= 63 && prev != b'.' && prev != b'-')
}

/// Checks a host name: ASCII letters, digits, `-`, `_` in dot-separated labels of 1–63 bytes,
/// at most 253 bytes, no label starting or ending with `-`, no trailing dot. One pass.
pub(crate) fn check_host(host: &str, at: usize) -> Result<()> {
    match scan_host(host.as_bytes(), 0) {
        (stop, true) if stop == host.len() => Ok(()),
        _ => Err(host_error(host, at)),
    }
}

/// Says what is wrong with an authority (starting at `host_at`) whose scan stopped at `stop`:
/// user info, a backslash, or the host's own fault.
#[cold]
pub(super) fn authority_error(input: &str, host_at: usize, stop: usize) -> Error {
    let bytes = input.as_bytes();
    let rest = bytes.get(host_at..).unwrap_or_default();
    let end = host_at + memchr::memchr3(b'/', b'?', b'#', rest).unwrap_or(rest.len());
    let authority = input.get(host_at..end).unwrap_or_default();
    if let Some(i) = memchr::memchr(b'@', authority.as_bytes()) {
        return Error::new(Problem::Userinfo { found: Quote::new(authority) }, host_at + i, None);
    }
    if let Some(i) = memchr::memchr(b'\\', authority.as_bytes()) {
        return Error::new(Problem::Backslash, host_at + i, None);
    }
    let colon = memchr::memchr(b':', authority.as_bytes());
    let host = authority.get(..colon.unwrap_or(authority.len())).unwrap_or_default();
    if let Some(c) = colon.filter(|_| stop > host_at + host.len()) {
        let port = authority.get(c + 1..).unwrap_or_default();
        return Error::new(Problem::BadPort { found: Quote::new(port) }, host_at + c + 1, None);
    }
    host_error(host, host_at)
}

/// Says what is wrong with a host that [`check_host`] refused, and where.
#[cold]
fn host_error(host: &str, at: usize) -> Error {
    let bad = |why: &'static str, i: usize| Error::new(Problem::BadHost { found: Quote::new(host), why }, at + i, None);
    let bytes = host.as_bytes();
    if bytes.is_empty() {
        return bad("a URL needs a host after \"//\"", 0);
    }
    let mut label = 0;
    let mut prev = b'.';
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' => {}
            b'-' if prev == b'.' => return bad("a label cannot start with '-'", i),
            b'-' => {}
            b'.' if prev == b'.' => return bad("empty label: a host cannot start with '.' or hold \"..\"", i),
            b'.' if prev == b'-' => return bad("a label cannot end with '-'", i.saturating_sub(1)),
            b'.' => label = i + 1,
            b'%' => return bad("a percent-escape in a host can hide a '.' or a '/'", i),
            b'[' | b']' => return bad("IP-literal hosts are not used by payment codes", i),
            0x80.. => return bad("non-ASCII host: internationalised names can imitate a provider's", i),
            _ => return bad("only letters, digits, '-', '_' and '.' can appear in a host name", i),
        }
        if i + 1 - label > 63 {
            return bad("a label (between dots) has at most 63 characters", label);
        }
        prev = b;
    }
    match prev {
        b'.' => bad("trailing dot: the fully-qualified spelling of a host evades exact host checks", bytes.len() - 1),
        b'-' => bad("a label cannot end with '-'", bytes.len() - 1),
        _ => bad("a host name has at most 253 characters", 253),
    }
}

#[cfg(test)]
mod tests {
    use super::super::split::Url;
    use super::*;
    use alloc::format;

    #[test]
    fn hosts_are_checked_label_by_label() {
        for bad in [
            "https://",
            "https://-a.b/",
            "https://a-.b/",
            "https://a..b/",
            "https://.a/",
            "https://a./",
            "https://a_b%2E/",
            "https://[::1]/",
            "https://a:0/",
            "https://a:65536/",
            "https://a:1:2/",
        ] {
            assert!(Url::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://{}.cn/", "a".repeat(64));
        assert!(Url::parse(&long).is_err());
        assert!(Url::parse(&format!("https://{}.cn/", "a".repeat(63))).is_ok());
        assert!(Url::parse("https://my_host.example.cn:443/").is_ok());
        assert!(check_host("a.b", 0).is_ok() && check_host("a..b", 0).is_err());
    }
}
