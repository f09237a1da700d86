//! Criterion micro-benchmarks of the pipeline's stages on the shipped content (the FLEGT
//! procedure): load + validate, view-models, HTML render, PDF render (layout, fonts, fields),
//! and the whole in-memory build. Run with `cargo bench --bench stages`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use stepbook::project::Project;
use stepbook::render::{html, pdf};
use stepbook::view;

fn stages(c: &mut Criterion) {
    let project = Project::new(env!("CARGO_MANIFEST_DIR"), None);
    let (library, _) = stepbook::check(&project).expect("the shipped content is valid");
    let theme = stepbook::theme(&project, &library).expect("the default theme loads");
    let views = view::all(&library);
    let values = pdf::Values::new();

    c.bench_function("load + validate", |b| {
        b.iter(|| stepbook::check(black_box(&project)).map(|(l, _)| l.procedures.len()))
    });
    c.bench_function("theme load", |b| {
        b.iter(|| stepbook::theme(&project, &library).is_ok())
    });
    c.bench_function("view-models", |b| b.iter(|| view::all(black_box(&library))));
    c.bench_function("html render", |b| {
        b.iter(|| html::render(&library, black_box(&views), &theme).map(|f| f.len()))
    });
    c.bench_function("pdf render (seed checklist)", |b| {
        b.iter(|| pdf::render(&library, black_box(&views), &theme, &values).map(|f| f.len()))
    });
    c.bench_function("whole build in memory", |b| {
        b.iter(|| stepbook::render(black_box(&project)).map(|(f, _)| f.len()))
    });
}

criterion_group!(benches, stages);
criterion_main!(benches);
