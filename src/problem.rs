//! Every kind of problem stepbook reports about content, as data.
//!
//! Messages are lowercase and name things in backticks, like rustc and cargo. The wording lives
//! here only; the code that finds a problem just builds the variant.

use thiserror::Error;

use crate::diagnostic::Location;

/// What is wrong. See [`crate::diagnostic::Diagnostic`] for where and how bad.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// A file could not be read.
    #[error("cannot read file: {message}")]
    Unreadable {
        /// The operating system's reason.
        message: String,
    },
    /// A symbolic link under `content/` or `themes/` leads out of the project folder.
    #[error(
        "`{path}` is a symbolic link to `{target}`, outside the project folder; stepbook reads only files inside the project"
    )]
    OutsideProject {
        /// The link.
        path: String,
        /// Where it leads.
        target: String,
    },
    /// A path under `content/` or `themes/` resolves out of the project through a link above it.
    #[error(
        "`{path}` resolves to `{target}`, outside the project folder (through a symbolic link); stepbook reads only files inside the project"
    )]
    ResolvesOutside {
        /// The path.
        path: String,
        /// Where it resolves to.
        target: String,
    },
    /// A content file is larger than any hand-written file should be.
    #[error(
        "file is larger than {} MiB, the limit for one content file; split it, or remove what was pasted by mistake",
        .limit / (1024 * 1024)
    )]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A file is not UTF-8 text.
    #[error("file is not valid UTF-8 text")]
    NotUtf8,
    /// A required file or folder is missing.
    #[error("missing {what}")]
    Missing {
        /// What is missing, e.g. "``content/site.yaml``".
        what: String,
    },
    /// YAML that does not parse or does not have the expected shape.
    #[error("{message}")]
    Yaml {
        /// serde_yaml's explanation, without its own position suffix.
        message: String,
    },
    /// The site declares no language.
    #[error("`languages` must list at least one language (the source language first)")]
    NoLanguage,
    /// A language code that is not a lowercase ISO 639-1 code.
    #[error("invalid language code `{code}`: use a two-letter lowercase code such as `nl`")]
    InvalidLanguage {
        /// The code as written.
        code: String,
    },
    /// An id is not a lowercase slug, so it cannot be an anchor or a PDF field name.
    #[error(
        "invalid id `{id}`: use lowercase letters, digits and single hyphens (it becomes an HTML anchor and a PDF field name)"
    )]
    InvalidId {
        /// The id as written.
        id: String,
    },
    /// The same id is used twice where ids must be unique.
    #[error("duplicate id `{id}` (first defined at {first})")]
    DuplicateId {
        /// The id.
        id: String,
        /// Where it was defined first.
        first: Location,
    },
    /// The site names a theme that does not exist.
    #[error("unknown theme `{name}`: no folder `themes/{name}`")]
    UnknownTheme {
        /// The theme name as written.
        name: String,
    },
    /// A theme name that is not a folder name directly under `themes/`.
    #[error(
        "invalid theme name `{name}`: name a folder directly under `themes/` (lowercase letters, digits and hyphens)"
    )]
    InvalidThemeName {
        /// The theme name as written.
        name: String,
    },
    /// A `[[system:id]]` reference to a screen label that is not in the registry.
    #[error("unknown screen label `{reference}`")]
    UnknownLabel {
        /// The reference as written between the brackets.
        reference: String,
    },
    /// A reference to a field that is not declared in `content/fields.yaml`.
    #[error("unknown field `{id}`")]
    UnknownField {
        /// The field id.
        id: String,
    },
    /// A field is used by an e-mail template or a text but not listed in the procedure's `fields`.
    #[error("field `{id}` is not listed in the `fields` of procedure `{procedure}`")]
    FieldNotInProcedure {
        /// The field id.
        id: String,
        /// The procedure id.
        procedure: String,
    },
    /// A `[[#id]]` cross-reference to a step or section that does not exist.
    #[error("unknown step `{id}` in cross-reference")]
    UnknownStep {
        /// The target id.
        id: String,
    },
    /// A step refers to an e-mail template that the procedure does not define.
    #[error("unknown e-mail template `{id}`")]
    UnknownEmail {
        /// The template id.
        id: String,
    },
    /// A `[[...]]` reference that is neither a label, a field nor a cross-reference.
    #[error(
        "malformed reference `[[{text}]]`: use `[[system:label]]`, `[[field:id]]` or `[[#step-id]]`"
    )]
    MalformedReference {
        /// The text between the brackets.
        text: String,
    },
    /// A heading `{#id}` in a language file that matches nothing in `procedure.yaml`.
    #[error("`{{#{id}}}` is not a section, step, option or result of procedure `{procedure}`")]
    UnknownWordsId {
        /// The id of the heading.
        id: String,
        /// The procedure id.
        procedure: String,
    },
    /// The source language lacks the words of an item of the structure.
    #[error("no text for `{id}` in `{lang}`: add a heading `{{#{id}}}`")]
    MissingWords {
        /// The id without text.
        id: String,
        /// The language.
        lang: String,
    },
    /// A translation lacks the words of an item, so the source language is shown instead.
    #[error("`{lang}` has no text for `{id}`; the `{source_lang}` text is used instead")]
    MissingTranslation {
        /// The id without text.
        id: String,
        /// The translation's language.
        lang: String,
        /// The language used instead.
        source_lang: String,
    },
    /// A configured language has no file for a procedure at all.
    #[error("procedure `{procedure}` has no `{lang}.md`; the `{source_lang}` text is used instead")]
    MissingLanguageFile {
        /// The procedure id.
        procedure: String,
        /// The missing language.
        lang: String,
        /// The language used instead.
        source_lang: String,
    },
    /// A language file for a language the site does not list.
    #[error("`{lang}` is not one of the site's `languages`; this file is ignored")]
    UnlistedLanguage {
        /// The language code of the file.
        lang: String,
    },
    /// A field has no label in a language of the site.
    #[error("field `{id}` has no label in `{lang}`")]
    MissingFieldLabel {
        /// The field id.
        id: String,
        /// The language.
        lang: String,
    },
    /// The words of a procedure lack a title.
    #[error("missing `title` in the front matter of this language file")]
    MissingTitle,
    /// An e-mail template placeholder that names no field.
    #[error("placeholder `{{{name}}}` names no field")]
    UnknownPlaceholder {
        /// The placeholder as written between the braces.
        name: String,
    },
    /// A malformed e-mail address.
    #[error("invalid e-mail address `{address}`")]
    InvalidEmailAddress {
        /// The address as written.
        address: String,
    },
    /// A link whose scheme could run code or leave the allowed set.
    #[error("link `{url}` is not allowed: use `http`, `https`, `mailto` or a relative link")]
    DisallowedLink {
        /// The link target.
        url: String,
    },
    /// An absolute URL that does not parse.
    #[error("malformed URL `{url}`")]
    MalformedUrl {
        /// The URL as written.
        url: String,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("invalid date `{date}`: use YYYY-MM-DD")]
    InvalidDate {
        /// The date as written.
        date: String,
    },
    /// A step with both sub-steps and a choice, which has no clear reading order.
    #[error("step `{id}` has both `substeps` and `choice`; give the choice its own step")]
    SubstepsAndChoice {
        /// The step id.
        id: String,
    },
    /// A choice with fewer than two options is not a choice.
    #[error("the choice of step `{id}` needs at least two options")]
    LonelyOption {
        /// The step id.
        id: String,
    },
    /// Steps nested deeper than anyone can follow (and than the theme's components render).
    #[error(
        "step `{id}` is nested {depth} levels deep; at most {max} levels of sub-steps are allowed"
    )]
    TooDeep {
        /// The first step too deep.
        id: String,
        /// Its level (a section's steps are level 1).
        depth: usize,
        /// The limit.
        max: usize,
    },
    /// A procedure without sections.
    #[error("procedure `{id}` has no sections")]
    EmptyProcedure {
        /// The procedure id.
        id: String,
    },
    /// A PDF checklist could not be produced (font or document error).
    #[error("cannot write the PDF checklist: {message}")]
    Pdf {
        /// What went wrong.
        message: String,
    },
    /// An EORI number that does not follow the rules.
    #[error("invalid EORI number `{eori}`: {reason}")]
    InvalidEori {
        /// The number as written.
        eori: String,
        /// Which rule it breaks.
        reason: String,
    },
    /// A template that does not compile or fails while rendering.
    #[error("template error: {message}")]
    Template {
        /// Tera's explanation.
        message: String,
    },
}
