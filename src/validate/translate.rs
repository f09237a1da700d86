//! Starter texts still to translate: `init` and `new` mark the English texts they write for a
//! language they have no starter texts for with [`TO_TRANSLATE`], and every such mark left in
//! a content file is a warning, at the mark.

use crate::model::{Library, Procedure, TO_TRANSLATE};
use crate::source::{Diagnostic, FileId, Problem};

/// The marks in the files all procedures share: site, fields, labels, shared steps.
pub(super) fn check_shared(library: &Library, diagnostics: &mut Vec<Diagnostic>) {
    let mut files = vec![(library.site.file, None)];
    files.extend(library.fields_file.map(|file| (file, None)));
    files.extend(library.labels.values().map(|system| (system.file, None)));
    for group in library.shared.values() {
        files.push((group.file, None));
        files.extend(
            group
                .words
                .values()
                .map(|words| (words.file, Some(words.lang.as_str()))),
        );
    }
    for (file, lang) in files {
        check_file(library, file, lang, diagnostics);
    }
}

/// The marks in a procedure's structure and words.
pub(super) fn check_procedure(
    library: &Library,
    procedure: &Procedure,
    diagnostics: &mut Vec<Diagnostic>,
) {
    check_file(library, procedure.file, None, diagnostics);
    for words in procedure.words.values() {
        check_file(library, words.file, Some(&words.lang), diagnostics);
    }
}

/// Every mark in one file. The language is the language file's, or in YAML the key before the
/// mark on its line (`  ja: (translate) Procedures`).
fn check_file(
    library: &Library,
    file: FileId,
    lang: Option<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let text = library.sources.text(file);
    for (at, _) in text.match_indices(TO_TRANSLATE) {
        let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
        let key = text[line_start..at]
            .trim()
            .strip_suffix(':')
            .map(|key| key.trim_start_matches("- ").trim());
        let lang = lang.or(key).unwrap_or_default().to_string();
        diagnostics.push(Diagnostic::warning(
            library.sources.locate(file, at..at + TO_TRANSLATE.len()),
            Problem::ToTranslate { lang },
        ));
    }
}
