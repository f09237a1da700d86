//! The one reading-order walk over a procedure page: every section, step, option and expected
//! result, in the order the page shows them. The manifest, the search index, the step count and
//! the changelog's step titles all take their items from here, so they cannot disagree on what
//! a page holds or in which order.

use super::{OptionView, ProcedureView, ResultView, SectionView, StepView};

/// One item of a procedure page.
#[derive(Debug, Clone, Copy)]
pub enum Item<'a> {
    /// A section.
    Section(&'a SectionView),
    /// A step, sub-step or step of an option, and the id of what it sits in.
    Step {
        /// The step.
        step: &'a StepView,
        /// The id of its section, parent step or option.
        parent: &'a str,
    },
    /// One alternative of a choice, and the id of its step.
    Option {
        /// The option.
        option: &'a OptionView,
        /// The id of the step it belongs to.
        parent: &'a str,
    },
    /// The expected result of a step.
    Result {
        /// The result.
        result: &'a ResultView,
        /// The step it follows.
        step: &'a StepView,
    },
}

impl<'a> Item<'a> {
    /// Its id (the anchor on the page).
    pub fn id(&self) -> &'a str {
        match self {
            Item::Section(section) => &section.id,
            Item::Step { step, .. } => &step.id,
            Item::Option { option, .. } => &option.id,
            Item::Result { result, .. } => &result.id,
        }
    }

    /// The id of the item it sits in (none for a section).
    pub fn parent(&self) -> Option<&'a str> {
        match self {
            Item::Section(_) => None,
            Item::Step { parent, .. } | Item::Option { parent, .. } => Some(parent),
            Item::Result { step, .. } => Some(&step.id),
        }
    }

    /// Its number as shown: a section's `2`, a step's `2.d.b.3`; a result has its step's.
    pub fn number(&self) -> &'a str {
        match self {
            Item::Section(section) => &section.number,
            Item::Step { step, .. } | Item::Result { step, .. } => &step.path,
            Item::Option { option, .. } => &option.path,
        }
    }
}

impl ProcedureView {
    /// Every item of the page in reading order: a section, then its steps; a step, then its
    /// options (each followed by its steps), its sub-steps and its expected result.
    pub fn items(&self) -> Vec<Item<'_>> {
        let mut items = Vec::new();
        for section in &self.sections {
            items.push(Item::Section(section));
            steps(&section.steps, &section.id, &mut items);
        }
        items
    }
}

fn steps<'a>(list: &'a [StepView], parent: &'a str, items: &mut Vec<Item<'a>>) {
    for step in list {
        items.push(Item::Step { step, parent });
        for option in &step.options {
            items.push(Item::Option {
                option,
                parent: &step.id,
            });
            steps(&option.steps, &option.id, items);
        }
        steps(&step.substeps, &step.id, items);
        if let Some(result) = &step.result {
            items.push(Item::Result { result, step });
        }
    }
}
