//! One very long procedure costs work and memory linear in its length.
//!
//! A procedure of N steps and one of 4 N are built (HTML and manifest), then checked against
//! that build's manifest (the comparison `check` and `diff` make) and asked for the uses of a
//! label (`check --uses`). Three things are counted, never timed: the allocations made, the
//! peak of live heap bytes (this binary's counting allocator), and the `[[…]]` references
//! handed out by [`stepbook::model::References`] — every walk over a file's references goes
//! through it, so a lookup per step that walks them all (what made a 100 000-step procedure
//! quadratic) shows as 16× the count for 4× the steps. Each must grow under 4.6×.
//!
//! Its own test binary, so the allocator counts nothing but this test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use stepbook::project::Project;

/// The system allocator, counting allocations and live bytes, and keeping the peak.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to `System` unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

fn grew(size: usize) {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The counters are the whole process's: the tests of this binary take turns, or each would count
/// the other's work (cargo runs tests on parallel threads).
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

const VERBS: [&str; 6] = [
    "Controleer",
    "Bevestig",
    "Registreer",
    "Open",
    "Verifieer",
    "Archiveer",
];
const OBJECTS: [&str; 5] = [
    "de vergunning",
    "het dossier",
    "de aanvraag",
    "de partij",
    "het uittreksel",
];
const LABELS: [&str; 4] = ["save", "next", "submit", "search"];

/// A project with one procedure of `steps` steps, 100 to a section, in two languages: every
/// step names a screen label, every fifth a field, every seventh an earlier step, every
/// eleventh a web link (the shape of `bench/long_procedure.py`).
fn write_project(root: &Path, steps: usize) {
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    };
    write(
        "content/site.yaml",
        "title:\n  nl: Lang\n  en: Long\nlanguages: [nl, en]\n",
    );
    write(
        "content/fields.yaml",
        "company:\n  kind: text\n  label:\n    nl: Bedrijf\n    en: Company\n",
    );
    let mut labels = String::from("name: The App\nlabels:\n");
    for label in LABELS {
        let _ = write!(labels, "  {label}:\n    text: {label}\n");
    }
    write("content/labels/app.yaml", &labels);
    let mut structure =
        String::from("version: \"1.0\"\nstatus: published\nfields: [company]\nsections:\n");
    for i in 0..steps {
        if i % 100 == 0 {
            let _ = write!(structure, "  - id: part-{}\n    steps:\n", i / 100);
        }
        let _ = writeln!(structure, "      - id: s{i}");
    }
    write("content/procedures/long/procedure.yaml", &structure);
    for lang in ["nl", "en"] {
        let mut words = format!("---\ntitle: Lang {lang}\n---\n");
        for i in 0..steps {
            if i % 100 == 0 {
                let _ = write!(words, "\n# Deel {} {{#part-{}}}\n", i / 100 + 1, i / 100);
            }
            let _ = write!(
                words,
                "\n## {} {} {{#s{i}}}\n\nKlik op [[app:{}]].",
                VERBS[i % VERBS.len()],
                OBJECTS[(i / 7) % OBJECTS.len()],
                LABELS[i % LABELS.len()]
            );
            if i % 5 == 0 {
                words.push_str(" Vul uw [[field:company]] in.");
            }
            if i % 7 == 0 && i > 0 {
                let _ = write!(words, " Zie stap [[#s{}]].", i / 2);
            }
            if i % 11 == 0 {
                words.push_str(" <https://example.org/app>");
            }
            words.push('\n');
        }
        write(&format!("content/procedures/long/{lang}.md"), &words);
    }
}

/// What building, checking and looking up the uses of one procedure of `steps` steps cost.
#[derive(Debug, Clone, Copy)]
struct Cost {
    allocations: usize,
    peak_bytes: usize,
    references: u64,
}

fn cost(steps: usize) -> Cost {
    let dir = tempfile::tempdir().expect("temporary folder");
    write_project(dir.path(), steps);
    let mut project = Project::new(dir.path(), None);
    project.checklists = false;
    let (allocations, references) = (
        ALLOCATIONS.load(Ordering::Relaxed),
        stepbook::model::references_visited(),
    );
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let before = LIVE.load(Ordering::Relaxed);
    let report = stepbook::build(&project).expect("builds");
    assert_eq!((report.procedures, report.languages), (1, 2));
    let (_, report) = stepbook::site::check_changes(&project, Some("app:save")).expect("checks");
    let uses = report.uses.expect("uses of app:save");
    assert_eq!(
        uses.len(),
        steps.div_ceil(LABELS.len()),
        "every step naming app:save"
    );
    assert!(report.changes.is_some_and(|diff| diff.is_empty()));
    Cost {
        allocations: ALLOCATIONS.load(Ordering::Relaxed) - allocations,
        peak_bytes: PEAK.load(Ordering::Relaxed) - before,
        references: stepbook::model::references_visited() - references,
    }
}

#[test]
fn a_four_times_longer_procedure_costs_under_four_point_six_times_the_work_and_memory() {
    let _alone = alone();
    let (small, large) = (cost(1_000), cost(4_000));
    eprintln!("1 000 steps: {small:?}\n4 000 steps: {large:?}");
    let ratio = |a: f64, b: f64| b / a;
    let ratios = [
        (
            "allocations",
            ratio(small.allocations as f64, large.allocations as f64),
        ),
        (
            "peak heap",
            ratio(small.peak_bytes as f64, large.peak_bytes as f64),
        ),
        (
            "references handed out",
            ratio(small.references as f64, large.references as f64),
        ),
    ];
    for (what, ratio) in ratios {
        assert!(
            ratio < 4.6,
            "{what}: {ratio:.2}× for 4× the steps ({small:?} → {large:?})"
        );
    }
}

/// The characters the checklist layout measures (a debug build's counter) and the allocations
/// made by `build` with a profile whose `company` value is one unbreakable token of `length`
/// characters, as a long URL pasted into a form would be.
fn profile_cost(length: usize) -> (u64, usize) {
    let dir = tempfile::tempdir().expect("temporary folder");
    write_project(dir.path(), 3);
    // Profile values are laid out where an e-mail template names their field.
    let structure = dir.path().join("content/procedures/long/procedure.yaml");
    let text = std::fs::read_to_string(&structure)
        .expect("procedure.yaml")
        .replace("- id: s0\n", "- id: s0\n        email: request\n")
        + "emails:\n  request:\n    to: [help@example.org]\n    subject: Toegang voor {company}\n    \
           body: |\n      Ons bedrijf: {company}\n";
    std::fs::write(&structure, text).expect("procedure.yaml");
    let token: String = "Ab9-".chars().cycle().take(length).collect();
    let profile = dir.path().join("company.yaml");
    std::fs::write(&profile, format!("fields:\n  company: \"{token}\"\n")).expect("profile");
    let project = Project::new(dir.path(), None).with_profile(Some(profile));
    let measured = stepbook::render::pdf::fonts::characters_measured()
        .expect("a debug build counts the characters the layout measures");
    let allocations = ALLOCATIONS.load(Ordering::Relaxed);
    let report = stepbook::build(&project).expect("builds with the profile");
    assert_eq!(report.checklists, 2, "a checklist per language");
    let pdf = std::fs::read(dir.path().join("output/nl/long/long-nl.pdf")).expect("checklist");
    assert!(pdf.len() > 1_000, "a checklist was written");
    (
        stepbook::render::pdf::fonts::characters_measured().expect("debug build") - measured,
        ALLOCATIONS.load(Ordering::Relaxed) - allocations,
    )
}

/// A long `--profile` value (issue 15, item 6: 4 000 characters took 18.6 s, 100 000 did not
/// finish in 26 minutes) costs work linear in its length, end to end: what the value adds to a
/// build (over a one-character value) grows under 4.6× for 4× its length, counted in characters
/// measured by the layout and in allocations.
#[test]
fn a_four_times_longer_profile_value_costs_under_four_point_six_times_the_layout_work() {
    let _alone = alone();
    let base = profile_cost(1);
    let (small, large) = (profile_cost(20_000), profile_cost(80_000));
    eprintln!("profile value of 1, 20 000, 80 000 characters: {base:?} {small:?} {large:?}");
    let added = |cost: (u64, usize)| {
        (
            cost.0.saturating_sub(base.0) as f64,
            cost.1.saturating_sub(base.1) as f64,
        )
    };
    let (small, large) = (added(small), added(large));
    assert!(
        small.0 >= 20_000.0,
        "the value is measured at least once ({small:?})"
    );
    for (what, ratio) in [
        ("characters measured", large.0 / small.0),
        ("allocations", large.1 / small.1.max(1.0)),
    ] {
        assert!(
            ratio < 4.6,
            "{what}: {ratio:.2}× for a 4× longer value ({small:?} → {large:?})"
        );
    }
}
