//! The build manifest (`output/manifest.json`) and the change report between two of them.
//!
//! Every build writes, per procedure: its version, status and date, and per language every
//! section, step, option and result in reading order with its number, its parent, a hash of its
//! rendered words and the screen labels it uses; and the text of every label. `stepbook diff`
//! and `stepbook check` compare the content with such a manifest, so a maintainer sees what a
//! one-line edit touched. Shared steps appear in every procedure that includes them, so a change
//! to one is reported for each of those procedures.

use std::collections::{BTreeMap, BTreeSet};

use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::model::{Library, Procedure, Target, Words};
use crate::view::{OptionView, ProcedureView, Prose, StepView};

/// The shape of the manifest; bumped when it changes incompatibly.
pub const FORMAT: u32 = 1;

/// What a build contained.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// Every screen label, `system:id` → text as on screen.
    pub labels: BTreeMap<String, String>,
    /// Every procedure, by id.
    pub procedures: BTreeMap<String, ProcedureEntry>,
}

/// One procedure in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureEntry {
    /// Its version.
    pub version: String,
    /// `draft`, `verified` or `outdated`.
    pub status: String,
    /// The date of its version (changelog entry or verification), if any.
    pub date: Option<String>,
    /// Its items in reading order, per language.
    pub languages: BTreeMap<String, Vec<ItemEntry>>,
}

/// A section, step, option or result of a procedure page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEntry {
    /// Its id (the anchor on the page).
    pub id: String,
    /// `section`, `step`, `option` or `result`.
    pub kind: String,
    /// Its number as shown (`2.d.b.5`).
    pub number: String,
    /// The id of the item it sits in (none for sections).
    pub parent: Option<String>,
    /// The shared group it comes from, if it was included.
    pub shared: Option<String>,
    /// The first 16 hex digits of the SHA-256 of its words as rendered (title, body, e-mail).
    pub hash: String,
    /// The screen labels its words use (`system:id`).
    pub labels: Vec<String>,
}

/// Where a screen label is used: one item of one procedure, and the languages whose pages
/// show it there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelUse {
    /// The procedure id.
    pub procedure: String,
    /// The item id.
    pub id: String,
    /// Its number.
    pub number: String,
    /// The shared group it comes from, if any.
    pub shared: Option<String>,
    /// The languages whose words use the label there.
    pub languages: Vec<String>,
}

impl Manifest {
    /// Every item that uses `label` (`system:id`), in procedure and reading order.
    pub fn uses_of(&self, label: &str) -> Vec<LabelUse> {
        let mut uses: Vec<LabelUse> = Vec::new();
        for (procedure, entry) in &self.procedures {
            let mut found: Vec<LabelUse> = Vec::new();
            for (lang, items) in &entry.languages {
                for item in items.iter().filter(|i| i.labels.iter().any(|l| l == label)) {
                    match found.iter_mut().find(|u| u.id == item.id) {
                        Some(known) => known.languages.push(lang.clone()),
                        None => found.push(LabelUse {
                            procedure: procedure.clone(),
                            id: item.id.clone(),
                            number: item.number.clone(),
                            shared: item.shared.clone(),
                            languages: vec![lang.clone()],
                        }),
                    }
                }
            }
            uses.extend(found);
        }
        uses
    }
}

/// The manifest of the content as it is now.
pub fn build(library: &Library, views: &BTreeMap<String, Vec<ProcedureView>>) -> Manifest {
    let mut manifest = Manifest {
        format: FORMAT,
        labels: labels(library),
        ..Manifest::default()
    };
    for (lang, procedure_views) in views {
        // `view::all` makes one view per procedure, in the library's order.
        for (view, procedure) in procedure_views.iter().zip(&library.procedures) {
            manifest
                .procedures
                .entry(view.id.clone())
                .or_insert_with(|| entry_of(view))
                .languages
                .insert(lang.clone(), items(library, procedure, lang, view));
        }
    }
    manifest
}

/// The manifest of the content as it is now, each (procedure, language) view made in parallel
/// and dropped once its items are taken, so the views of a large site are never all in memory
/// (`check` and `diff`); the same manifest as [`build`] on [`crate::view::all`].
pub fn of_library(library: &Library) -> Manifest {
    use rayon::prelude::*;
    let mut manifest = Manifest {
        format: FORMAT,
        labels: labels(library),
        ..Manifest::default()
    };
    // In the order of the language codes, as `build` goes: the first language's view gives the
    // procedure's entry.
    let languages: BTreeSet<&String> = library.site.languages.iter().collect();
    for lang in languages {
        let entries: Vec<(String, ProcedureEntry, Vec<ItemEntry>)> = library
            .procedures
            .par_iter()
            .map(|procedure| {
                let view = crate::view::procedure(library, procedure, lang);
                let items = items(library, procedure, lang, &view);
                (view.id.clone(), entry_of(&view), items)
            })
            .collect();
        for (id, entry, items) in entries {
            manifest
                .procedures
                .entry(id)
                .or_insert(entry)
                .languages
                .insert(lang.clone(), items);
        }
    }
    manifest
}

/// Every screen label, `system:id` → text as on screen.
pub fn labels(library: &Library) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    for system in library.labels.values() {
        for (id, label) in system.labels.iter() {
            labels.insert(format!("{}:{id}", system.id), label.text.clone());
        }
    }
    labels
}

/// A procedure's entry without its languages: version, status and date, from one view.
pub fn entry_of(view: &ProcedureView) -> ProcedureEntry {
    ProcedureEntry {
        version: view.version.clone(),
        status: format!("{:?}", view.status).to_lowercase(),
        date: view.date.clone(),
        languages: BTreeMap::new(),
    }
}

/// The items of one procedure's page in one language, in reading order.
pub fn items(
    library: &Library,
    procedure: &Procedure,
    lang: &str,
    view: &ProcedureView,
) -> Vec<ItemEntry> {
    let mut items = Items {
        library,
        procedure,
        lang,
        origins: procedure
            .items()
            .iter()
            .map(|item| (item.id().to_string(), item.origin().map(str::to_string)))
            .collect(),
        out: Vec::new(),
    };
    for section in &view.sections {
        items.push(
            &section.id,
            "section",
            &section.number,
            None,
            &[&section.title, &section.body],
            "",
        );
        for step in &section.steps {
            items.step(step, &section.id);
        }
    }
    items.out
}

/// A manifest gathered one (procedure, language) view at a time, each page's items kept only as
/// compact JSON, and written out at the end: at 10 000 procedures the manifest as structs would
/// be several times the size of its JSON. [`Gathered::write`] writes the same bytes as
/// `serde_json::to_writer` on the [`Manifest`] that [`build`] makes from the same views.
#[derive(Debug, Default)]
pub struct Gathered {
    /// By procedure id: its entry (without languages) and each language's items as JSON.
    procedures: BTreeMap<String, (ProcedureEntry, BTreeMap<String, Box<RawValue>>)>,
}

/// The manifest's part of one procedure page: the procedure's entry and the page's items as
/// compact JSON.
#[derive(Debug)]
pub struct Page {
    id: String,
    entry: ProcedureEntry,
    items: Box<RawValue>,
}

impl Page {
    /// The part of the page of `procedure` in `lang`, from its view.
    pub fn of(library: &Library, procedure: &Procedure, lang: &str, view: &ProcedureView) -> Page {
        let items = items(library, procedure, lang, view);
        Page {
            id: view.id.clone(),
            entry: entry_of(view),
            // Serialising strings and vectors of them cannot fail.
            items: serde_json::value::to_raw_value(&items)
                .unwrap_or_else(|_| RawValue::NULL.to_owned()),
        }
    }
}

impl Gathered {
    /// Adds one page's part (made by [`Page::of`], possibly on another thread).
    pub fn add(&mut self, lang: &str, page: Page) {
        let (_, languages) = self
            .procedures
            .entry(page.id)
            .or_insert_with(|| (page.entry, BTreeMap::new()));
        languages.insert(lang.to_string(), page.items);
    }

    /// Writes the manifest as compact JSON, ended by a newline.
    pub fn write(&self, library: &Library, out: &mut dyn Write) -> std::io::Result<()> {
        /// [`ProcedureEntry`], its languages already JSON.
        #[derive(Serialize)]
        struct Entry<'a> {
            version: &'a str,
            status: &'a str,
            date: &'a Option<String>,
            languages: &'a BTreeMap<String, Box<RawValue>>,
        }
        /// [`Manifest`], its procedures as [`Entry`].
        #[derive(Serialize)]
        struct Whole<'a> {
            format: u32,
            labels: BTreeMap<String, String>,
            procedures: BTreeMap<&'a str, Entry<'a>>,
        }
        let whole = Whole {
            format: FORMAT,
            labels: labels(library),
            procedures: self
                .procedures
                .iter()
                .map(|(id, (entry, languages))| {
                    let entry = Entry {
                        version: &entry.version,
                        status: &entry.status,
                        date: &entry.date,
                        languages,
                    };
                    (id.as_str(), entry)
                })
                .collect(),
        };
        serde_json::to_writer(&mut *out, &whole)?;
        out.write_all(b"\n")
    }
}

struct Items<'a> {
    library: &'a Library,
    procedure: &'a Procedure,
    lang: &'a str,
    origins: BTreeMap<String, Option<String>>,
    out: Vec<ItemEntry>,
}

impl Items<'_> {
    fn step(&mut self, step: &StepView, parent: &str) {
        let email = step.email.as_ref().map_or(String::new(), |email| {
            format!("{}\n{}\n{}", email.mailto, email.title, email.cc_note)
        });
        self.push(
            &step.id,
            "step",
            &step.path,
            Some(parent),
            &[&step.title, &step.body],
            &email,
        );
        for substep in &step.substeps {
            self.step(substep, &step.id);
        }
        for option in &step.options {
            self.option(option, &step.id);
        }
        if let Some(result) = &step.result {
            self.push(
                &result.id,
                "result",
                &step.path,
                Some(&step.id),
                &[&result.title, &result.body],
                "",
            );
        }
    }

    fn option(&mut self, option: &OptionView, parent: &str) {
        self.push(
            &option.id,
            "option",
            &option.path,
            Some(parent),
            &[&option.title, &option.body],
            "",
        );
        for step in &option.steps {
            self.step(step, &option.id);
        }
    }

    fn push(
        &mut self,
        id: &str,
        kind: &str,
        number: &str,
        parent: Option<&str>,
        words: &[&Prose],
        extra: &str,
    ) {
        let mut hasher = Sha256::new();
        for prose in words {
            hasher.update(prose.html.as_bytes());
            hasher.update([0]);
        }
        hasher.update(extra.as_bytes());
        let hash: String = hasher.finalize()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let shared = self.origins.get(id).cloned().flatten();
        self.out.push(ItemEntry {
            id: id.to_string(),
            kind: kind.to_string(),
            number: number.to_string(),
            parent: parent.map(str::to_string),
            labels: labels_of(
                self.library,
                self.procedure,
                shared.as_deref(),
                self.lang,
                id,
            ),
            shared,
            hash,
        });
    }
}

/// The labels the words of item `id` use, in the language the page shows them in.
fn labels_of(
    library: &Library,
    procedure: &Procedure,
    origin: Option<&str>,
    lang: &str,
    id: &str,
) -> Vec<String> {
    let all = library.words_of(procedure, origin);
    let found = [lang, library.source_language()]
        .into_iter()
        .filter_map(|lang| all.get(lang))
        .find_map(|words: &Words| Some((words, words.blocks.get(id)?)));
    let Some((words, block)) = found else {
        return Vec::new();
    };
    let span = block.heading.start..block.body.end;
    let labels: BTreeSet<String> = words
        .references
        .iter()
        .filter(|r| span.contains(&r.range.start))
        .filter_map(|r| match &r.target {
            Some(Target::Label { system, id }) => Some(format!("{system}:{id}")),
            _ => None,
        })
        .collect();
    labels.into_iter().collect()
}

/// What changed between two manifests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Procedures with changes, by id.
    pub procedures: Vec<ProcedureDiff>,
    /// Labels whose text changed, were added or were removed.
    pub labels: Vec<LabelChange>,
}

/// The changes of one procedure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ProcedureDiff {
    /// The procedure id.
    pub id: String,
    /// Its version in the old manifest (none if the procedure is new).
    pub old_version: Option<String>,
    /// Its version now (none if it was removed).
    pub new_version: Option<String>,
    /// Its status before and now, if it changed (`draft` → `verified`).
    pub status: Option<(String, String)>,
    /// Languages it has now and did not have before.
    pub languages_added: Vec<String>,
    /// Languages it had before and has no longer.
    pub languages_removed: Vec<String>,
    /// Changed items, in the current reading order (removed ones last).
    pub changes: Vec<Change>,
}

/// One changed section, step, option or result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// `added`, `removed`, `reworded` or `moved`.
    pub kind: ChangeKind,
    /// The item id.
    pub id: String,
    /// `section`, `step`, `option` or `result`.
    pub item: String,
    /// Its number now (or before, if removed).
    pub number: String,
    /// The shared group it comes from, if any.
    pub shared: Option<String>,
    /// For `reworded`: the languages whose words changed.
    pub languages: Vec<String>,
    /// For `reworded`: the renamed labels it uses (the likely reason).
    pub renamed_labels: Vec<String>,
}

/// How an item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// New in this version.
    Added,
    /// Gone.
    Removed,
    /// Same place, different words in some language.
    Reworded,
    /// Another parent, or another order among its siblings.
    Moved,
}

/// A label that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelChange {
    /// `system:id`.
    pub id: String,
    /// The text before (none if new).
    pub old: Option<String>,
    /// The text now (none if removed).
    pub new: Option<String>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.procedures.is_empty() && self.labels.is_empty()
    }

    /// How many items changed, in all procedures.
    pub fn change_count(&self) -> usize {
        self.procedures.iter().map(|p| p.changes.len()).sum()
    }
}

/// Compares an old manifest with a new one.
pub fn diff(old: &Manifest, new: &Manifest) -> Diff {
    let mut labels = Vec::new();
    for id in old
        .labels
        .keys()
        .chain(new.labels.keys())
        .collect::<BTreeSet<_>>()
    {
        let (before, after) = (old.labels.get(id), new.labels.get(id));
        if before != after {
            labels.push(LabelChange {
                id: id.clone(),
                old: before.cloned(),
                new: after.cloned(),
            });
        }
    }
    let renamed: BTreeSet<&str> = labels
        .iter()
        .filter(|l| l.old.is_some() && l.new.is_some())
        .map(|l| l.id.as_str())
        .collect();
    let mut procedures = Vec::new();
    let ids: BTreeSet<&String> = old.procedures.keys().chain(new.procedures.keys()).collect();
    for id in ids {
        let (before, after) = (old.procedures.get(id), new.procedures.get(id));
        let changes = compare(before, after, &renamed);
        let version = |entry: Option<&ProcedureEntry>| entry.map(|e| e.version.clone());
        let languages = |entry: Option<&ProcedureEntry>| -> BTreeSet<String> {
            entry.map_or_else(BTreeSet::new, |e| e.languages.keys().cloned().collect())
        };
        let (had, has) = (languages(before), languages(after));
        let languages_added: Vec<String> = match before {
            Some(_) => has.difference(&had).cloned().collect(),
            None => Vec::new(),
        };
        let languages_removed: Vec<String> = match after {
            Some(_) => had.difference(&has).cloned().collect(),
            None => Vec::new(),
        };
        let status = match (before, after) {
            (Some(b), Some(a)) if b.status != a.status => {
                Some((b.status.clone(), a.status.clone()))
            }
            _ => None,
        };
        if !changes.is_empty()
            || status.is_some()
            || version(before) != version(after)
            || !languages_added.is_empty()
            || !languages_removed.is_empty()
        {
            procedures.push(ProcedureDiff {
                id: id.clone(),
                old_version: version(before),
                new_version: version(after),
                status,
                languages_added,
                languages_removed,
                changes,
            });
        }
    }
    Diff { procedures, labels }
}

/// The changes of one procedure. Structure (added, removed, moved) is judged in the language
/// both manifests have first (the source language); words in every language both have.
fn compare(
    old: Option<&ProcedureEntry>,
    new: Option<&ProcedureEntry>,
    renamed: &BTreeSet<&str>,
) -> Vec<Change> {
    let empty = BTreeMap::new();
    let old_langs = old.map_or(&empty, |e| &e.languages);
    let new_langs = new.map_or(&empty, |e| &e.languages);
    let structure = |langs: &BTreeMap<String, Vec<ItemEntry>>| {
        langs
            .iter()
            .find(|(lang, _)| old_langs.contains_key(*lang) && new_langs.contains_key(*lang))
            .or_else(|| langs.iter().next())
            .map(|(_, items)| items.clone())
            .unwrap_or_default()
    };
    let (before, after) = (structure(old_langs), structure(new_langs));
    let before_by_id: BTreeMap<&str, &ItemEntry> =
        before.iter().map(|i| (i.id.as_str(), i)).collect();
    let after_ids: BTreeSet<&str> = after.iter().map(|i| i.id.as_str()).collect();
    let before_ids: BTreeSet<&str> = before_by_id.keys().copied().collect();
    let change = |kind, item: &ItemEntry| Change {
        kind,
        id: item.id.clone(),
        item: item.kind.clone(),
        number: item.number.clone(),
        shared: item.shared.clone(),
        languages: Vec::new(),
        renamed_labels: Vec::new(),
    };
    let mut changes = Vec::new();
    for item in &after {
        let Some(previous) = before_by_id.get(item.id.as_str()) else {
            changes.push(change(ChangeKind::Added, item));
            continue;
        };
        let moved = previous.parent != item.parent
            || sibling_rank(&before, previous, &after_ids)
                != sibling_rank(&after, item, &before_ids);
        if moved {
            changes.push(change(ChangeKind::Moved, item));
        }
        let languages: Vec<String> = new_langs
            .iter()
            .filter_map(|(lang, items)| {
                let now = items.iter().find(|i| i.id == item.id)?;
                let then = old_langs.get(lang)?.iter().find(|i| i.id == item.id)?;
                (now.hash != then.hash).then(|| lang.clone())
            })
            .collect();
        if !languages.is_empty() {
            let mut reworded = change(ChangeKind::Reworded, item);
            reworded.renamed_labels = item
                .labels
                .iter()
                .filter(|l| renamed.contains(l.as_str()))
                .cloned()
                .collect();
            reworded.languages = languages;
            changes.push(reworded);
        }
    }
    for item in before.iter().filter(|i| !after_ids.contains(i.id.as_str())) {
        changes.push(change(ChangeKind::Removed, item));
    }
    changes
}

/// The position of `item` among its siblings that exist in both manifests, so inserting or
/// removing a step does not count as moving the ones after it.
fn sibling_rank(items: &[ItemEntry], item: &ItemEntry, common: &BTreeSet<&str>) -> usize {
    items
        .iter()
        .filter(|i| {
            i.parent == item.parent && i.kind == item.kind && common.contains(i.id.as_str())
        })
        .position(|i| i.id == item.id)
        .unwrap_or(0)
}

impl std::fmt::Display for Diff {
    /// A readable report, one line per change.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.is_empty() {
            return writeln!(f, "no changes");
        }
        for procedure in &self.procedures {
            match (&procedure.old_version, &procedure.new_version) {
                (None, Some(new)) => writeln!(f, "{} (new, version {new})", procedure.id)?,
                (Some(old), None) => writeln!(f, "{} (removed, was version {old})", procedure.id)?,
                (Some(old), Some(new)) if old != new => {
                    writeln!(f, "{} (version {old} → {new})", procedure.id)?
                }
                (_, Some(new)) => writeln!(f, "{} (version {new})", procedure.id)?,
                (None, None) => {}
            }
            if let Some((old, new)) = &procedure.status {
                writeln!(f, "  status: {old} → {new}")?;
            }
            if !procedure.languages_added.is_empty() {
                writeln!(
                    f,
                    "  languages added: {}",
                    procedure.languages_added.join(", ")
                )?;
            }
            if !procedure.languages_removed.is_empty() {
                writeln!(
                    f,
                    "  languages removed: {}",
                    procedure.languages_removed.join(", ")
                )?;
            }
            for change in &procedure.changes {
                let kind = format!("{:?}", change.kind).to_lowercase();
                write!(f, "  {kind:<9} {:<9} {}", change.number, change.id)?;
                if let Some(group) = &change.shared {
                    write!(f, " (shared: {group})")?;
                }
                if !change.languages.is_empty() {
                    write!(f, " [{}]", change.languages.join(", "))?;
                }
                if !change.renamed_labels.is_empty() {
                    write!(f, " uses renamed {}", change.renamed_labels.join(", "))?;
                }
                writeln!(f)?;
            }
        }
        for label in &self.labels {
            match (&label.old, &label.new) {
                (Some(old), Some(new)) => {
                    writeln!(f, "label {} renamed: {old:?} → {new:?}", label.id)?
                }
                (None, Some(new)) => writeln!(f, "label {} added: {new:?}", label.id)?,
                (Some(old), None) => writeln!(f, "label {} removed (was {old:?})", label.id)?,
                (None, None) => {}
            }
        }
        Ok(())
    }
}
