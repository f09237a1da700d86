//! Versions readers can trust: two copies (page or paper) that tell the reader different things
//! must never carry the same version.
//!
//! `stepbook release <procedure>` records what readers see of a procedure (per language: every
//! item's number and a hash of its words as rendered, labels included, and its fields) in
//! `content/procedures/<id>/published.json`, next to its `procedure.yaml`, so the record is
//! committed with the content and survives `output/` being rebuilt. `check` and `build` compare
//! the content with that record ([`unreleased`]) and warn when what readers see changed while
//! the version did not. A release raises the version (`MAJOR.MINOR`: the minor number, or with
//! `--major` the major one), adds the changelog entry (the note in the source language, the
//! other languages listed as to translate) with a targeted edit of `procedure.yaml` that keeps
//! its comments and layout, and writes the new record.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::diff::{self, Change, ChangeKind};
use super::manifest::{self, ItemEntry, ProcedureEntry};
use super::{Error, check};
use crate::model::{self, Library, Procedure};
use crate::project::Project;
use crate::source::{Diagnostic, Problem, Span, Spanned};

/// The record's file name in a procedure's folder.
pub const PUBLISHED: &str = "published.json";

/// The shape of the record; bumped when it changes incompatibly.
pub const FORMAT: u32 = 1;

/// What readers saw of a procedure when it was last released.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    /// [`FORMAT`].
    pub format: u32,
    /// The procedure id.
    pub id: String,
    /// The version released.
    pub version: String,
    /// Its date (the changelog entry's), if any.
    pub date: Option<String>,
    /// The screen labels its words use, `system:id` → text as on screen.
    pub labels: BTreeMap<String, String>,
    /// Per language, a hash of its fields as shown (label, hint, kind, in order).
    pub fields: BTreeMap<String, String>,
    /// Per language, its items in reading order.
    pub languages: BTreeMap<String, Vec<ItemEntry>>,
}

/// Where the record of procedure `id` is.
pub fn record_path(project: &Project, id: &str) -> PathBuf {
    project.path(Path::new("content/procedures").join(id).join(PUBLISHED))
}

/// What readers see of `procedure` now, in every language of the site.
pub fn record(library: &Library, procedure: &Procedure) -> Published {
    let mut fields = BTreeMap::new();
    let mut languages = BTreeMap::new();
    for lang in &library.site.languages {
        let view = crate::view::procedure(library, procedure, lang);
        let shown: Vec<(&str, &str, &str, String)> = view
            .fields
            .iter()
            .map(|f| {
                let kind = format!("{:?}", f.kind);
                (f.id.as_str(), f.label.as_str(), f.hint.as_str(), kind)
            })
            .collect();
        // Serialising strings cannot fail.
        let json = serde_json::to_vec(&shown).unwrap_or_default();
        fields.insert(lang.clone(), hex16(&Sha256::digest(&json)));
        languages.insert(
            lang.clone(),
            manifest::reader_items(library, procedure, lang, &view),
        );
    }
    let labels = model::verification::labels_used(library, procedure)
        .into_iter()
        .filter_map(|(system, id)| {
            let (_, label) = library.label(&system, &id)?;
            Some((format!("{system}:{id}"), label.text.clone()))
        })
        .collect();
    Published {
        format: FORMAT,
        id: procedure.id.clone(),
        version: procedure.version.value.clone(),
        date: procedure
            .changelog
            .iter()
            .find(|entry| entry.version == procedure.version.value)
            .map(|entry| entry.date.value.clone()),
        labels,
        fields,
        languages,
    }
}

fn hex16(bytes: &[u8]) -> String {
    bytes[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the record of procedure `id`, if it has one.
pub fn read_published(project: &Project, id: &str) -> Result<Option<Published>, Error> {
    let path = record_path(project, id);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Error::Usage(format!(
                "cannot read `{}`: {error}",
                path.display()
            )));
        }
    };
    let published: Published = serde_json::from_str(&text).map_err(|error| {
        Error::Usage(format!(
            "`{}` is not a stepbook release record ({error}): restore it from version control",
            path.display()
        ))
    })?;
    if published.format != FORMAT || published.id != id {
        return Err(Error::Usage(format!(
            "`{}` is not the release record of `{id}` in format {FORMAT}: restore it from version control",
            path.display()
        )));
    }
    Ok(Some(published))
}

/// What readers see differently now than in `published`: changed items in reading order, and
/// the languages whose fields changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReaderChanges {
    /// Items added, removed, reworded, moved or renumbered.
    pub items: Vec<Change>,
    /// Languages whose fields (labels, hints, kinds, order) changed.
    pub fields: Vec<String>,
}

impl ReaderChanges {
    /// Whether readers see the same.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.fields.is_empty()
    }

    /// The ids of the items a changelog entry should name: those added, reworded, moved or
    /// renumbered (a removed one is gone), each once, in reading order.
    pub fn changed_ids(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.items
            .iter()
            .filter(|c| c.kind != ChangeKind::Removed)
            .filter(|c| seen.insert(c.id.clone()))
            .map(|c| c.id.clone())
            .collect()
    }

    /// One line per change, for messages: `3.d click-certificates reworded (renamed
    /// traces:certificates)`; at most `limit` of them, then how many more.
    pub fn describe(&self, limit: usize) -> String {
        let mut parts: Vec<String> = self
            .items
            .iter()
            .map(|c| {
                let kind = format!("{:?}", c.kind).to_lowercase();
                let mut text = format!("{} {} {kind}", c.number, c.id);
                if let Some(old) = &c.old_number {
                    text.push_str(&format!(" (was {old})"));
                }
                if let Some(group) = &c.shared {
                    text.push_str(&format!(" (shared: {group})"));
                }
                if !c.renamed_labels.is_empty() {
                    text.push_str(&format!(" (renamed {})", c.renamed_labels.join(", ")));
                }
                text
            })
            .collect();
        if !self.fields.is_empty() {
            parts.push(format!("fields changed [{}]", self.fields.join(", ")));
        }
        let more = parts.len().saturating_sub(limit);
        parts.truncate(limit);
        let mut text = parts.join("; ");
        if more > 0 {
            text.push_str(&format!("; and {more} more"));
        }
        text
    }
}

/// Compares what readers see now (`now`) with the record.
pub fn compare(published: &Published, now: &Published) -> ReaderChanges {
    let entry = |p: &Published| ProcedureEntry {
        version: p.version.clone(),
        status: model::Status::Published,
        date: p.date.clone(),
        languages: p.languages.clone(),
    };
    let renamed: BTreeSet<&str> = now
        .labels
        .iter()
        .filter(|(id, text)| published.labels.get(*id).is_some_and(|old| old != *text))
        .map(|(id, _)| id.as_str())
        .collect();
    let items = diff::compare(Some(&entry(published)), Some(&entry(now)), &renamed);
    let fields = now
        .fields
        .iter()
        .filter(|(lang, hash)| published.fields.get(*lang).is_some_and(|old| old != *hash))
        .map(|(lang, _)| lang.clone())
        .collect();
    ReaderChanges { items, fields }
}

/// `check` and `build`: a warning for every released procedure whose readers would see
/// something else under the same version, and for a new version without a changelog entry.
pub fn unreleased(project: &Project, library: &Library) -> Result<Vec<Diagnostic>, Error> {
    // One release record read per procedure: side by side, then in the procedures' order, so
    // the first error is the same as one after another.
    let found: Vec<Result<Option<Diagnostic>, Error>> = library
        .procedures
        .par_iter()
        .map(|procedure| unreleased_one(project, library, procedure))
        .collect();
    let mut warnings = Vec::new();
    for one in found {
        warnings.extend(one?);
    }
    Ok(warnings)
}

/// [`unreleased`] of one procedure.
fn unreleased_one(
    project: &Project,
    library: &Library,
    procedure: &Procedure,
) -> Result<Option<Diagnostic>, Error> {
    let Some(published) = read_published(project, &procedure.id)? else {
        return Ok(None);
    };
    let at = library
        .sources
        .locate_node(procedure.file, procedure.version.span);
    let version = &procedure.version.value;
    if *version != published.version {
        if procedure.changelog.iter().any(|e| e.version == *version) {
            return Ok(None);
        }
        return Ok(Some(Diagnostic::warning(
            at,
            Problem::MissingChangelogEntry {
                id: procedure.id.clone(),
                version: version.clone(),
                published: published.version.clone(),
            },
        )));
    }
    let changes = compare(&published, &record(library, procedure));
    if changes.is_empty() {
        return Ok(None);
    }
    Ok(Some(Diagnostic::warning(
        at,
        Problem::UnreleasedChange {
            id: procedure.id.clone(),
            version: version.clone(),
            changes: changes.describe(8),
        },
    )))
}

/// What `stepbook release` did.
#[derive(Debug, Clone)]
pub struct Released {
    /// The procedure id.
    pub id: String,
    /// The version before.
    pub old_version: String,
    /// The version recorded.
    pub version: String,
    /// The items the new changelog entry names (none for a first record).
    pub steps: Vec<String>,
    /// Whether `procedure.yaml` was edited (a new version and changelog entry).
    pub edited: bool,
    /// Where the record was written.
    pub record: PathBuf,
}

/// `stepbook release <id> [--note TEXT] [--major]`: see the module's documentation. Without a
/// record yet and without a note, records the current version as it is (a project adopting
/// releases); otherwise the note is required.
pub fn release(
    project: &Project,
    id: &str,
    note: Option<&str>,
    major: bool,
) -> Result<Released, Error> {
    let (library, _) = check(project)?;
    let Some(procedure) = library.procedures.iter().find(|p| p.id == id) else {
        let known: Vec<&str> = library.procedures.iter().map(|p| p.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "no procedure `{id}` in content/procedures/ (there are: {})",
            known.join(", ")
        )));
    };
    let published = read_published(project, id)?;
    let now = record(&library, procedure);
    let record_file = record_path(project, id);
    let old_version = procedure.version.value.clone();
    let note = match (note.map(str::trim), &published) {
        (Some(""), _) => {
            return Err(Error::Usage(
                "--note is empty: say what changed for readers".into(),
            ));
        }
        (Some(note), _) => note.to_string(),
        (None, None) => {
            write_atomically(&record_file, &record_json(&now))?;
            return Ok(Released {
                id: id.to_string(),
                version: old_version.clone(),
                old_version,
                steps: Vec::new(),
                edited: false,
                record: record_file,
            });
        }
        (None, Some(_)) => {
            return Err(Error::Usage(format!(
                "--note is required: what changed for readers, in {} (the source language)",
                library.source_language()
            )));
        }
    };
    let changes = published
        .as_ref()
        .map(|p| compare(p, &now))
        .unwrap_or_default();
    if let Some(p) = &published
        && changes.is_empty()
        && p.version == old_version
    {
        return Err(Error::Usage(format!(
            "readers see nothing new in `{id}` since version {} was released: nothing to release",
            p.version
        )));
    }
    // A version already raised by hand since the record is kept; otherwise it is raised.
    let version = match &published {
        Some(p) if p.version != old_version => old_version.clone(),
        _ => raise(&old_version, major).ok_or_else(|| {
            Error::Usage(format!(
                "cannot raise version `{old_version}` of `{id}`: write versions as MAJOR.MINOR (\"1.0\")"
            ))
        })?,
    };
    if procedure.changelog.iter().any(|e| e.version == version) {
        return Err(Error::Usage(format!(
            "the changelog of `{id}` already has an entry for version {version}: edit it, or raise the version by hand"
        )));
    }
    let today = model::date::today(project.today.as_deref()).map_err(Error::Usage)?;
    let steps = changes.changed_ids();
    let source = library.source_language();
    let to_translate: Vec<&str> = library
        .site
        .languages
        .iter()
        .map(String::as_str)
        .filter(|lang| *lang != source)
        .collect();
    let file = library.sources.get(procedure.file);
    let entry = Entry {
        version: &version,
        date: &today.to_string(),
        lang: source,
        note: &note,
        to_translate: &to_translate,
        steps: &steps,
    };
    let edited = edit_yaml(file, &version, &entry)?;
    let yaml_path = file.path.clone();
    write_atomically(&yaml_path, &edited)?;
    // The record is made from the content as released, loaded and checked again.
    let reloaded = check(project).and_then(|(library, _)| {
        let procedure = library
            .procedures
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::Usage(format!("`{id}` is gone after the edit")))?;
        Ok(record(&library, procedure))
    });
    let now = match reloaded {
        Ok(now) => now,
        Err(error) => {
            // Leave the content as it was.
            write_atomically(&yaml_path, &file.text)?;
            return Err(error);
        }
    };
    write_atomically(&record_file, &record_json(&now))?;
    Ok(Released {
        id: id.to_string(),
        old_version,
        version,
        steps,
        edited: true,
        record: record_file,
    })
}

/// `1.0` → `1.1` (or `2.0` with `major`); `3` → `3.1`. `None` if it is not numbers.
pub fn raise(version: &str, major: bool) -> Option<String> {
    let (first, rest) = version.split_once('.').unwrap_or((version, "0"));
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u64>().ok())
            .flatten()
    };
    let (first, rest) = (number(first)?, number(rest)?);
    Some(match major {
        true => format!("{}.0", first.checked_add(1)?),
        false => format!("{first}.{}", rest.checked_add(1)?),
    })
}

fn record_json(published: &Published) -> String {
    // Serialising strings, numbers and maps of them cannot fail.
    serde_json::to_string_pretty(published).unwrap_or_default() + "\n"
}

/// Writes `text` next to `path` and renames it into place, so the file is old or new, never
/// half written.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.stepbook-new"));
    let io =
        |error: std::io::Error| Error::Usage(format!("cannot write `{}`: {error}", path.display()));
    std::fs::write(&temporary, text).map_err(io)?;
    std::fs::rename(&temporary, path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        io(error)
    })
}

/// The new changelog entry.
struct Entry<'a> {
    version: &'a str,
    date: &'a str,
    lang: &'a str,
    note: &'a str,
    to_translate: &'a [&'a str],
    steps: &'a [String],
}

impl Entry<'_> {
    /// The entry as YAML lines: the first starts with `first` (`- ` and its indentation), the
    /// others with `indent`.
    fn lines(&self, first: &str, indent: &str) -> String {
        let quote = |text: &str| serde_json::to_string(text).unwrap_or_default();
        let mut out = format!("{first}version: {}\n", quote(self.version));
        out.push_str(&format!("{indent}date: {}\n", quote(self.date)));
        out.push_str(&format!("{indent}notes:\n"));
        out.push_str(&format!("{indent}  {}: {}\n", self.lang, quote(self.note)));
        if !self.to_translate.is_empty() {
            out.push_str(&format!(
                "{indent}  # to translate: {} (until then, their pages show the {} note)\n",
                self.to_translate.join(", "),
                self.lang
            ));
        }
        out.push_str(&format!("{indent}steps: [{}]\n", self.steps.join(", ")));
        out
    }
}

/// Where `version` and `changelog` are written in a `procedure.yaml`.
#[derive(Deserialize)]
struct Shape {
    version: Spanned<String>,
    #[serde(default)]
    changelog: Option<Spanned<Vec<Spanned<serde::de::IgnoredAny>>>>,
}

/// `procedure.yaml` with the version replaced by `version` and `entry` added as the newest
/// changelog entry; every other byte (comments, order, quoting) as it was.
fn edit_yaml(
    file: &crate::source::SourceFile,
    version: &str,
    entry: &Entry,
) -> Result<String, Error> {
    let text = &file.text;
    let shape: Shape =
        crate::source::yaml::parse(file, 0, text.len()).map_err(|d| Error::Content(vec![d]))?;
    let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |at: usize| text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    // Edits as (span, replacement), applied from the end so earlier offsets stay right.
    let mut edits: Vec<(Span, String)> = Vec::new();
    if shape.version.value != version {
        edits.push((
            shape.version.span,
            serde_json::to_string(version).unwrap_or_default(),
        ));
    }
    match &shape.changelog {
        Some(list) if !list.value.is_empty() => {
            // Before the newest entry, with its `- ` and indentation.
            let first = list.value[0].span.start;
            let start = line_start(first);
            let prefix = &text[start..first];
            // A block list (`  - version: …`); a flow list (`changelog: [{…}]`) is not edited.
            if !prefix.trim_start().starts_with('-')
                || !prefix.trim_start_matches([' ', '-']).is_empty()
            {
                return Err(Error::Usage(format!(
                    "`{}`: write `changelog:` as a block list (`  - version: …` on its own line), then release again",
                    file.path.display()
                )));
            }
            let indent = " ".repeat(prefix.chars().count());
            let at = Span { start, end: start };
            edits.push((at, entry.lines(prefix, &indent)));
        }
        Some(_) => {
            return Err(Error::Usage(format!(
                "`{}`: write `changelog:` as a list of entries (or remove it), then release again",
                file.path.display()
            )));
        }
        None => {
            // A new `changelog:` after the version's line.
            let end = line_end(shape.version.span.end);
            let mut block = String::new();
            if !text[..end].ends_with('\n') {
                block.push('\n');
            }
            block.push_str("changelog:\n");
            block.push_str(&entry.lines("  - ", "    "));
            edits.push((Span { start: end, end }, block));
        }
    }
    edits.sort_by_key(|(span, _)| std::cmp::Reverse(span.start));
    let mut out = text.clone();
    for (span, replacement) in edits {
        out.replace_range(span.range(), &replacement);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::raise;

    #[test]
    fn versions_are_raised_by_their_minor_or_major_number() {
        assert_eq!(raise("1.0", false).as_deref(), Some("1.1"));
        assert_eq!(raise("1.9", false).as_deref(), Some("1.10"));
        assert_eq!(raise("1.9", true).as_deref(), Some("2.0"));
        assert_eq!(raise("3", false).as_deref(), Some("3.1"));
        assert_eq!(raise("1.0-beta", false), None);
        assert_eq!(raise("", false), None);
        assert_eq!(raise("v1.0", false), None);
    }
}
