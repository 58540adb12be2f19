//! Recognising a legacy merchant code: `MerchantCode::parse` on one real or shape example per
//! form (SPEC.md section 6.3). Goal: ≤ 50 ns per call for the non-wrapper forms.
//!
//! Run: `cargo bench --bench legacy`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use hutong::providers::{MerchantCode, Registry};
use std::hint::black_box;

const CODES: &[&str] = &[
    "weixin://wxpay/bizpayurl?pr=p4lpSuKzz",
    "weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00",
    "weixin://wxpay/bizpayurl?sign=D066548BBCDED8077EFCFE3FB2C3EA93&appid=wxbb37d2f2a4276b0b&mch_id=1243409657&product_id=ubE7R5IiAWNKTJiHXRQI&time_stamp=1873715164&nonce_str=VLqPb5cMpkON74U4YD4MKVh",
    "weixin://wxpay/s/UFM6TZRtR",
    "wxp://f2f0in9xnsA4G_eXWBRORK63ixD6bMQcP11eKGFz1VS4Kf0",
    "https://wx.tenpay.com/f2f?t=AQAAAJmau5%2FexSWV6HOdMOTrYQ0%3D",
    "https://payapp.weixin.qq.com/qr/AQE6DUEcUlWkOyHVkNs_eAzD?t=AQAC#wechat_pay",
    "https://payapp.wechatpay.cn/sjt/qr/Q1w2E3r4T5y6",
    "https://qr.alipay.com/bax05495yze5bw2eicub50f0",
    "alipays://platformapi/startapp?saId=10000007&qrcode=https%3A%2F%2Fqr.alipay.com%2Fbax32072gzdul48vwpme0rqs",
    "https://d.alipay.com/i/index.htm?b=RECEIVE_AC&u=MjA4ODEyMzQ1Njc4OTAxMg%3D%3D",
    "https://qr.95516.com/00010000/62027533387488456892269917213370",
    "https://qr.95516.com/qrcGtwWeb-web/api/open?qrCode=weixin%3A%2F%2Fwxpay%2Fbizpayurl%3Fpr%3Dp4lpSuKzz",
    "http://m.bestpay.com.cn/#/apa/FGiZYrDFdNiIuTdTNUface2face",
    "https://i.qianbao.qq.com/wallet/sqrcode.htm?m=tenpay&a=1&u=123456789&ac=0A1B2C3D&n=%E5%BC%A0%E4%B8%89&f=wallet",
    "dcep://uniwallet/unipay?x=1",
    "https://pay.example-aggregator.cn/cashier/#/hub/Q8f3kLm2",
];

fn legacy(c: &mut Criterion) {
    let mut g = c.benchmark_group("legacy/recognise");
    for &code in CODES {
        let form = MerchantCode::parse(code).expect("bench codes are valid").form();
        g.throughput(Throughput::Bytes(code.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(form.id()), code, |b, s| {
            b.iter(|| MerchantCode::parse(black_box(s)).map(|c| c.form()))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("legacy/other");
    let registry = Registry::new();
    let alipay = "https://qr.alipay.com/bax05495yze5bw2eicub50f0";
    g.bench_function("registry-alipay-qr", |b| b.iter(|| registry.parse(black_box(alipay)).map(|c| c.form())));
    let parsed = MerchantCode::parse(alipay).expect("valid");
    let mut out = String::with_capacity(128);
    g.bench_function("encode-alipay-qr", |b| {
        b.iter(|| {
            out.clear();
            black_box(&parsed).encode_into(&mut out);
            out.len()
        })
    });
    g.bench_function("reject-lookalike", |b| {
        b.iter(|| MerchantCode::parse(black_box("https://qr.alipay.com@evil.cn/bax05495yze5bw2eicub50f0")).is_err())
    });
    g.bench_function("reject-payment-code", |b| {
        b.iter(|| MerchantCode::parse(black_box("134567890123456789")).is_err())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(300)).measurement_time(std::time::Duration::from_secs(1));
    targets = legacy
}
criterion_main!(benches);
