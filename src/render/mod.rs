//! Renderers turn view-models into files in memory; they never touch the disk.

pub mod html;
pub mod pdf;
pub mod search;

use std::convert::Infallible;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::model::Library;
use crate::output::OutputFile;
use crate::source::Diagnostic;
use crate::theme::Theme;
use crate::view::prose::localized;

/// How many files are rendered (in parallel) before they are handed on together: enough to
/// keep every core busy, few enough that a site of 10 000 procedures is never in memory whole.
pub const BATCH: usize = 64;

/// Takes each batch of rendered files, in order: keeps them, or writes them out.
pub type Sink<'a, E> = dyn FnMut(Vec<OutputFile>) -> Result<(), E> + 'a;

/// Why rendering stopped.
#[derive(Debug)]
pub enum Stop<E> {
    /// The content or theme has errors (all of them, not only the first).
    Content(Vec<Diagnostic>),
    /// The sink failed.
    Sink(E),
}

/// Renders `items` in parallel, [`BATCH`] at a time (each item to one or more files), handing
/// each batch to `sink` in the order of `items`. After the first problem nothing more goes to
/// the sink, but every item is still rendered so that all problems are reported at once.
pub fn in_batches<T: Sync, E>(
    items: &[T],
    render: impl Fn(&T) -> Vec<Result<OutputFile, Diagnostic>> + Sync,
    diagnostics: &mut Vec<Diagnostic>,
    sink: &mut Sink<'_, E>,
) -> Result<(), E> {
    for batch in items.chunks(BATCH) {
        let rendered: Vec<Vec<Result<OutputFile, Diagnostic>>> =
            batch.par_iter().map(&render).collect();
        let mut files = Vec::with_capacity(rendered.len());
        for result in rendered.into_iter().flatten() {
            match result {
                Ok(file) => files.push(file),
                Err(diagnostic) => {
                    if !diagnostics.contains(&diagnostic) {
                        diagnostics.push(diagnostic);
                    }
                }
            }
        }
        if diagnostics.is_empty() {
            sink(files)?;
        }
    }
    Ok(())
}

/// Runs a renderer with a sink that keeps every file in memory, in order.
pub fn collect(
    run: impl FnOnce(&mut Sink<'_, Infallible>) -> Result<(), Stop<Infallible>>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files = Vec::new();
    let result = run(&mut |batch| {
        files.extend(batch);
        Ok(())
    });
    match result {
        Ok(()) => Ok(files),
        Err(Stop::Content(diagnostics)) => Err(diagnostics),
        Err(Stop::Sink(never)) => match never {},
    }
}

/// Site-wide values every template gets, HTML page or PDF checklist alike.
#[derive(Debug, Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: Option<&'a str>,
}

/// The template context shared by every renderer: `site`, `lang` and the theme's strings `t`
/// in that language, so HTML and PDF say the same things in the same words.
pub fn base_context(library: &Library, theme: &Theme, lang: &str) -> Context {
    let site = &library.site;
    let source = library.source_language();
    let mut context = Context::new();
    context.insert(
        "site",
        &SiteInfo {
            title: localized(&site.title, lang, source),
            description: localized(&site.description, lang, source),
            base_url: site.base_url.as_ref().map(|url| url.as_str()),
        },
    );
    context.insert("lang", lang);
    context.insert("t", &theme.strings_for(lang, source));
    context
}
