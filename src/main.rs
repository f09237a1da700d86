//! The `stepbook` binary: the commands are in `cmd/`.

mod cmd;

/// mimalloc instead of the C library's allocator: a build allocates and frees millions of small
/// strings and maps (views, template values, rendered pages) across rayon's threads, where
/// glibc's malloc was a quarter of the instructions of an HTML build, and musl's (the static
/// Linux release binary's) is slower still. The output does not depend on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cmd::run()
}
