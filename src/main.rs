//! The `stepbook` binary: the commands are in `cmd/`.

mod cmd;

/// mimalloc instead of the C library's allocator: a build allocates and frees millions of small
/// strings and maps (views, template values, rendered pages) across rayon's threads, where
/// glibc's malloc was a quarter of the instructions of an HTML build, and musl's (the static
/// Linux release binary's) is slower still. The output does not depend on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The stack of each of rayon's threads: the main thread's 8 MiB rather than rayon's 2 MiB.
/// Content is loaded, rendered and written on them, and deeply nested content (the test of
/// 10 000 nested lists and quotes) recurses as deep as the main thread allows; with the
/// sink and the next batch sharing the pool, a debug build went past 2 MiB. Only the pages
/// used are ever committed, so the cost is address space.
const THREAD_STACK: usize = 8 << 20;

fn main() -> std::process::ExitCode {
    // Fails only if the pool was already made, which nothing before this line does.
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(THREAD_STACK)
        .build_global();
    cmd::run()
}
