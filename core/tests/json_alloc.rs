//! What the JSON path allocates: a plain question line is read without copying its strings,
//! and its answer is written into one string sized for it. One test in this binary, so the
//! counting allocator sees nothing else.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use noticegate::{parse_question, Engine};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The line of the `json_to_json` bench.
const SHARE_LINE: &str = r#"{"id":"q-1","ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK","as_of":"2026-11-23","facts":{"consent":"given","data_processing_agreement":true}}"#;

fn allocations<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let value = f();
    (value, ALLOCATIONS.load(Ordering::Relaxed) - before)
}

#[test]
fn the_json_path_allocates_only_what_it_keeps() {
    // Reading: the text id (a `String`) and the facts' list; every name is borrowed.
    let (q, n) = allocations(|| parse_question(SHARE_LINE));
    assert!(q.is_ok());
    assert_eq!(n, 2, "reading the bench line");
    let (q, n) = allocations(|| parse_question(r#"{"ask":"share","service":"Community Directory","category":"Email address","recipient":"PCG UK"}"#));
    assert!(q.is_ok());
    assert_eq!(n, 0, "reading a line without id or facts");

    let engine = Engine::builtin();
    let first = engine.ask_json(SHARE_LINE);
    assert!(first.contains(r#""verdict":"permit""#), "{first}");
    let (line, n) = allocations(|| engine.ask_json(SHARE_LINE));
    assert_eq!(line, first);
    // The two of reading and three of answering, of which the answer line once (its capacity
    // counts the reasons and the policy hash) and the id copied into it without serde_json
    // (main before this counted six; `valgrind` agrees: 6 and 5 per call of `hot_paths json`).
    assert_eq!(n, 5, "answering the bench line");
}
