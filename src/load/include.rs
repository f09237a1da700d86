//! Replaces `include:` entries of procedures by the shared steps they name.
//!
//! An include is `<group>` (every step of `content/shared/<group>/steps.yaml`) or
//! `<group>/<step-id>` (that step with everything under it). Shared steps may include other
//! groups; a group that ends up including itself is an error, as is an include naming nothing.
//! Included steps remember their group ([`Step::origin`]) so their words come from it.

use crate::model::{Library, Procedure, SharedGroup, Step};
use crate::source::Diagnostic;
use crate::source::FileId;
use crate::source::Problem;
use crate::source::{Span, Spanned};

/// Replaces the includes of `procedure` by the shared steps they name.
pub fn expand(library: &Library, procedure: &mut Procedure, diagnostics: &mut Vec<Diagnostic>) {
    let file = procedure.file;
    for section in &mut procedure.sections {
        let steps = std::mem::take(&mut section.steps);
        let mut expander = Expander {
            library,
            diagnostics,
            stack: Vec::new(),
        };
        section.steps = expander.steps(steps, file, None);
    }
}

/// Checks the includes of every shared group, whether or not a procedure uses it.
pub fn check_groups(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    for group in library.shared.values() {
        let mut expander = Expander {
            library,
            diagnostics,
            stack: vec![group.id.clone()],
        };
        expander.steps(group.steps.clone(), group.file, Some(&group.id));
    }
}

struct Expander<'a> {
    library: &'a Library,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// The groups being expanded, outermost first, to find cycles.
    stack: Vec<String>,
}

impl Expander<'_> {
    /// Expands a list of steps written in `file` (of the shared group `origin`, if any).
    fn steps(&mut self, steps: Vec<Step>, file: FileId, origin: Option<&str>) -> Vec<Step> {
        // Sized for the steps written here, and fitted at the end: a `Step` is 272 bytes and
        // the library keeps every one, so a list grown by doubling left a quarter of the
        // loaded library's memory unused at N = 10 000.
        let mut out = Vec::with_capacity(steps.len());
        for mut step in steps {
            match (step.id.is_empty(), step.include.take()) {
                (false, None) => out.push(self.own(step, file, origin)),
                (true, Some(include)) => {
                    let insertions = std::mem::take(&mut step.insert);
                    let Some(mut included) = self.include(&include, file) else {
                        continue;
                    };
                    for insertion in insertions {
                        let added = self.steps(insertion.steps, file, origin);
                        if insert_after(&mut included, &insertion.after, added).is_err() {
                            self.error(
                                file,
                                insertion.after.span,
                                Problem::UnknownInsertPoint {
                                    id: insertion.after.value.clone(),
                                    include: include.value.clone(),
                                },
                            );
                        }
                    }
                    out.extend(included);
                }
                (_, include) => {
                    // Both: point at the include; neither: at the step itself.
                    let span = include.map_or(step.span, |include| include.span);
                    self.error(file, span, Problem::StepIdOrInclude);
                }
            }
        }
        out.shrink_to_fit();
        out
    }

    /// A step written here: its children are expanded too.
    fn own(&mut self, mut step: Step, file: FileId, origin: Option<&str>) -> Step {
        step.origin = origin.map(str::to_string);
        step.substeps = self.steps(std::mem::take(&mut step.substeps), file, origin);
        for option in &mut step.choice {
            option.origin = origin.map(str::to_string);
            option.steps = self.steps(std::mem::take(&mut option.steps), file, origin);
        }
        step
    }

    /// The expanded steps an include stands for, or `None` after reporting why not.
    fn include(&mut self, include: &Spanned<String>, file: FileId) -> Option<Vec<Step>> {
        let at = include.span;
        let (group_id, step_id) = match include.split_once('/') {
            Some((group, step)) => (group, Some(step)),
            None => (include.as_str(), None),
        };
        let unknown = Problem::UnknownInclude {
            include: include.value.clone(),
        };
        let Some(group) = self.library.shared.get(group_id) else {
            self.error(file, at, unknown);
            return None;
        };
        let steps = match step_id {
            None => group.steps.clone(),
            Some(id) => match find(&group.steps, id) {
                Some(step) => vec![step.clone()],
                None => {
                    self.error(file, at, unknown);
                    return None;
                }
            },
        };
        if let Some(start) = self.stack.iter().position(|g| g == group_id) {
            let mut chain: Vec<&str> = self.stack[start..].iter().map(String::as_str).collect();
            chain.push(group_id);
            let chain = chain.join(" → ");
            self.error(file, at, Problem::IncludeCycle { chain });
            return None;
        }
        let group: &SharedGroup = group;
        let (group_file, group_id) = (group.file, group.id.clone());
        self.stack.push(group_id.clone());
        let expanded = self.steps(steps, group_file, Some(&group_id));
        self.stack.pop();
        Some(expanded)
    }

    fn error(&mut self, file: FileId, span: Span, problem: Problem) {
        let diagnostic = Diagnostic::error(self.library.sources.locate_node(file, span), problem);
        // A broken shared group is met once per procedure that includes it: report it once.
        if !self.diagnostics.contains(&diagnostic) {
            self.diagnostics.push(diagnostic);
        }
    }
}

/// The step with `id` anywhere under `steps` (not an include: those have no id yet).
fn find<'a>(steps: &'a [Step], id: &str) -> Option<&'a Step> {
    steps.iter().find_map(|step| {
        if step.id == id {
            return Some(step);
        }
        find(&step.substeps, id).or_else(|| {
            step.choice
                .iter()
                .find_map(|option| find(&option.steps, id))
        })
    })
}

/// Inserts `added` right after the step `after` in whichever list holds it; gives `added`
/// back if there is no such step.
fn insert_after(steps: &mut Vec<Step>, after: &str, added: Vec<Step>) -> Result<(), Vec<Step>> {
    if let Some(index) = steps.iter().position(|step| step.id == after) {
        steps.splice(index + 1..index + 1, added);
        return Ok(());
    }
    let mut added = added;
    for step in steps.iter_mut() {
        let lists = std::iter::once(&mut step.substeps)
            .chain(step.choice.iter_mut().map(|option| &mut option.steps));
        for list in lists {
            match insert_after(list, after, added) {
                Ok(()) => return Ok(()),
                Err(back) => added = back,
            }
        }
    }
    Err(added)
}
