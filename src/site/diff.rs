//! What changed between two manifests: `stepbook diff`, and the change report of `check`.
//!
//! Structure (added, removed, moved) is judged in the language both manifests have first (the
//! source language); words in every language both have.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::manifest::{ItemEntry, ItemKind, Manifest, ProcedureEntry};
use crate::model::Status;

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
    /// Its status before and now, if it changed (`draft` → `published`).
    pub status: Option<(Status, Status)>,
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
    /// `added`, `removed`, `reworded`, `moved` or `renumbered`.
    pub kind: ChangeKind,
    /// The item id.
    pub id: String,
    /// What the item is.
    pub item: ItemKind,
    /// Its number now (or before, if removed).
    pub number: String,
    /// For `renumbered` and `moved`: its number before, if it changed (people quote these
    /// numbers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_number: Option<String>,
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
    /// Another number (a step added or removed before it: 2.d became 2.e).
    Renumbered,
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
            (Some(b), Some(a)) if b.status != a.status => Some((b.status, a.status)),
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

/// The changes of one procedure (see the module's documentation).
pub(super) fn compare(
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
        item: item.kind,
        number: item.number.clone(),
        old_number: None,
        shared: item.shared.clone(),
        languages: Vec::new(),
        renamed_labels: Vec::new(),
    };
    // Looked up per item below: built once, so a procedure's comparison is linear in its items
    // (a search per item made it quadratic for a very long procedure).
    let (rank_before, rank_after) = (
        sibling_ranks(&before, &after_ids),
        sibling_ranks(&after, &before_ids),
    );
    let (old_hashes, new_hashes) = (hashes(old_langs), hashes(new_langs));
    let mut changes = Vec::new();
    for item in &after {
        let Some(previous) = before_by_id.get(item.id.as_str()) else {
            changes.push(change(ChangeKind::Added, item));
            continue;
        };
        let rank = |ranks: &BTreeMap<&str, usize>| ranks.get(item.id.as_str()).copied();
        let moved = previous.parent != item.parent || rank(&rank_before) != rank(&rank_after);
        // A number that changed is told either way: with the move, or as a renumbering (a step
        // added or removed before it).
        let old_number = (previous.number != item.number).then(|| previous.number.clone());
        if moved {
            let mut moved = change(ChangeKind::Moved, item);
            moved.old_number = old_number;
            changes.push(moved);
        } else if old_number.is_some() {
            let mut renumbered = change(ChangeKind::Renumbered, item);
            renumbered.old_number = old_number;
            changes.push(renumbered);
        }
        let languages: Vec<String> = new_hashes
            .iter()
            .filter_map(|(lang, hashes)| {
                let now = hashes.get(item.id.as_str())?;
                let then = old_hashes.get(lang)?.get(item.id.as_str())?;
                (now != then).then(|| lang.to_string())
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

/// Each language's item hashes by item id (the first item of an id, as a search would find).
fn hashes(langs: &BTreeMap<String, Vec<ItemEntry>>) -> BTreeMap<&str, BTreeMap<&str, &str>> {
    langs
        .iter()
        .map(|(lang, items)| {
            let mut hashes = BTreeMap::new();
            for item in items {
                hashes.entry(item.id.as_str()).or_insert(item.hash.as_str());
            }
            (lang.as_str(), hashes)
        })
        .collect()
}

/// The position of each item among its siblings (same parent, same kind) that exist in both
/// manifests, so inserting or removing a step does not count as moving the ones after it. One
/// pass: a count per (parent, kind).
fn sibling_ranks<'a>(items: &'a [ItemEntry], common: &BTreeSet<&str>) -> BTreeMap<&'a str, usize> {
    let mut next: BTreeMap<(Option<&str>, ItemKind), usize> = BTreeMap::new();
    let mut ranks = BTreeMap::new();
    for item in items.iter().filter(|i| common.contains(i.id.as_str())) {
        let count = next.entry((item.parent.as_deref(), item.kind)).or_default();
        ranks.entry(item.id.as_str()).or_insert(*count);
        *count += 1;
    }
    ranks
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
                writeln!(f, "  status: {} → {}", status_word(*old), status_word(*new))?;
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
                if let Some(old) = &change.old_number {
                    write!(f, " (was {old})")?;
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

/// A status as the manifest writes it (`draft`).
fn status_word(status: Status) -> &'static str {
    status.word()
}
