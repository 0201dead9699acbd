//! The question path resolves short ASCII names without allocating, also when a name is
//! found only by its normalised key (articles and plurals), once the index has built its
//! normalised keys (on its first look-up that needs them). One test in this binary, so the
//! counting allocator sees nothing else.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use noticegate::syntax::VocabKind;
use noticegate::Engine;

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
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn names_resolve_without_allocating() {
    let engine = Engine::builtin();
    let cases = [
        (VocabKind::Basis, "performance of contract", "art6_1_b"),
        (VocabKind::Basis, "Performance of a contract", "art6_1_b"),
        (VocabKind::Basis, "Legitimate Interest", "art6_1_f"),
        (VocabKind::Category, "Email address", "contact.email"),
        (VocabKind::Category, "email addresses", "contact.email"),
        (VocabKind::Category, "the phone numbers", "contact.telephone"),
        (VocabKind::Recipient, "PCG UK", "pcg_uk"),
    ];
    // An index builds its normalised keys on the first look-up that needs them: once.
    for (kind, name, _) in cases {
        let _ = engine.lookup(kind, name, "field");
    }
    for (kind, name, id) in cases {
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let found = engine.lookup(kind, name, "field");
        let allocated = ALLOCATIONS.load(Ordering::Relaxed) - before;
        let found = found.unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(engine.policy().vocab.entry(kind, found).id, id, "{name}");
        assert_eq!(allocated, 0, "{name} allocated");
    }
    // The counter counts: an unknown name's error (message, suggestions) allocates.
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    assert!(engine.lookup(VocabKind::Category, "no such category", "category").is_err());
    assert!(ALLOCATIONS.load(Ordering::Relaxed) > before);
    for service in ["Community Directory", "Tidio Chat Bot", "Undertaking a survey, focus group and/or depth interview"] {
        let notice = service.starts_with("Undertaking").then_some("002_50c1ed79355ed6f6.txt");
        let _ = engine.resolve_service(notice, Some(service));
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let found = engine.resolve_service(notice, Some(service));
        let allocated = ALLOCATIONS.load(Ordering::Relaxed) - before;
        assert!(found.is_ok(), "{service}: {found:?}");
        // `resolve_service` builds a `Question` of borrowed names: nothing to allocate either.
        assert_eq!(allocated, 0, "{service} allocated");
    }
}
