//! Issue 14: is a SIMD CRC-16 worth a feature? The EMVCo checksum (CRC-16/IBM-3740, a.k.a.
//! CCITT-FALSE) three ways, on the same inputs in the same run:
//!
//! - `crc/crc-table16/<input>`: the `crc` crate as the library uses it
//!   (`Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740)`, slice-by-16, in a static);
//! - `crc/crc-fast/<input>`: `crc_fast::checksum(CrcAlgorithm::Crc16Ibm3740, ..)`, which picks
//!   a carry-less-multiply (PCLMULQDQ / VPCLMULQDQ / NEON) path at run time;
//! - `crc/hutong/<input>`: `hutong::emv::crc16`, what the parser calls.
//!
//! Inputs: `typical-149B`, the bytes the parser's CRC check sees for the typical 153-byte
//! payload of `tests/data/bench.txt` (everything before the four CRC digits), and `512B`, the
//! long payload repeated up to 512 bytes. Before measuring, the three are checked to agree on
//! every length from 0 to 1,100 bytes of three inputs.
//!
//! Run: `cargo bench -p hutong-peers --bench crc`.
//!
//! Instruction counts: with `HUTONG_CRC_COUNT=<impl>:<input>:<n>` (impl `crc-table16`,
//! `crc-fast` or `hutong`; input `typical-149B` or `512B`) the executable runs that checksum
//! `n` times and exits, so that two callgrind runs, n = 1 and n = 101, differ by 100 calls
//! (valgrind has no AVX-512, so crc-fast counts its SSE4.1 + PCLMULQDQ path there):
//!
//! ```text
//! HUTONG_CRC_COUNT=crc-fast:typical-149B:101 valgrind --tool=callgrind \
//!     --callgrind-out-file=/dev/null target/release/deps/crc-<hash> 2>&1 | grep refs
//! ```

use crc::{Crc, Table, CRC_16_IBM_3740};
use crc_fast::CrcAlgorithm;
use criterion::{BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

/// The library's table choice (src/emv/crc.rs).
static TABLE16: Crc<u16, Table<16>> = Crc::<u16, Table<16>>::new(&CRC_16_IBM_3740);

fn crc_table16(bytes: &[u8]) -> u16 {
    TABLE16.checksum(bytes)
}

fn crc_fast16(bytes: &[u8]) -> u16 {
    // A CRC-16 algorithm's value fits in 16 bits; the u64 is the crate's common return type.
    crc_fast::checksum(CrcAlgorithm::Crc16Ibm3740, bytes) as u16
}

/// A CRC-16 implementation under test.
type Crc16Fn = fn(&[u8]) -> u16;

const IMPLS: &[(&str, Crc16Fn)] =
    &[("crc-table16", crc_table16), ("crc-fast", crc_fast16), ("hutong", hutong::emv::crc16)];

fn payload(name: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/bench.txt");
    let text = std::fs::read_to_string(path).expect("tests/data/bench.txt");
    text.lines()
        .filter_map(|l| l.split_once('\t'))
        .find(|(n, _)| *n == name)
        .map(|(_, p)| p.to_string())
        .unwrap_or_else(|| panic!("no payload {name} in tests/data/bench.txt"))
}

/// The measured inputs, by name.
fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let typical = payload("typical");
    assert_eq!(typical.len(), 153, "the typical payload is 153 bytes");
    // What `Mpm::parse` hands to `crc16`: the payload up to and including `6304`.
    let crc_input = typical.as_bytes()[..typical.len() - 4].to_vec();
    assert_eq!(format!("{:04X}", hutong::emv::crc16(&crc_input)), typical[typical.len() - 4..]);
    let long = payload("long");
    let k512: Vec<u8> = long.bytes().cycle().take(512).collect();
    vec![("typical-149B", crc_input), ("512B", k512)]
}

/// The three agree, on the check string and on every prefix of three inputs.
fn check_agreement() {
    for (name, f) in IMPLS {
        assert_eq!(f(b"123456789"), 0x29B1, "{name}: check value");
    }
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let noise: Vec<u8> = (0..1100)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect();
    let text: Vec<u8> = payload("long").bytes().cycle().take(1100).collect();
    let utf8: Vec<u8> = "支付宝 WeChat 银联 e-CNY ".bytes().cycle().take(1100).collect();
    for data in [&noise, &text, &utf8] {
        for len in 0..=data.len() {
            let bytes = &data[..len];
            let want = crc_table16(bytes);
            for (name, f) in IMPLS {
                assert_eq!(f(bytes), want, "{name} disagrees on {len} bytes");
            }
        }
    }
}

fn crc(c: &mut Criterion) {
    check_agreement();
    // The path crc-fast picked on this CPU (valgrind hides AVX-512, so under callgrind it is
    // the SSE4.1 + PCLMULQDQ one).
    eprintln!("crc-fast: {}", crc_fast::get_calculator_target(CrcAlgorithm::Crc16Ibm3740));
    let mut g = c.benchmark_group("crc");
    for (input, bytes) in &inputs() {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        for (name, f) in IMPLS {
            g.bench_with_input(BenchmarkId::new(*name, input), bytes, |b, bytes| b.iter(|| f(black_box(bytes))));
        }
    }
    g.finish();
}

/// `HUTONG_CRC_COUNT=<impl>:<input>:<n>`: run one checksum `n` times, for callgrind.
fn count(spec: &str) {
    let mut parts = spec.split(':');
    let (Some(imp), Some(input), Some(n), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        panic!("HUTONG_CRC_COUNT=<impl>:<input>:<n>, not {spec}");
    };
    let f = IMPLS.iter().find(|(name, _)| *name == imp).unwrap_or_else(|| panic!("no impl {imp}")).1;
    let bytes = inputs().into_iter().find(|(name, _)| *name == input).unwrap_or_else(|| panic!("no input {input}")).1;
    let n: u32 = n.parse().expect("n");
    let mut acc = 0u16;
    for _ in 0..n {
        acc ^= f(black_box(&bytes));
    }
    black_box(acc);
}

fn main() {
    if let Ok(spec) = std::env::var("HUTONG_CRC_COUNT") {
        count(&spec);
        return;
    }
    let mut c = Criterion::default()
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2))
        .configure_from_args();
    crc(&mut c);
    c.final_summary();
}
