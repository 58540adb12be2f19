//! The unified code: writing one from a legacy code, and reading back a three-code unified
//! code (WeChat Pay, Alipay, UnionPay) with every check, through `unified::read` and through
//! `recognise`.
//!
//! Run: `cargo bench --bench unified`.

#[path = "../examples/common/readme_merge.rs"]
mod readme_merge;

use criterion::{criterion_group, criterion_main, Criterion};
use hutong::unified;
use readme_merge::CODES;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let merchant = readme_merge::merchant();
    let three = unified::merge(&CODES, &merchant).expect("the bench codes merge");
    let mut g = c.benchmark_group("unified");
    g.bench_function("from-legacy-wechat-native", |b| b.iter(|| unified::from_legacy(black_box(CODES[0]))));
    g.bench_function("merge-three", |b| b.iter(|| unified::merge(black_box(&CODES), &merchant)));
    g.bench_function("read-three", |b| b.iter(|| unified::read(black_box(&three)).map(|u| u.carried).map(|c| c.len())));
    g.bench_function("recognise-three", |b| {
        b.iter(|| hutong::recognise(black_box(&three)).map(|r| r.providers().len()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
