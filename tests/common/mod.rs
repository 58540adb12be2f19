//! Reading the test data in tests/data/ (where each set comes from: tests/data/README.md).
#![allow(dead_code)]

use std::path::PathBuf;

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// The rows of a TSV vector file (header skipped), each split on tabs.
pub fn tsv(name: &str) -> Vec<Vec<String>> {
    let path = vectors_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().skip(1).filter(|l| !l.is_empty()).map(|l| l.split('\t').map(String::from).collect()).collect()
}

/// The `verdict=…` token at the start of a note column.
pub fn verdict(note: &str) -> &str {
    note.strip_prefix("verdict=")
        .and_then(|v| v.split(';').next())
        .unwrap_or_else(|| panic!("note without verdict: {note}"))
}

/// Undoes legacy.tsv's escapes: `\n` is a newline and `\\` a backslash.
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// bench.txt: (name, payload).
pub fn bench_payloads() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(vectors_dir().join("bench.txt")).expect("bench.txt");
    text.lines().filter_map(|l| l.split_once('\t')).map(|(n, p)| (n.to_string(), p.to_string())).collect()
}
