//! The borrowed paths allocate nothing: a counting global allocator watches the MPM parse
//! (with a full walk of every object and template) of every bench payload, the recognition of
//! every legacy merchant-code form, and payment-code routing.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // Per thread, so that tests running in parallel do not see each other's allocations.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: delegates to the system allocator; the counter is a const-initialised thread-local
// that never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (r, ALLOCATIONS.with(Cell::get) - before)
}

fn walk(objects: hutong::emv::mpm::Objects<'_>) -> usize {
    objects.map(|o| o.value().len() + o.children().map_or(0, walk)).sum()
}

#[test]
fn mpm_parse_and_walk_allocate_nothing() {
    for (name, payload) in common::bench_payloads() {
        for mode in [hutong::emv::mpm::Mode::Strict, hutong::emv::mpm::Mode::Lenient] {
            let (walked, n) = allocations_in(|| {
                let m = hutong::emv::mpm::Mpm::parse_with(&payload, mode).expect("valid bench payload");
                (walk(m.objects()), m.merchant_name(), m.get_path([62, 5]).map(|o| o.value()))
            });
            assert!(walked.0 > 0);
            assert_eq!(n, 0, "{name} {mode:?}: {n} allocations");
        }
        // Failing parses allocate nothing either: the error is built on the stack.
        let broken = format!("{}0000", &payload[..payload.len() - 4]);
        let (r, n) = allocations_in(|| hutong::emv::mpm::Mpm::parse(&broken).is_err());
        assert!(r);
        assert_eq!(n, 0, "{name}: error path allocated");
    }
}

#[test]
fn legacy_recognition_allocates_nothing() {
    let rows = common::tsv("legacy.tsv");
    let mut checked = 0;
    for row in rows.iter().filter(|r| r[1] == "merchant-code") {
        let input = common::unescape(&row[0]);
        let (form, n) = allocations_in(|| hutong::providers::MerchantCode::parse(&input).map(|c| c.form()));
        let form = form.expect("merchant-code rows parse");
        assert_eq!(n, 0, "{input} ({}) allocated {n} times", form.id());
        checked += 1;
    }
    assert!(checked >= 20);
}

#[test]
fn payment_code_routing_allocates_nothing() {
    for code in
        ["134567890123456789", "28763443825664394", "6249466629041038759", "0112013439623980750", "13913909960308246"]
    {
        let (_, n) = allocations_in(|| hutong::paycode::route(code).map(|r| r.provider()));
        assert_eq!(n, 0, "{code}");
    }
}

/// Zero allocation was not bought by caching inside the codes: they stay shareable between
/// threads (a cache cell would have made them `!Sync`).
#[test]
fn parsed_codes_stay_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<hutong::providers::MerchantCode<'static>>();
    shareable::<hutong::providers::Inner<'static>>();
    shareable::<hutong::emv::mpm::Mpm<'static>>();
    shareable::<hutong::paycode::Route<'static>>();
}
