//! The `stepbook` binary: the commands are in `cmd/`.

mod cmd;

/// mimalloc instead of the C library's allocator: a build allocates and frees millions of small
/// strings and maps (views, template values, rendered pages) across rayon's threads, where
/// glibc's malloc was a quarter of the instructions of an HTML build, and musl's (the static
/// Linux release binary's) is slower still. The output does not depend on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Turns transparent huge pages off for this process, before any thread is started.
///
/// mimalloc asks the kernel for huge pages on its arenas (`madvise(MADV_HUGEPAGE)`), and on a
/// kernel that honours that (THP `madvise` or `always`) each first touch of a 2 MiB region
/// faults in and zeroes the whole of it, with compaction when no free huge page is at hand. A
/// build touches its memory once, briefly and sparsely: `perf` put 7–31 % of an HTML build's
/// samples at N = 1 000 in the kernel's `clear_page_erms` under mimalloc's free-list extension.
/// Without huge pages (alternating runs): N = 1 000 −6 % wall and 85 → 61 MB peak; N = 10 000
/// −11 % wall, system time 1.96 → 1.42 s. The flag is the process's own (inherited by what it
/// starts, none of which needs huge pages); where the call is refused, nothing changes.
fn no_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// The stack of each of rayon's threads: the main thread's 8 MiB rather than rayon's 2 MiB.
/// Content is loaded, rendered and written on them, and deeply nested content (the test of
/// 10 000 nested lists and quotes) recurses as deep as the main thread allows; with the
/// sink and the next batch sharing the pool, a debug build went past 2 MiB. Only the pages
/// used are ever committed, so the cost is address space.
const THREAD_STACK: usize = 8 << 20;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    // Fails only if the pool was already made, which nothing before this line does.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(THREAD_STACK)
        .build_global();
    cmd::run()
}
