//! The root package's tests/common, reading the repository's tests/data/ from this package.
#![allow(dead_code)]

#[path = "../../../tests/common/mod.rs"]
mod root;

pub use root::{unescape, verdict};

/// The rows of a TSV vector file of the repository's tests/data/ (header skipped), each split
/// on tabs. `root::tsv` joins its name to the root package's tests/data/, and an absolute path
/// joined replaces that folder.
pub fn tsv(name: &str) -> Vec<Vec<String>> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data").join(name);
    root::tsv(&path.to_string_lossy())
}
