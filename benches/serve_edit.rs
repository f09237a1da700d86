//! One `serve` edit, measured: loads a project into a serve session (the first, full rebuild),
//! then edits one file of one procedure EDITS times, each followed by the rebuild `serve` would
//! run, and prints each edit's rebuild time and how many files it made.
//!
//! `cargo bench --bench serve_edit -- ROOT PROCEDURE_ID FILE [EDITS]`, e.g. on
//! `bench/generate.py 1000 /tmp/g` with `/tmp/g/stepbook procedure-00500
//! content/procedures/procedure-00500/nl.md 12`. Each edit appends or removes one word at the
//! end of FILE, so the page, the checklist and the search index change; FILE is left as it was.
//!
//! Instruction counts of the edits alone (the machine is shared, so wall times are noise):
//! `valgrind --tool=callgrind --collect-atstart=no --toggle-collect='serve_edit::edit'
//! target/release/deps/serve_edit-* ROOT ID FILE 10`, then divide by the number of edits.

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use stepbook::project::Project;
use stepbook::site::cache::{Changes, Session};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let [root, id, file, rest @ ..] = args.as_slice() else {
        eprintln!("usage: serve_edit ROOT PROCEDURE_ID FILE [EDITS]");
        return ExitCode::FAILURE;
    };
    let edits: usize = rest.first().and_then(|n| n.parse().ok()).unwrap_or(12);
    let root = PathBuf::from(root);
    let path = root.join(file);
    let original = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("cannot read {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
    };
    let mut session = Session::new(Project::new(root, None));
    match session.rebuild(&Changes::all()) {
        Ok(first) => println!(
            "first build: {} files in {:.1} ms",
            first.rendered,
            ms(first.elapsed)
        ),
        Err(error) => {
            eprintln!("the first build failed: {error:?}");
            return ExitCode::FAILURE;
        }
    }
    let changes = Changes {
        procedures: BTreeSet::from([id.clone()]),
        ..Changes::default()
    };
    let mut times = Vec::new();
    for n in 0..edits {
        let text = match n % 2 {
            0 => format!("{}\nBewerkt.\n", original.trim_end()),
            _ => original.clone(),
        };
        if let Err(error) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        match edit(&mut session, &changes) {
            Some((rendered, elapsed)) => {
                println!("edit {}: {rendered} files in {:.1} ms", n + 1, ms(elapsed));
                times.push(elapsed);
            }
            None => return ExitCode::FAILURE,
        }
    }
    let _ = std::fs::write(&path, original);
    times.sort();
    if let Some(median) = times.get(times.len() / 2) {
        println!("median rebuild of {edits} edits: {:.1} ms", ms(*median));
    }
    ExitCode::SUCCESS
}

/// One rebuild after an edit (the function callgrind's `--toggle-collect` names).
#[inline(never)]
fn edit(session: &mut Session, changes: &Changes) -> Option<(usize, Duration)> {
    match black_box(session.rebuild(changes)) {
        Ok(rebuild) => Some((rebuild.rendered, rebuild.elapsed)),
        Err(error) => {
            eprintln!("the rebuild failed: {error:?}");
            None
        }
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
