//! Consumer-presented codes: EMVCo CPM parse and encode on the rows of
//! tests/data/cpm.tsv that parse, and payment-code routing per provider.
//!
//! Run: `cargo bench --bench cpm`. Ids: `cpm/parse/<row>`, `cpm/encode/<row>`,
//! `paycode/route/<provider>`, `paycode/router/<provider>`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hutong::emv::cpm::ConsumerPayload;
use hutong::paycode::{route, Router};
use std::hint::black_box;

/// (name, payload) of every cpm.tsv row that parses; the name is the row's system, numbered
/// when several rows share it.
fn cpm_rows() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cpm.tsv");
    let text = std::fs::read_to_string(path).expect("tests/data/cpm.tsv");
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(payload), Some(system)) = (cols.first(), cols.get(2)) else { continue };
        if ConsumerPayload::parse(payload).is_err() {
            continue;
        }
        let slug: String = system
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        let n = out.iter().filter(|(name, _)| name == &slug || name.starts_with(&format!("{slug}-"))).count();
        let name = if n == 0 { slug } else { format!("{slug}-{}", n + 1) };
        out.push((name, payload.to_string()));
    }
    out
}

fn cpm(c: &mut Criterion) {
    let mut g = c.benchmark_group("cpm");
    for (name, p) in cpm_rows() {
        g.throughput(Throughput::Bytes(p.len() as u64));
        g.bench_with_input(BenchmarkId::new("parse", &name), &p, |b, p| {
            b.iter(|| ConsumerPayload::parse(black_box(p)).map(|c| c.objects().len()))
        });
        let parsed = ConsumerPayload::parse(&p).expect("filtered to rows that parse");
        g.bench_with_input(BenchmarkId::new("encode", &name), &parsed, |b, c| b.iter(|| black_box(c).encode()));
    }
    g.finish();
}

/// One code per rule family (SPEC.md section 8.2), named by provider and variant.
const CODES: &[(&str, &str)] = &[
    ("wechat-pay", "134567890123456789"),
    ("alipay", "28763443825664394"),
    ("alipay-face-pay", "fp0123456789abcdefghijABCDEFGHIJxyz"),
    ("unionpay", "6225881234567890123"),
    ("unionpay-ccb", "6220105123456789012"),
    ("e-cny", "0123456789012345678"),
    ("bestpay", "516410754958340963"),
    ("jd-pay", "181234567890123456"),
    ("webank", "5678123456789012345"),
    ("lakala", "8101234567890123456"),
    ("suning", "8312345678901234567"),
    ("wrong-length", "13913909960308246"),
    ("unrecognised", "9912345678901234567"),
];

fn paycode(c: &mut Criterion) {
    let mut g = c.benchmark_group("paycode");
    let router = Router::new();
    for &(name, code) in CODES {
        g.bench_with_input(BenchmarkId::new("route", name), code, |b, code| {
            b.iter(|| route(black_box(code)).map(|r| r.provider()))
        });
        g.bench_with_input(BenchmarkId::new("router", name), code, |b, code| {
            b.iter(|| router.route(black_box(code)).map(|r| r.provider()))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = cpm, paycode
}
criterion_main!(benches);
