//! The one rule that depends on what a build makes: a procedure too long for a printable
//! checklist. Laying out a checklist holds all of its pages (5 000 steps made 252 pages a
//! language and 384 MB of memory, a 100 000-step one would need several GB), so where
//! checklists are made, a procedure may have at most [`MAX_CHECKLIST_STEPS`] steps; its HTML
//! page has no such bound (`build --no-pdf`, `check --no-pdf`).

use super::at;
use crate::model::{Library, Procedure, Step};
use crate::source::{Diagnostic, Problem};

/// The most steps (sub-steps and the steps of choices included) a checklist may have: about 100
/// pages; the shipped procedures have a few dozen.
pub const MAX_CHECKLIST_STEPS: usize = 2_000;

/// An error on the first step over [`MAX_CHECKLIST_STEPS`] of each procedure that has more.
pub fn check(library: &Library) -> Vec<Diagnostic> {
    library
        .procedures
        .iter()
        .filter_map(|procedure| too_long(library, procedure, MAX_CHECKLIST_STEPS))
        .collect()
}

/// The error for `procedure` if it has more than `max` steps, at the first step over it. The
/// walk is in reading order, without recursion, and stops there.
fn too_long(library: &Library, procedure: &Procedure, max: usize) -> Option<Diagnostic> {
    let mut stack: Vec<&Step> = procedure
        .sections
        .iter()
        .rev()
        .flat_map(|section| section.steps.iter().rev())
        .collect();
    let mut number = 0;
    while let Some(step) = stack.pop() {
        number += 1;
        if number > max {
            return Some(Diagnostic::error(
                at(library, procedure.file, step.id.span),
                Problem::ChecklistTooLong {
                    id: procedure.id.clone(),
                    step: step.id.value.clone(),
                    number,
                    max,
                },
            ));
        }
        // Children are read before the next sibling: pushed last, in reverse.
        for option in step.choice.iter().rev() {
            stack.extend(option.steps.iter().rev());
        }
        stack.extend(step.substeps.iter().rev());
    }
    None
}
