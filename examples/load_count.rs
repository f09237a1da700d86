//! Loads a project once and nothing else, so that callgrind counts the load stage alone:
//! `cargo build --release --example load_count`, then
//! `valgrind --tool=callgrind target/release/examples/load_count <project root>`
//! (docs/performance.md, "Loading, round three").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = std::env::args().nth(1).expect("a project root");
    let project = stepbook::project::Project::new(root, None);
    let (library, diagnostics) = stepbook::load::load(&project);
    println!(
        "{} procedures, {} diagnostics",
        library.procedures.len(),
        diagnostics.len()
    );
}
