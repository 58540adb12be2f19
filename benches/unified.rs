//! The unified code: writing one from a legacy code, and reading back a three-code unified
//! code (WeChat Pay, Alipay, UnionPay) with every check, through `unified::split` and through
//! `recognise`.
//!
//! Run: `cargo bench --bench unified`.

use criterion::{criterion_group, criterion_main, Criterion};
use hutong::unified::{self, Merchant};
use std::hint::black_box;

const CODES: [&str; 3] = [
    "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
    "https://qr.alipay.com/bavh4wjlxf12tper3a",
    "https://qr.95516.com/00010000/62027533387488456892269917213370",
];

fn bench(c: &mut Criterion) {
    let merchant = Merchant {
        name: "LAO WANG NOODLES".into(),
        city: "SHENZHEN".into(),
        mcc: "5812".into(),
        name_zh: "老王面馆".into(),
        ..Merchant::default()
    };
    let three = unified::merge(&CODES, &merchant).expect("the bench codes merge");
    let mut g = c.benchmark_group("unified");
    g.bench_function("from-legacy-wechat-native", |b| b.iter(|| unified::from_legacy(black_box(CODES[0]))));
    g.bench_function("merge-three", |b| b.iter(|| unified::merge(black_box(&CODES), &merchant)));
    g.bench_function("split-three", |b| b.iter(|| unified::split(black_box(&three)).map(|c| c.len())));
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
