//! hutong side by side with the Rust EMVCo parsers a user would otherwise pick, on the same
//! payloads (tests/data/bench.txt) in the same run:
//!
//! - `peers/hutong/<name>`: borrowed strict parse, CRC checked, every template walked;
//! - `peers/brcode/<name>`: `brcode::from_str` (brcode 1.4; does not check the CRC);
//! - `peers/promptparse/<name>`: `promptparse::parse(p, true, true)` (promptparse 1.2; CRC
//!   checked, sub-tags parsed).
//!
//! Also the conversion a wallet runs after recognising a code: `unified/from_legacy/<form>`.
//!
//! Run: `cargo bench -p hutong-peers`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use hutong::emv::mpm::{Mode, Mpm};
use std::hint::black_box;

fn payloads() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/bench.txt");
    let text = std::fs::read_to_string(path).expect("tests/data/bench.txt");
    text.lines().filter_map(|l| l.split_once('\t')).map(|(n, p)| (n.to_string(), p.to_string())).collect()
}

/// hutong's strict parse: it checks the CRC and walks every object and template (root,
/// 26–51, 62, 64, 80–99 and 62/50–99) before it answers, which is the validation the peers'
/// tree building does.
fn hutong_parse(p: &str) -> bool {
    Mpm::parse_with(p, Mode::Strict).is_ok()
}

fn peers(c: &mut Criterion) {
    let payloads = payloads();
    let mut g = c.benchmark_group("peers");
    for (name, p) in &payloads {
        assert!(Mpm::parse(p).is_ok(), "{name} must be valid");
        assert!(promptparse::parse(p, true, true).is_some(), "promptparse must accept {name}");
        g.bench_with_input(BenchmarkId::new("hutong", name), p, |b, p| b.iter(|| hutong_parse(black_box(p))));
        g.bench_with_input(BenchmarkId::new("brcode", name), p, |b, p| b.iter(|| brcode::from_str(black_box(p))));
        g.bench_with_input(BenchmarkId::new("promptparse", name), p, |b, p| {
            b.iter(|| promptparse::parse(black_box(p), true, true))
        });
    }
    g.finish();
}

fn conversion(c: &mut Criterion) {
    let codes = [
        ("wechat-native", "weixin://wxpay/bizpayurl?pr=p4lpSuKzz"),
        ("alipay-qr", "https://qr.alipay.com/bax08123k4y9xyzabc12e045"),
        ("unionpay-qr", "https://qr.95516.com/00010000/62027533387488456892269917213370"),
    ];
    let mut g = c.benchmark_group("unified");
    for (name, code) in codes {
        g.bench_with_input(BenchmarkId::new("from_legacy", name), code, |b, code| {
            b.iter(|| hutong::unified::from_legacy(black_box(code)))
        });
    }
    let merged = hutong::unified::merge(&codes.map(|(_, c)| c), &hutong::unified::Merchant::default()).expect("merge");
    g.bench_function("read/three-codes", |b| b.iter(|| hutong::unified::read(black_box(&merged)).map(|u| u.carried)));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = peers, conversion
}
criterion_main!(benches);
