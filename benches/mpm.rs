//! EMVCo MPM: borrowed parse, owned parse, encode and CRC on tests/data/bench.txt.
//!
//! Run: `cargo bench --bench mpm`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hutong::emv::crc16;
use hutong::emv::mpm::{MerchantPayload, Mode, Mpm};
use std::hint::black_box;

fn payloads() -> Vec<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/bench.txt");
    let text = std::fs::read_to_string(path).expect("tests/data/bench.txt");
    text.lines().filter_map(|l| l.split_once('\t')).map(|(n, p)| (n.to_string(), p.to_string())).collect()
}

fn mpm(c: &mut Criterion) {
    let payloads = payloads();
    let mut g = c.benchmark_group("mpm");
    for (name, p) in &payloads {
        g.throughput(Throughput::Bytes(p.len() as u64));
        g.bench_with_input(BenchmarkId::new("parse_borrowed_strict", name), p, |b, p| {
            b.iter(|| Mpm::parse_with(black_box(p), Mode::Strict).is_ok())
        });
        g.bench_with_input(BenchmarkId::new("parse_owned", name), p, |b, p| {
            b.iter(|| {
                Mpm::parse_with(black_box(p), Mode::Strict)
                    .map(|m| MerchantPayload::from(&m))
                    .map(|m| m.objects().len())
            })
        });
        let owned = Mpm::parse(p).map(|m| MerchantPayload::from(&m)).expect("bench payloads are valid");
        let mut buf = String::with_capacity(1024);
        g.bench_with_input(BenchmarkId::new("encode", name), &owned, |b, o| {
            b.iter(|| {
                let _ = black_box(o).encode_into(&mut buf);
                buf.len()
            })
        });
        g.bench_with_input(BenchmarkId::new("encode_alloc", name), &owned, |b, o| b.iter(|| black_box(o).encode()));
        g.bench_with_input(BenchmarkId::new("crc", name), p, |b, p| b.iter(|| crc16(black_box(p.as_bytes()))));
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = mpm
}
criterion_main!(benches);
