//! Every kind of problem stepbook reports about content, as data.
//!
//! Messages are lowercase and name things in backticks, like rustc and cargo. The wording lives
//! here only; the code that finds a problem just builds the variant.

use strum::{EnumDiscriminants, EnumIter, EnumMessage, IntoEnumIterator};
use thiserror::Error;

use crate::source::Location;
use crate::source::suggest::did_you_mean;

/// What is wrong. See [`crate::source::Diagnostic`] for where and how bad.
///
/// Each variant's doc comment is its one-line meaning in `docs/diagnostics.md` (see
/// [`Problem::catalogue`]): write it for a user, not only for a reader of the code.
#[derive(Debug, Clone, PartialEq, Eq, Error, EnumDiscriminants)]
#[strum_discriminants(
    name(ProblemKind),
    vis(pub),
    derive(EnumIter, EnumMessage),
    doc = "The kinds of [`Problem`], without their details: what [`Problem::catalogue`] lists."
)]
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
        /// The YAML reader's explanation (its position is the diagnostic's).
        message: String,
    },
    /// YAML lists and mappings nested deeper than any content needs: reading stops there, so a
    /// file of a few megabytes of `[[[[…` cannot make the reader work for long.
    #[error(
        "lists and mappings nested more than {max} levels deep; stepbook reads at most {max} levels"
    )]
    YamlTooDeep {
        /// The limit.
        max: usize,
    },
    /// Two files that mean the same thing (`labels/app.yaml` and `labels/app.yml`): one would
    /// silently replace the other.
    #[error("`{first}` and `{second}` are the same file under two names; keep one")]
    SameFileTwice {
        /// The file read.
        first: String,
        /// The other name of it.
        second: String,
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
    #[error("unknown screen label `{reference}`{}", did_you_mean(suggestion))]
    UnknownLabel {
        /// The reference as written between the brackets.
        reference: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// A reference to a field that is not declared in `content/fields.yaml`.
    #[error("unknown field `{id}`{}", did_you_mean(suggestion))]
    UnknownField {
        /// The field id.
        id: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
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
    #[error("unknown step `{id}` in cross-reference{}", did_you_mean(suggestion))]
    UnknownStep {
        /// The target id.
        id: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// A step refers to an e-mail template that the procedure does not define.
    #[error("unknown e-mail template `{id}`{}", did_you_mean(suggestion))]
    UnknownEmail {
        /// The template id.
        id: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
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
    #[error(
        "`{{#{id}}}` is not a section, step, option or result of {owner}{}",
        did_you_mean(suggestion)
    )]
    UnknownWordsId {
        /// The id of the heading.
        id: String,
        /// Whose words they are: "procedure `demo`" or "shared steps `eu-login`".
        owner: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// The source language lacks the words of an item of the structure. It is reported where
    /// the heading belongs: at the heading of the next item the file has, or at its end.
    #[error(
        "no text for `{id}` in `{lang}`: add a heading `{{#{id}}}` {}",
        heading_goes(before)
    )]
    MissingWords {
        /// The id without text.
        id: String,
        /// The language.
        lang: String,
        /// The item whose heading the missing one goes before (none: the end of the file).
        before: Option<String>,
    },
    /// A translation lacks the words of an item, so the source language is shown instead. It
    /// is reported where the heading belongs, as for `missing-words`.
    #[error(
        "`{lang}` has no text for `{id}`; the `{source_lang}` text is used instead (its heading `{{#{id}}}` goes {})",
        heading_goes(before)
    )]
    MissingTranslation {
        /// The id without text.
        id: String,
        /// The translation's language.
        lang: String,
        /// The language used instead.
        source_lang: String,
        /// The item whose heading the missing one goes before (none: the end of the file).
        before: Option<String>,
    },
    /// A configured language has no file for a procedure at all.
    #[error("{owner} has no `{lang}.md`; the `{source_lang}` text is used instead")]
    MissingLanguageFile {
        /// "procedure `demo`" or "shared steps `eu-login`".
        owner: String,
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
    /// An e-mail's subject or body given per language names a language the site does not list.
    #[error(
        "the {part} of e-mail `{email}` has a text for `{lang}`, which is not one of the site's `languages`"
    )]
    EmailLanguage {
        /// The e-mail template.
        email: String,
        /// `subject` or `body`.
        part: &'static str,
        /// The language code.
        lang: String,
    },
    /// An e-mail's subject or body given per language has no text for a language of the site:
    /// the source language's is sent from that page (an error if the source language is the one
    /// missing).
    #[error("{}", missing_email_text(email, part, lang, source_lang))]
    MissingEmailText {
        /// The e-mail template.
        email: String,
        /// `subject` or `body`.
        part: &'static str,
        /// The language without a text.
        lang: String,
        /// The source language.
        source_lang: String,
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
    /// `status: verified` or `status: outdated`, which earlier versions let authors type.
    /// Whether a procedure matches the screens is now computed from the `verified` dates of the
    /// screen labels it uses, and shown the same way on every page and checklist.
    #[error(
        "`status: {written}` is no longer written: whether a procedure matches the screens is computed from the `verified` dates of the screen labels it uses; write {instead}"
    )]
    ComputedStatus {
        /// The status as written.
        written: String,
        /// What to write instead.
        instead: String,
    },
    /// A `verified` date on a procedure, which earlier versions let authors type. Dates go on
    /// the screen labels, where they say what was seen on screen.
    #[error(
        "a procedure's `verified` date is no longer written: remove it, and date each screen label the procedure uses (`verified: YYYY-MM-DD` in content/labels/) once you have seen it on screen"
    )]
    ProcedureVerifiedDate,
    /// Under `check --require-verified`: a procedure that is not verified, so the content must
    /// not be published yet.
    #[error(
        "procedure `{id}` is {state}: date its screen labels (`verified:` in content/labels/) once you have seen them on screen"
    )]
    NotVerified {
        /// The procedure id.
        id: String,
        /// Its verification state, in words.
        state: String,
    },
    /// What readers see of a released procedure (words, screen labels, numbering, fields,
    /// e-mails) changed, but its version did not: a copy printed before and one printed now
    /// would tell the reader different things under the same version. `stepbook release`
    /// raises the version and adds the changelog entry.
    #[error(
        "what readers see of procedure `{id}` changed since version {version} was released, and its version did not: {changes}; record a release with `stepbook release {id} --note \"…\"`"
    )]
    UnreleasedChange {
        /// The procedure id.
        id: String,
        /// Its version, as released and as written.
        version: String,
        /// What changed, item by item.
        changes: String,
    },
    /// A procedure's version was raised by hand without a changelog entry for it.
    #[error(
        "version {version} of procedure `{id}` has no changelog entry: readers cannot tell what changed since version {published}; add one, or raise the version with `stepbook release {id} --note \"…\"`"
    )]
    MissingChangelogEntry {
        /// The procedure id.
        id: String,
        /// Its version now.
        version: String,
        /// The version last released.
        published: String,
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
    /// A procedure too long for a printable checklist: laying out and holding its pages would
    /// take memory that grows with them (5 000 steps: 252 pages a language, 384 MB), for a
    /// document nobody prints. Its HTML page has no such limit (`build --no-pdf`).
    #[error(
        "procedure `{id}` has more than {max} steps (step `{step}` is number {number}), too many \
         for a printable checklist (about 100 pages); build the site without checklists \
         (`stepbook build --no-pdf`), or split the procedure"
    )]
    ChecklistTooLong {
        /// The procedure id.
        id: String,
        /// The first step over the limit.
        step: String,
        /// Its number, counting every step and sub-step in reading order.
        number: usize,
        /// The limit.
        max: usize,
    },
    /// A procedure without sections.
    #[error("procedure `{id}` has no sections")]
    EmptyProcedure {
        /// The procedure id.
        id: String,
    },
    /// A screen label that no text refers to.
    #[error("screen label `{reference}` is not used by any procedure")]
    UnusedLabel {
        /// `system:id`.
        reference: String,
    },
    /// An image whose file does not exist.
    #[error("image `{src}` not found: there is no file `{path}`")]
    ImageNotFound {
        /// The target as written.
        src: String,
        /// Where it was looked for.
        path: String,
    },
    /// An image whose path leads out of `content/`.
    #[error(
        "image `{src}` is outside the `content/` folder: images must be files under `content/` (a path relative to the Markdown file, or `/` for the `content/` folder)"
    )]
    ImageOutsideContent {
        /// The target as written.
        src: String,
    },
    /// An image that is not a PNG or JPEG, or is damaged.
    #[error("image `{src}` cannot be read as PNG or JPEG: {reason}")]
    BadImage {
        /// The target as written.
        src: String,
        /// Why.
        reason: String,
    },
    /// An image over the size limit.
    #[error(
        "image `{src}` is too large ({size}): the limit is 8 MiB and 10000 × 10000 pixels; save the screenshot smaller or as JPEG"
    )]
    ImageTooLarge {
        /// The target as written.
        src: String,
        /// Its size (`9.2 MiB`, `12000 × 800 pixels`).
        size: String,
    },
    /// An image without alt text.
    #[error(
        "image `{src}` has no alt text: write what it shows between the brackets, `![…]({src})`, for readers who cannot see it"
    )]
    EmptyAltText {
        /// The target as written.
        src: String,
    },
    /// An image file under `content/` that no language file shows.
    #[error("image `content/{path}` is not used by any page")]
    UnusedImage {
        /// Its path under `content/`.
        path: String,
    },
    /// A label names a screen that its label file does not declare under `screens:`.
    #[error(
        "unknown screen `{screen}`: {system} declares no such screen; add it under `screens:` in this file{}",
        known_screens(.known)
    )]
    UnknownScreen {
        /// The screen id as written.
        screen: String,
        /// The system's name (`TRACES NT`).
        system: String,
        /// The screens the file declares.
        known: Vec<String>,
    },
    /// A label's region or a redaction box that does not lie inside the screen's image.
    #[error(
        "{what} ({x}, {y}, {width} × {height}) lies outside the image `{image}`, which is {image_width} × {image_height} pixels"
    )]
    RegionOutsideImage {
        /// `region of label \`create\``, `redaction box 2 of screen \`search\``.
        what: String,
        /// Left edge, in pixels.
        x: u32,
        /// Top edge, in pixels.
        y: u32,
        /// Width, in pixels.
        width: u32,
        /// Height, in pixels.
        height: u32,
        /// The image as written.
        image: String,
        /// The image's width.
        image_width: u32,
        /// The image's height.
        image_height: u32,
    },
    /// A screen none of whose labels any text refers to: no step shows it.
    #[error("screen `{reference}` is not used: no text refers to a label on it")]
    UnusedScreen {
        /// `system:screen`.
        reference: String,
    },
    /// A screen without a title in one of the site's languages.
    #[error("screen `{reference}` has no title in `{lang}`: add `{lang}: …` under its `title`")]
    MissingScreenTitle {
        /// `system:screen`.
        reference: String,
        /// The language.
        lang: String,
    },
    /// A field that no procedure asks for and no text or e-mail uses.
    #[error("field `{id}` is not used by any procedure")]
    UnusedField {
        /// The field id.
        id: String,
    },
    /// A verification date older than the allowed age.
    #[error(
        "{what} was last verified on {date}, {days} days ago (more than {max}): check it again and update the date"
    )]
    StaleVerification {
        /// What was verified ("procedure `flegt-access`", "screen label `traces:create`").
        what: String,
        /// The date as written.
        date: String,
        /// Days since then.
        days: i64,
        /// The allowed age in days.
        max: u32,
    },
    /// `stepbook verify`: a label's text is not on the screenshot or saved page of its screen;
    /// the message names the closest text that is there.
    #[error("`{label}` `{text}` is not on screen `{screen}` (evidence {evidence}); {closest}")]
    LabelNotOnScreen {
        /// `system:id`.
        label: String,
        /// The label's text.
        text: String,
        /// The screen's id.
        screen: String,
        /// The evidence file.
        evidence: String,
        /// What is there instead, and what to do.
        closest: String,
    },
    /// `stepbook verify`: an evidence file cannot be used (missing, not a PNG, JPEG or HTML
    /// file, or damaged).
    #[error("evidence `{path}` cannot be used: {reason}")]
    BadEvidence {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// `base_url` is a placeholder domain, so every QR code and "online version" link would
    /// point at it.
    #[error(
        "base_url `{url}` is an example domain: every checklist's QR code and \"online version\" link would point at it; set the address the site is published at (or build with `--base-url URL`)"
    )]
    ExampleBaseUrl {
        /// The URL as written.
        url: String,
    },
    /// A JSON Schema in the project's `schemas/` folder is not the one this stepbook writes, so
    /// editors check and complete the content against another version of the rules.
    #[error(
        "`{file}` is not the schema of this stepbook ({version}): editors check and complete the content against other rules; rewrite the schemas with `stepbook schemas` in the project folder"
    )]
    OutdatedSchema {
        /// The schema file (`schemas/site.schema.json`).
        file: String,
        /// This stepbook's version.
        version: String,
    },
    /// A translation has words for an item the structure (and so the source language) lacks.
    #[error(
        "`{lang}` has text for `{id}`, but {owner} (written in `{source_lang}`) has no such section, step, option or result; the text is not shown"
    )]
    ExtraTranslation {
        /// The id of the heading.
        id: String,
        /// The translation's language.
        lang: String,
        /// The source language.
        source_lang: String,
        /// "procedure `demo`" or "shared steps `eu-login`".
        owner: String,
    },
    /// A heading `{#id}` that matches nothing, in a file that lacks the words of an item with a
    /// similar id (or of exactly one item): most likely the item's id renamed in this file. One
    /// problem instead of two (an unknown heading and a missing text).
    #[error(
        "`{{#{id}}}` is not a section, step, option or result of {owner}; is it `{{#{expected}}}` renamed? {}",
        likely_rename(lang, expected, source_lang)
    )]
    LikelyRename {
        /// The id of the heading as written.
        id: String,
        /// The id of the item without words, which the heading most likely means.
        expected: String,
        /// "procedure `demo`" or "shared steps `eu-login`".
        owner: String,
        /// The language of the file.
        lang: String,
        /// The source language.
        source_lang: String,
    },
    /// A text still marked `(translate)`: a starter text `init` or `new` wrote in English for a
    /// language it has no starter texts for.
    #[error("this text is still marked `(translate)`: write it in `{lang}` and remove the mark")]
    ToTranslate {
        /// The language the text is for (the file's, or the YAML key's).
        lang: String,
    },
    /// A list entry of `steps` with neither or both of `id` and `include`.
    #[error("a step needs exactly one of `id` (a step written here) and `include` (shared steps)")]
    StepIdOrInclude,
    /// An `include` that names no shared group or step.
    #[error(
        "unknown shared steps `{include}`: use `<group>` or `<group>/<step-id>` of a folder `content/shared/<group>/`"
    )]
    UnknownInclude {
        /// The include as written.
        include: String,
    },
    /// An `insert` whose `after` names no step of the included steps.
    #[error("`after: {id}` names no step of the included `{include}`")]
    UnknownInsertPoint {
        /// The id after which steps were to be inserted.
        id: String,
        /// The include as written.
        include: String,
    },
    /// A `[[#id]]` in shared words that an including procedure has no item for.
    #[error(
        "unknown step `{id}` in cross-reference: procedure `{procedure}` includes these shared steps but has no `{id}`{}",
        did_you_mean(suggestion)
    )]
    UnknownSharedStep {
        /// The target id.
        id: String,
        /// The including procedure.
        procedure: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// Shared steps that include themselves.
    #[error("shared steps include themselves: {chain}")]
    IncludeCycle {
        /// The includes in order, `a → b → a`.
        chain: String,
    },
    /// A member state that `content/countries.yaml` does not list.
    #[error("unknown country `{code}`: add it to `content/countries.yaml`")]
    UnknownCountry {
        /// The country code as written.
        code: String,
    },
    /// An e-mail copies an authority that the site's country does not have.
    #[error("country `{country}` has no authority `{authority}` in `content/countries.yaml`")]
    UnknownAuthority {
        /// The authority id (`flegt`).
        authority: String,
        /// The country code.
        country: String,
    },
    /// A changelog entry names a step the procedure does not have.
    #[error(
        "changelog of version {version} names unknown step `{id}`{}",
        did_you_mean(suggestion)
    )]
    UnknownChangelogStep {
        /// The version of the entry.
        version: String,
        /// The step id.
        id: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// A procedure names a category that `content/site.yaml` does not declare.
    #[error(
        "unknown category `{id}`: declare it under `categories` in `content/site.yaml`{}",
        did_you_mean(suggestion)
    )]
    UnknownCategory {
        /// The category id as written.
        id: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// A category without a title in one of the site's languages (its id is shown instead in
    /// the source language; the source language's title in a translation).
    #[error("category `{id}` has no title in `{lang}`: add `{lang}: …` under its `title`")]
    MissingCategoryTitle {
        /// The category id.
        id: String,
        /// The language.
        lang: String,
    },
    /// The `order` of a category names a procedure that does not exist.
    #[error(
        "the order of category `{category}` names unknown procedure `{id}`{}",
        did_you_mean(suggestion)
    )]
    UnknownOrderedProcedure {
        /// The category id.
        category: String,
        /// The procedure id as written.
        id: String,
        /// A known name close to it, if any ("did you mean …?").
        suggestion: Option<String>,
    },
    /// The `order` of a category names a procedure filed under another category (or none):
    /// a procedure is in one group, which its own `category:` says.
    #[error(
        "the order of category `{category}` names procedure `{id}`, whose `category` is {}: set `category: {category}` in its `procedure.yaml` or remove it from this order",
        actual.as_ref().map_or_else(|| "not set".to_string(), |c| format!("`{c}`"))
    )]
    OrderedElsewhere {
        /// The category whose order names it.
        category: String,
        /// The procedure id.
        id: String,
        /// The procedure's own category, if it has one.
        actual: Option<String>,
    },
    /// A procedure of a category with an `order` that does not list it: it is shown after the
    /// listed ones, without previous/next links.
    #[error(
        "procedure `{id}` is in category `{category}`, whose `order` does not list it: it comes after the listed procedures, without previous/next links"
    )]
    NotInOrder {
        /// The procedure id.
        id: String,
        /// The category id.
        category: String,
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

/// Where a missing heading goes: before the one the diagnostic points at, or at the end.
fn heading_goes(before: &Option<String>) -> String {
    match before {
        Some(id) => format!("above the heading `{{#{id}}}`"),
        None => "at the end of the file".to_string(),
    }
}

/// The end of [`Problem::LikelyRename`]: what happens meanwhile, which depends on the language.
fn likely_rename(lang: &str, expected: &str, source_lang: &str) -> String {
    if lang == source_lang {
        format!("`{expected}` has no text in `{lang}`, the source language")
    } else {
        format!(
            "Until it is, the `{lang}` page shows the `{source_lang}` text for `{expected}` and not this text"
        )
    }
}

/// The words of [`Problem::MissingEmailText`]: an error for the source language, a fallback
/// for the others.
/// ` (this file declares `a`, `b`)`, or nothing when it declares none.
fn known_screens(known: &[String]) -> String {
    if known.is_empty() {
        return String::new();
    }
    let names: Vec<String> = known.iter().map(|id| format!("`{id}`")).collect();
    format!(" (it declares {})", names.join(", "))
}

fn missing_email_text(email: &str, part: &str, lang: &str, source_lang: &str) -> String {
    if lang == source_lang {
        format!(
            "the {part} of e-mail `{email}` is given per language but has no text for the source \
             language `{lang}`: add `{lang}: …` (or give one text for all languages)"
        )
    } else {
        format!(
            "the {part} of e-mail `{email}` has no text for `{lang}`; the `{source_lang}` text is \
             sent from the `{lang}` page"
        )
    }
}

impl Problem {
    /// A stable, kebab-case name for the kind of problem, for `--format json` and scripts.
    /// Messages may be reworded; codes do not change.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Unreadable { .. } => "unreadable",
            Problem::NotUtf8 => "not-utf8",
            Problem::OutsideProject { .. } => "outside-project",
            Problem::ResolvesOutside { .. } => "resolves-outside",
            Problem::TooLarge { .. } => "too-large",
            Problem::InvalidThemeName { .. } => "invalid-theme-name",
            Problem::TooDeep { .. } => "too-deep",
            Problem::ChecklistTooLong { .. } => "checklist-too-long",
            Problem::Missing { .. } => "missing",
            Problem::Yaml { .. } => "yaml",
            Problem::YamlTooDeep { .. } => "yaml-too-deep",
            Problem::SameFileTwice { .. } => "same-file-twice",
            Problem::NoLanguage => "no-language",
            Problem::InvalidLanguage { .. } => "invalid-language",
            Problem::InvalidId { .. } => "invalid-id",
            Problem::DuplicateId { .. } => "duplicate-id",
            Problem::UnknownTheme { .. } => "unknown-theme",
            Problem::UnknownLabel { .. } => "unknown-label",
            Problem::UnknownField { .. } => "unknown-field",
            Problem::FieldNotInProcedure { .. } => "field-not-in-procedure",
            Problem::UnknownStep { .. } => "unknown-step",
            Problem::UnknownEmail { .. } => "unknown-email",
            Problem::MalformedReference { .. } => "malformed-reference",
            Problem::UnknownWordsId { .. } => "unknown-words-id",
            Problem::MissingWords { .. } => "missing-words",
            Problem::MissingTranslation { .. } => "missing-translation",
            Problem::MissingLanguageFile { .. } => "missing-language-file",
            Problem::UnlistedLanguage { .. } => "unlisted-language",
            Problem::MissingFieldLabel { .. } => "missing-field-label",
            Problem::EmailLanguage { .. } => "email-language",
            Problem::MissingEmailText { .. } => "missing-email-text",
            Problem::MissingTitle => "missing-title",
            Problem::UnknownPlaceholder { .. } => "unknown-placeholder",
            Problem::InvalidEmailAddress { .. } => "invalid-email-address",
            Problem::DisallowedLink { .. } => "disallowed-link",
            Problem::MalformedUrl { .. } => "malformed-url",
            Problem::InvalidDate { .. } => "invalid-date",
            Problem::UnreleasedChange { .. } => "unreleased-change",
            Problem::MissingChangelogEntry { .. } => "missing-changelog-entry",
            Problem::ComputedStatus { .. } => "computed-status",
            Problem::ProcedureVerifiedDate => "procedure-verified-date",
            Problem::NotVerified { .. } => "not-verified",
            Problem::SubstepsAndChoice { .. } => "substeps-and-choice",
            Problem::LonelyOption { .. } => "lonely-option",
            Problem::EmptyProcedure { .. } => "empty-procedure",
            Problem::UnusedLabel { .. } => "unused-label",
            Problem::UnusedField { .. } => "unused-field",
            Problem::ImageNotFound { .. } => "image-not-found",
            Problem::ImageOutsideContent { .. } => "image-outside-content",
            Problem::BadImage { .. } => "bad-image",
            Problem::ImageTooLarge { .. } => "image-too-large",
            Problem::EmptyAltText { .. } => "empty-alt-text",
            Problem::UnusedImage { .. } => "unused-image",
            Problem::UnknownScreen { .. } => "unknown-screen",
            Problem::RegionOutsideImage { .. } => "region-outside-image",
            Problem::UnusedScreen { .. } => "unused-screen",
            Problem::MissingScreenTitle { .. } => "missing-screen-title",
            Problem::StaleVerification { .. } => "stale-verification",
            Problem::LabelNotOnScreen { .. } => "label-not-on-screen",
            Problem::BadEvidence { .. } => "bad-evidence",
            Problem::ExtraTranslation { .. } => "extra-translation",
            Problem::LikelyRename { .. } => "likely-rename",
            Problem::ToTranslate { .. } => "to-translate",
            Problem::ExampleBaseUrl { .. } => "example-base-url",
            Problem::OutdatedSchema { .. } => "outdated-schema",
            Problem::StepIdOrInclude => "step-id-or-include",
            Problem::UnknownInclude { .. } => "unknown-include",
            Problem::UnknownInsertPoint { .. } => "unknown-insert-point",
            Problem::IncludeCycle { .. } => "include-cycle",
            Problem::UnknownSharedStep { .. } => "unknown-shared-step",
            Problem::UnknownCountry { .. } => "unknown-country",
            Problem::UnknownAuthority { .. } => "unknown-authority",
            Problem::UnknownChangelogStep { .. } => "unknown-changelog-step",
            Problem::UnknownCategory { .. } => "unknown-category",
            Problem::MissingCategoryTitle { .. } => "missing-category-title",
            Problem::UnknownOrderedProcedure { .. } => "unknown-ordered-procedure",
            Problem::OrderedElsewhere { .. } => "ordered-elsewhere",
            Problem::NotInOrder { .. } => "not-in-order",
            Problem::Pdf { .. } => "pdf",
            Problem::InvalidEori { .. } => "invalid-eori",
            Problem::Template { .. } => "template",
        }
    }
}

/// How a kind of problem is reported. The severity is chosen where a problem is found
/// ([`crate::source::Diagnostic::error`] or `warning`); this is what the catalogue promises, and
/// the test suite holds the fixtures' diagnostics to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// Always an error: the build stops and `output/` is left as it was.
    Error,
    /// Always a warning: reported, and the build goes on (`check --deny-warnings` fails).
    Warning,
    /// An error in the source language, a warning in a translation (which falls back to it).
    ErrorInSourceLanguage,
}

impl Reported {
    /// Whether a problem of this kind may be reported as an error.
    pub fn can_be_error(self) -> bool {
        self != Reported::Warning
    }

    /// Whether a problem of this kind may be reported as a warning.
    pub fn can_be_warning(self) -> bool {
        self != Reported::Error
    }

    /// How `docs/diagnostics.md` says it.
    pub fn describe(self) -> &'static str {
        match self {
            Reported::Error => "error",
            Reported::Warning => "warning",
            Reported::ErrorInSourceLanguage => {
                "error in the source language, warning in a translation"
            }
        }
    }
}

/// One kind of problem as the user documentation lists it.
#[derive(Debug, Clone)]
pub struct CatalogueEntry {
    /// The kind of problem.
    pub kind: ProblemKind,
    /// Its stable code ([`Problem::code`]).
    pub code: &'static str,
    /// Whether it is an error or a warning.
    pub reported: Reported,
    /// What it means: the variant's doc comment, on one line.
    pub meaning: String,
    /// A problem of this kind with plausible details, for its message.
    pub example: Problem,
}

impl Problem {
    /// Every kind of problem, in the order of the enum, with its code, severity, meaning and an
    /// example: the source of `docs/diagnostics.md` (regenerated and compared by the test suite).
    ///
    /// Adding a variant without an entry here does not compile: [`ProblemKind`] is derived from
    /// the enum and the match below is exhaustive.
    pub fn catalogue() -> Vec<CatalogueEntry> {
        ProblemKind::iter()
            .map(|kind| {
                let (reported, example) = example_of(kind);
                debug_assert_eq!(ProblemKind::from(&example), kind);
                let meaning = kind
                    .get_documentation()
                    .unwrap_or_default()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                CatalogueEntry {
                    kind,
                    code: example.code(),
                    reported,
                    meaning,
                    example,
                }
            })
            .collect()
    }
}

/// How each kind is reported, and an example of it (details as in the test fixtures).
fn example_of(kind: ProblemKind) -> (Reported, Problem) {
    use Reported::{Error, ErrorInSourceLanguage, Warning};
    let s = |text: &str| text.to_string();
    match kind {
        ProblemKind::Unreadable => (
            Error,
            Problem::Unreadable {
                message: s("Too many levels of symbolic links (os error 40)"),
            },
        ),
        ProblemKind::OutsideProject => (
            Error,
            Problem::OutsideProject {
                path: s("content/labels"),
                target: s("/usr/share"),
            },
        ),
        ProblemKind::ResolvesOutside => (
            Error,
            Problem::ResolvesOutside {
                path: s("content/procedures/demo/nl.md"),
                target: s("/srv/elsewhere/demo/nl.md"),
            },
        ),
        ProblemKind::TooLarge => (
            Error,
            Problem::TooLarge {
                limit: 8 * 1024 * 1024,
            },
        ),
        ProblemKind::NotUtf8 => (Error, Problem::NotUtf8),
        ProblemKind::Missing => (
            Error,
            Problem::Missing {
                what: s("`content/site.yaml`"),
            },
        ),
        ProblemKind::Yaml => (
            Error,
            Problem::Yaml {
                message: s(
                    "sections[0].steps[0]: unknown key `substep`; did you mean `substeps`? (expected one of `id`, `include`, `insert`, `substeps`, `choice`, `email`, `result`)",
                ),
            },
        ),
        ProblemKind::YamlTooDeep => (Error, Problem::YamlTooDeep { max: 64 }),
        ProblemKind::SameFileTwice => (
            Error,
            Problem::SameFileTwice {
                first: s("content/labels/app.yaml"),
                second: s("content/labels/app.yml"),
            },
        ),
        ProblemKind::NoLanguage => (Error, Problem::NoLanguage),
        ProblemKind::InvalidLanguage => (Error, Problem::InvalidLanguage { code: s("NL") }),
        ProblemKind::InvalidId => (
            Error,
            Problem::InvalidId {
                id: s("Press_Save"),
            },
        ),
        ProblemKind::DuplicateId => (
            Error,
            Problem::DuplicateId {
                id: s("open"),
                first: Location {
                    path: "content/procedures/demo/procedure.yaml".into(),
                    line: 6,
                    column: 13,
                    source_line: String::new(),
                    quote_column: 13,
                    width: 0,
                },
            },
        ),
        ProblemKind::UnknownTheme => (Error, Problem::UnknownTheme { name: s("fancy") }),
        ProblemKind::InvalidThemeName => (
            Error,
            Problem::InvalidThemeName {
                name: s("../../etc"),
            },
        ),
        ProblemKind::UnknownLabel => (
            Error,
            Problem::UnknownLabel {
                reference: s("traces:crate"),
                suggestion: Some(s("traces:create")),
            },
        ),
        ProblemKind::UnknownField => (
            Error,
            Problem::UnknownField {
                id: s("vat"),
                suggestion: None,
            },
        ),
        ProblemKind::FieldNotInProcedure => (
            Error,
            Problem::FieldNotInProcedure {
                id: s("country"),
                procedure: s("flegt-access"),
            },
        ),
        ProblemKind::UnknownStep => (
            Error,
            Problem::UnknownStep {
                id: s("opne"),
                suggestion: Some(s("open")),
            },
        ),
        ProblemKind::UnknownEmail => (
            Error,
            Problem::UnknownEmail {
                id: s("helo"),
                suggestion: Some(s("hello")),
            },
        ),
        ProblemKind::MalformedReference => (Error, Problem::MalformedReference { text: s("save") }),
        ProblemKind::UnknownWordsId => (
            Error,
            Problem::UnknownWordsId {
                id: s("press-save"),
                owner: s("procedure `flegt-access`"),
                suggestion: None,
            },
        ),
        ProblemKind::MissingWords => (
            Error,
            Problem::MissingWords {
                id: s("confirm"),
                lang: s("nl"),
                before: Some(s("send-email")),
            },
        ),
        ProblemKind::MissingTranslation => (
            Warning,
            Problem::MissingTranslation {
                id: s("confirm"),
                lang: s("en"),
                source_lang: s("nl"),
                before: None,
            },
        ),
        ProblemKind::MissingLanguageFile => (
            Warning,
            Problem::MissingLanguageFile {
                owner: s("shared steps `eu-login`"),
                lang: s("en"),
                source_lang: s("nl"),
            },
        ),
        ProblemKind::UnlistedLanguage => (Warning, Problem::UnlistedLanguage { lang: s("it") }),
        ProblemKind::EmailLanguage => (
            Error,
            Problem::EmailLanguage {
                email: s("hello"),
                part: "subject",
                lang: s("fr"),
            },
        ),
        ProblemKind::MissingEmailText => (
            ErrorInSourceLanguage,
            Problem::MissingEmailText {
                email: s("hello"),
                part: "body",
                lang: s("en"),
                source_lang: s("nl"),
            },
        ),
        ProblemKind::MissingFieldLabel => (
            ErrorInSourceLanguage,
            Problem::MissingFieldLabel {
                id: s("eori"),
                lang: s("nl"),
            },
        ),
        ProblemKind::MissingTitle => (Error, Problem::MissingTitle),
        ProblemKind::UnknownPlaceholder => {
            (Error, Problem::UnknownPlaceholder { name: s("company") })
        }
        ProblemKind::InvalidEmailAddress => (
            Error,
            Problem::InvalidEmailAddress {
                address: s("flegt@environment"),
            },
        ),
        ProblemKind::DisallowedLink => (
            Error,
            Problem::DisallowedLink {
                url: s("javascript:alert(1)"),
            },
        ),
        ProblemKind::MalformedUrl => (
            Error,
            Problem::MalformedUrl {
                url: s("https://exa mple.org/"),
            },
        ),
        ProblemKind::InvalidDate => (
            Error,
            Problem::InvalidDate {
                date: s("2026-02-30"),
            },
        ),
        ProblemKind::ComputedStatus => (
            Error,
            Problem::ComputedStatus {
                written: s("verified"),
                instead: s("`status: published`"),
            },
        ),
        ProblemKind::ProcedureVerifiedDate => (Error, Problem::ProcedureVerifiedDate),
        ProblemKind::NotVerified => (
            Error,
            Problem::NotVerified {
                id: s("flegt-access"),
                state: s("not verified (0 of 16 screen labels)"),
            },
        ),
        ProblemKind::UnreleasedChange => (
            Warning,
            Problem::UnreleasedChange {
                id: s("flegt-access"),
                version: s("1.0"),
                changes: s("3.d click-certificates reworded (renamed traces:certificates)"),
            },
        ),
        ProblemKind::MissingChangelogEntry => (
            Warning,
            Problem::MissingChangelogEntry {
                id: s("flegt-access"),
                version: s("1.1"),
                published: s("1.0"),
            },
        ),
        ProblemKind::SubstepsAndChoice => (
            Error,
            Problem::SubstepsAndChoice {
                id: s("click-operator"),
            },
        ),
        ProblemKind::LonelyOption => (Error, Problem::LonelyOption { id: s("decide") }),
        ProblemKind::TooDeep => (
            Error,
            Problem::TooDeep {
                id: s("level-9"),
                depth: 9,
                max: 8,
            },
        ),
        ProblemKind::ChecklistTooLong => (
            Error,
            Problem::ChecklistTooLong {
                id: s("inventory"),
                step: s("count-2001"),
                number: 2001,
                max: 2000,
            },
        ),
        ProblemKind::EmptyProcedure => (Error, Problem::EmptyProcedure { id: s("eudr-dds") }),
        ProblemKind::UnusedLabel => (
            Warning,
            Problem::UnusedLabel {
                reference: s("traces:cancel"),
            },
        ),
        ProblemKind::UnusedField => (Warning, Problem::UnusedField { id: s("phone") }),
        ProblemKind::ImageNotFound => (
            Error,
            Problem::ImageNotFound {
                src: s("scherm.png"),
                path: s("content/procedures/demo/scherm.png"),
            },
        ),
        ProblemKind::ImageOutsideContent => (
            Error,
            Problem::ImageOutsideContent {
                src: s("../../../scherm.png"),
            },
        ),
        ProblemKind::BadImage => (
            Error,
            Problem::BadImage {
                src: s("scherm.png"),
                reason: s("unexpected end of file"),
            },
        ),
        ProblemKind::ImageTooLarge => (
            Error,
            Problem::ImageTooLarge {
                src: s("scherm.png"),
                size: s("10001 × 2 pixels"),
            },
        ),
        ProblemKind::EmptyAltText => (
            Warning,
            Problem::EmptyAltText {
                src: s("scherm.png"),
            },
        ),
        ProblemKind::UnusedImage => (
            Warning,
            Problem::UnusedImage {
                path: s("procedures/demo/oud.png"),
            },
        ),
        ProblemKind::UnknownScreen => (
            Error,
            Problem::UnknownScreen {
                screen: s("operator-serach"),
                system: s("TRACES NT"),
                known: vec![s("operator-search"), s("new-operator")],
            },
        ),
        ProblemKind::RegionOutsideImage => (
            Error,
            Problem::RegionOutsideImage {
                what: s("the region of label `create`"),
                x: 1200,
                y: 700,
                width: 120,
                height: 32,
                image: s("traces/new-operator.png"),
                image_width: 1280,
                image_height: 720,
            },
        ),
        ProblemKind::UnusedScreen => (
            Warning,
            Problem::UnusedScreen {
                reference: s("traces:certificates"),
            },
        ),
        ProblemKind::MissingScreenTitle => (
            ErrorInSourceLanguage,
            Problem::MissingScreenTitle {
                reference: s("traces:operator-search"),
                lang: s("de"),
            },
        ),
        ProblemKind::StaleVerification => (
            Warning,
            Problem::StaleVerification {
                what: s("screen label `traces:create`"),
                date: s("2025-10-01"),
                days: 243,
                max: 180,
            },
        ),
        ProblemKind::LabelNotOnScreen => (
            Error,
            Problem::LabelNotOnScreen {
                label: s("traces:send-authorisation-request"),
                text: s("Send authorization Request"),
                screen: s("operator-request"),
                evidence: s("evidence/traces/operator-request.png"),
                closest: s(
                    "the screen shows `Send authorisation request` (similarity 0.96): if TRACES renamed it, change content/labels/traces.yaml:41 (`stepbook verify --fix` does)",
                ),
            },
        ),
        ProblemKind::BadEvidence => (
            Error,
            Problem::BadEvidence {
                path: s("evidence/traces/operator-request.png"),
                reason: s("not a PNG or JPEG image: unexpected end of file"),
            },
        ),
        ProblemKind::ExtraTranslation => (
            Warning,
            Problem::ExtraTranslation {
                id: s("press-cancel"),
                lang: s("en"),
                source_lang: s("nl"),
                owner: s("procedure `flegt-access`"),
            },
        ),
        ProblemKind::LikelyRename => (
            ErrorInSourceLanguage,
            Problem::LikelyRename {
                id: s("click-save"),
                expected: s("press-save"),
                owner: s("procedure `flegt-access`"),
                lang: s("fr"),
                source_lang: s("nl"),
            },
        ),
        ProblemKind::ToTranslate => (Warning, Problem::ToTranslate { lang: s("ja") }),
        ProblemKind::ExampleBaseUrl => (
            Warning,
            Problem::ExampleBaseUrl {
                url: s("https://intranet.example.be/procedures/"),
            },
        ),
        ProblemKind::OutdatedSchema => (
            Warning,
            Problem::OutdatedSchema {
                file: s("schemas/site.schema.json"),
                version: s("0.1.0"),
            },
        ),
        ProblemKind::StepIdOrInclude => (Error, Problem::StepIdOrInclude),
        ProblemKind::UnknownInclude => (
            Error,
            Problem::UnknownInclude {
                include: s("eu-logon"),
            },
        ),
        ProblemKind::UnknownInsertPoint => (
            Error,
            Problem::UnknownInsertPoint {
                id: s("sign-out"),
                include: s("traces-operator"),
            },
        ),
        ProblemKind::UnknownSharedStep => (
            Error,
            Problem::UnknownSharedStep {
                id: s("eu-login-account"),
                procedure: s("eudr-dds"),
                suggestion: Some(s("eu-login-accounts")),
            },
        ),
        ProblemKind::IncludeCycle => (
            Error,
            Problem::IncludeCycle {
                chain: s("login → account → login"),
            },
        ),
        ProblemKind::UnknownCountry => (Error, Problem::UnknownCountry { code: s("XX") }),
        ProblemKind::UnknownAuthority => (
            Error,
            Problem::UnknownAuthority {
                authority: s("eudr"),
                country: s("BE"),
            },
        ),
        ProblemKind::UnknownChangelogStep => (
            Error,
            Problem::UnknownChangelogStep {
                version: s("1.1"),
                id: s("press-delet"),
                suggestion: Some(s("press-delete")),
            },
        ),
        ProblemKind::UnknownCategory => (
            Error,
            Problem::UnknownCategory {
                id: s("timbre-import"),
                suggestion: Some(s("timber-import")),
            },
        ),
        ProblemKind::MissingCategoryTitle => (
            ErrorInSourceLanguage,
            Problem::MissingCategoryTitle {
                id: s("timber-import"),
                lang: s("de"),
            },
        ),
        ProblemKind::UnknownOrderedProcedure => (
            Error,
            Problem::UnknownOrderedProcedure {
                category: s("timber-import"),
                id: s("flegt-acess"),
                suggestion: Some(s("flegt-access")),
            },
        ),
        ProblemKind::OrderedElsewhere => (
            Error,
            Problem::OrderedElsewhere {
                category: s("timber-import"),
                id: s("eudr-dds"),
                actual: Some(s("deforestation")),
            },
        ),
        ProblemKind::NotInOrder => (
            Warning,
            Problem::NotInOrder {
                id: s("eudr-dds"),
                category: s("timber-import"),
            },
        ),
        ProblemKind::Pdf => (
            Error,
            Problem::Pdf {
                message: s("end of data reached unexpectedly"),
            },
        ),
        ProblemKind::InvalidEori => (
            Error,
            Problem::InvalidEori {
                eori: s("BE0314595349"),
                reason: s("the check digits of the Belgian enterprise number should be 48"),
            },
        ),
        ProblemKind::Template => (
            Error,
            Problem::Template {
                message: s("Unknown template `partials/procedure-list.html`"),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_every_kind_once_with_its_own_example() {
        let catalogue = Problem::catalogue();
        assert_eq!(catalogue.len(), ProblemKind::iter().count());
        let mut codes = std::collections::BTreeSet::new();
        for entry in &catalogue {
            assert_eq!(ProblemKind::from(&entry.example), entry.kind);
            assert!(codes.insert(entry.code), "code `{}` twice", entry.code);
            assert!(
                entry.code.split('-').all(|w| !w.is_empty()
                    && w.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
                "code `{}` is not kebab-case",
                entry.code
            );
            assert!(
                entry.meaning.ends_with('.') && !entry.meaning.contains("  "),
                "the doc comment of {:?} is its meaning in docs/diagnostics.md: one sentence",
                entry.kind
            );
        }
    }
}
