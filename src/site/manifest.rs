//! The build manifest (`output/manifest.json`): what a build published.
//!
//! Every build writes, per procedure: its version, status and date, and per language every
//! section, step, option and result in reading order with its number, its parent, a hash of its
//! rendered words and the screen labels it uses; and the text of every label. `stepbook diff`
//! and `stepbook check` compare the content with such a manifest ([`super::diff`]), so a
//! maintainer sees what a one-line edit touched. Shared steps appear in every procedure that
//! includes them, so a change to one is reported for each of those procedures.
//!
//! There is one way to make a manifest: the driver hands each page's [`Page`] to a
//! [`Gathered`], which is written out ([`Gathered::write`], for `build`) or kept in memory
//! ([`Gathered::into_manifest`], for `check` and `diff`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::model::{Library, Procedure, Status, Target};
use crate::view::{Item, ProcedureView, Prose};

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
    /// Its status.
    pub status: Status,
    /// The date of its version (changelog entry or verification), if any.
    pub date: Option<String>,
    /// Its items in reading order, per language.
    pub languages: BTreeMap<String, Vec<ItemEntry>>,
}

/// What kind of thing an item of a procedure page is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    /// A numbered section.
    Section,
    /// A step, sub-step or step of an option.
    #[default]
    Step,
    /// One alternative of a choice.
    Option,
    /// The expected result of a step.
    Result,
}

impl ItemKind {
    /// The kind of a page item.
    pub fn of(item: &Item<'_>) -> ItemKind {
        match item {
            Item::Section(_) => ItemKind::Section,
            Item::Step { .. } => ItemKind::Step,
            Item::Option { .. } => ItemKind::Option,
            Item::Result { .. } => ItemKind::Result,
        }
    }
}

/// A section, step, option or result of a procedure page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEntry {
    /// Its id (the anchor on the page).
    pub id: String,
    /// What it is.
    pub kind: ItemKind,
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
        self.uses_of_any(&[label.to_string()])
    }

    /// Every item that uses one of `labels` (`system:id`, the labels of one screen), in
    /// procedure and reading order.
    pub fn uses_of_any(&self, labels: &[String]) -> Vec<LabelUse> {
        let mut uses: Vec<LabelUse> = Vec::new();
        for (procedure, entry) in &self.procedures {
            let mut found: Vec<LabelUse> = Vec::new();
            // Where each item is in `found`: a use found again in another language is a lookup,
            // not a search (linear in the uses of a very long procedure).
            let mut at: BTreeMap<&str, usize> = BTreeMap::new();
            for (lang, items) in &entry.languages {
                for item in items
                    .iter()
                    .filter(|i| i.labels.iter().any(|l| labels.contains(l)))
                {
                    match at.get(item.id.as_str()) {
                        Some(&known) => found[known].languages.push(lang.clone()),
                        None => {
                            at.insert(&item.id, found.len());
                            found.push(LabelUse {
                                procedure: procedure.clone(),
                                id: item.id.clone(),
                                number: item.number.clone(),
                                shared: item.shared.clone(),
                                languages: vec![lang.clone()],
                            })
                        }
                    }
                }
            }
            uses.extend(found);
        }
        uses
    }
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

/// A manifest gathered one (procedure, language) page at a time, each page's items kept only as
/// compact JSON: at 10 000 procedures the manifest as structs would be several times the size of
/// its JSON. The first language's page of a procedure gives its entry (version, status, date).
#[derive(Debug, Default)]
pub struct Gathered {
    /// By procedure id: its entry (without languages) and each language's items as JSON.
    procedures: BTreeMap<String, (ProcedureEntry, BTreeMap<String, Part>)>,
    /// Where the items go when they are not held (`build`).
    spill: Option<Spill>,
}

/// One page's items: held as JSON, or where they were written in the spill file.
#[derive(Debug)]
enum Part {
    Held(Box<RawValue>),
    Spilled { at: u64, len: usize },
}

/// An unnamed temporary file the items are appended to as they come, and read back from when
/// the manifest is written: at 10 000 procedures the items are 36 MB of JSON, which `build`
/// no longer holds until the end.
#[derive(Debug)]
struct Spill {
    file: std::io::BufWriter<std::fs::File>,
    at: u64,
    /// The first write that failed; [`Gathered::write`] reports it.
    error: Option<std::io::Error>,
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
            entry: ProcedureEntry {
                version: view.version.clone(),
                status: view.status,
                date: view.date.clone(),
                languages: BTreeMap::new(),
            },
            // Serialising strings and vectors of them cannot fail.
            items: serde_json::value::to_raw_value(&items)
                .unwrap_or_else(|_| RawValue::NULL.to_owned()),
        }
    }
}

impl Gathered {
    /// A manifest whose items are written to an unnamed temporary file in `dir` as they come
    /// (the output folder's parent: the same disk as the staging folder), or held in memory if
    /// no such file can be made there.
    pub fn spilling_in(dir: &std::path::Path) -> Gathered {
        Gathered {
            procedures: BTreeMap::new(),
            spill: tempfile::tempfile_in(dir).ok().map(|file| Spill {
                file: std::io::BufWriter::new(file),
                at: 0,
                error: None,
            }),
        }
    }

    /// Adds one page's part (made by [`Page::of`], possibly on another thread).
    pub fn add(&mut self, lang: &str, page: Page) {
        let part = match &mut self.spill {
            Some(spill) => {
                let bytes = page.items.get().as_bytes();
                if spill.error.is_none()
                    && let Err(error) = spill.file.write_all(bytes)
                {
                    spill.error = Some(error);
                }
                let part = Part::Spilled {
                    at: spill.at,
                    len: bytes.len(),
                };
                spill.at += bytes.len() as u64;
                part
            }
            None => Part::Held(page.items),
        };
        let (_, languages) = self
            .procedures
            .entry(page.id)
            .or_insert_with(|| (page.entry, BTreeMap::new()));
        languages.insert(lang.to_string(), part);
    }

    /// Writes the manifest as compact JSON, ended by a newline: the same bytes as
    /// `serde_json::to_writer` on [`Gathered::into_manifest`], with `labels` from [`labels`]
    /// (taken first, so that the library can be freed while this runs). Each page's items are
    /// copied as they were written (compact JSON made by serde_json), not parsed again: at
    /// 10 000 procedures that parse was some 50 ms on one core.
    pub fn write(
        self,
        labels: &BTreeMap<String, String>,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let Gathered { procedures, spill } = self;
        let mut read = Reader::of(spill)?;
        let mut buffer = Vec::new();
        // `{"format":…,"labels":…,"procedures":{…}}`, as serde_json writes [`Manifest`], and
        // each entry as it writes [`ProcedureEntry`].
        out.write_all(b"{\"format\":")?;
        serde_json::to_writer(&mut *out, &FORMAT)?;
        out.write_all(b",\"labels\":")?;
        serde_json::to_writer(&mut *out, labels)?;
        out.write_all(b",\"procedures\":{")?;
        for (index, (id, (entry, languages))) in procedures.iter().enumerate() {
            if index > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut *out, id)?;
            out.write_all(b":{\"version\":")?;
            serde_json::to_writer(&mut *out, &entry.version)?;
            out.write_all(b",\"status\":")?;
            serde_json::to_writer(&mut *out, &entry.status)?;
            out.write_all(b",\"date\":")?;
            serde_json::to_writer(&mut *out, &entry.date)?;
            out.write_all(b",\"languages\":{")?;
            for (nth, (lang, part)) in languages.iter().enumerate() {
                if nth > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, lang)?;
                out.write_all(b":")?;
                out.write_all(read.bytes(part, &mut buffer)?)?;
            }
            out.write_all(b"}}")?;
        }
        out.write_all(b"}}\n")
    }

    /// The manifest in memory (for `check` and `diff`).
    pub fn into_manifest(self, labels: BTreeMap<String, String>) -> Manifest {
        let Gathered { procedures, spill } = self;
        let mut read = Reader::of(spill).unwrap_or(Reader(None));
        let procedures = procedures
            .into_iter()
            .map(|(id, (mut entry, languages))| {
                entry.languages = languages
                    .into_iter()
                    .map(|(lang, part)| {
                        // Written by `Page::of` from a `Vec<ItemEntry>`, so it reads back.
                        let items = read
                            .part(&part)
                            .ok()
                            .and_then(|items| serde_json::from_str(items.get()).ok())
                            .unwrap_or_default();
                        (lang, items)
                    })
                    .collect();
                (id, entry)
            })
            .collect();
        Manifest {
            format: FORMAT,
            labels,
            procedures,
        }
    }
}

/// Reads the parts of a [`Gathered`] back.
struct Reader(Option<std::fs::File>);

impl Reader {
    /// The spill file, flushed; the first error writing it, if any.
    fn of(spill: Option<Spill>) -> std::io::Result<Reader> {
        let Some(spill) = spill else {
            return Ok(Reader(None));
        };
        if let Some(error) = spill.error {
            return Err(error);
        }
        let file = spill.file.into_inner().map_err(|e| e.into_error())?;
        Ok(Reader(Some(file)))
    }

    /// One page's items as JSON.
    fn part(&mut self, part: &Part) -> std::io::Result<Box<RawValue>> {
        let mut buffer = Vec::new();
        let text = match std::str::from_utf8(self.bytes(part, &mut buffer)?) {
            Ok(text) => text.to_owned(),
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        };
        RawValue::from_string(text)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }

    /// One page's items as the JSON bytes written, read into `buffer` if they were spilled.
    fn bytes<'b>(&mut self, part: &'b Part, buffer: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
        match (part, &mut self.0) {
            (Part::Held(items), _) => Ok(items.get().as_bytes()),
            (Part::Spilled { at, len }, Some(file)) => {
                buffer.resize(*len, 0);
                read_at(file, buffer, *at)?;
                Ok(buffer)
            }
            (Part::Spilled { .. }, None) => Err(std::io::Error::other("no spill file")),
        }
    }
}

/// Fills `buffer` from `file` at `at`: one positioned read where the system has them.
#[cfg(unix)]
fn read_at(file: &mut std::fs::File, buffer: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buffer, at)
}

/// Fills `buffer` from `file` at `at`.
#[cfg(not(unix))]
fn read_at(file: &mut std::fs::File, buffer: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buffer)
}

/// The items of one procedure's page in one language, in reading order, each hashed by its
/// HTML (the manifest: any change to the page).
fn items(
    library: &Library,
    procedure: &Procedure,
    lang: &str,
    view: &ProcedureView,
) -> Vec<ItemEntry> {
    items_hashed(library, procedure, lang, view, hash)
}

/// [`items`], each hashed by what a reader sees of it (for release records, see
/// [`super::release`]): its text with its styles and link targets, the images it shows and its
/// e-mail, not the HTML around them, so a label's tooltip (where it is on screen, when it was
/// last verified) is no change of the words.
pub(super) fn reader_items(
    library: &Library,
    procedure: &Procedure,
    lang: &str,
    view: &ProcedureView,
) -> Vec<ItemEntry> {
    items_hashed(library, procedure, lang, view, reader_hash)
}

fn items_hashed(
    library: &Library,
    procedure: &Procedure,
    lang: &str,
    view: &ProcedureView,
    hash: fn(&[&Prose], &str) -> String,
) -> Vec<ItemEntry> {
    let origins: BTreeMap<&str, Option<&str>> = procedure
        .items()
        .iter()
        .map(|item| (item.id(), item.origin()))
        .collect();
    view.items()
        .iter()
        .map(|item| {
            let (words, extra): (&[&Prose], String) = match item {
                Item::Section(section) => (&[&section.title, &section.body], String::new()),
                Item::Step { step, .. } => (
                    &[&step.title, &step.body],
                    step.email.as_ref().map_or(String::new(), |email| {
                        format!("{}\n{}\n{}", email.mailto, email.title, email.cc_note)
                    }),
                ),
                Item::Option { option, .. } => (&[&option.title, &option.body], String::new()),
                Item::Result { result, .. } => (&[&result.title, &result.body], String::new()),
            };
            let id = item.id();
            let shared = origins.get(id).copied().flatten();
            ItemEntry {
                id: id.to_string(),
                kind: ItemKind::of(item),
                number: item.number().to_string(),
                parent: item.parent().map(str::to_string),
                shared: shared.map(str::to_string),
                hash: hash(words, &extra),
                labels: labels_of(library, procedure, shared, lang, id),
            }
        })
        .collect()
}

/// The first 16 hex digits of the SHA-256 of an item's words and its e-mail, if any.
fn hash(words: &[&Prose], extra: &str) -> String {
    let mut hasher = Sha256::new();
    for prose in words {
        hasher.update(prose.html.as_bytes());
        hasher.update([0]);
    }
    hasher.update(extra.as_bytes());
    short_hex(&hasher.finalize())
}

/// The first 16 hex digits of the SHA-256 of what a reader sees of an item's words (see
/// [`reader_items`]) and its e-mail.
fn reader_hash(words: &[&Prose], extra: &str) -> String {
    let mut hasher = Sha256::new();
    for prose in words {
        // Serialising strings and enums cannot fail.
        hasher.update(serde_json::to_vec(&prose.blocks).unwrap_or_default());
        for image in prose.html.split("<img src=\"").skip(1) {
            hasher.update(image.split('"').next().unwrap_or_default().as_bytes());
        }
        hasher.update([0]);
    }
    hasher.update(extra.as_bytes());
    short_hex(&hasher.finalize())
}

/// The first 8 bytes of `digest` as 16 lower-case hex digits. Formatting each byte with
/// `format!("{b:02x}")` went through the formatting machinery and a `String` per byte: 4 200
/// instructions a hash, more than a third of what hashing an item's words costs in callgrind.
fn short_hex(digest: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(16);
    for &byte in digest.iter().take(8) {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    hex
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
        .find_map(|words| Some((&**words, words.blocks.get(id)?)));
    let Some((words, block)) = found else {
        return Vec::new();
    };
    let span = block.heading.start..block.body.end;
    let labels: BTreeSet<String> = words
        .references
        .starting_in(span)
        .iter()
        .filter_map(|r| match &r.target {
            Some(Target::Label { system, id }) => Some(format!("{system}:{id}")),
            _ => None,
        })
        .collect();
    labels.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gathered manifest of two procedures in two languages, its items spilled or held.
    fn gathered(spilled: bool) -> Gathered {
        let dir = std::env::temp_dir();
        let mut gathered = match spilled {
            true => Gathered::spilling_in(&dir),
            false => Gathered::default(),
        };
        assert_eq!(gathered.spill.is_some(), spilled);
        for (id, lang, status, date) in [
            ("b-\"quoted\"", "nl", Status::Published, Some("2026-11-30")),
            ("a", "nl", Status::Withdrawn, None),
            ("b-\"quoted\"", "fr", Status::Published, Some("2026-11-30")),
            ("a", "fr", Status::Withdrawn, None),
        ] {
            let items = vec![ItemEntry {
                id: format!("{lang}-1"),
                kind: ItemKind::default(),
                number: "1".into(),
                parent: None,
                shared: Some("eu-login".into()),
                hash: "00ff00ff00ff00ff".into(),
                labels: vec!["traces:certificates <é>".into()],
            }];
            gathered.add(
                lang,
                Page {
                    id: id.into(),
                    entry: ProcedureEntry {
                        version: "1.2".into(),
                        status,
                        date: date.map(str::to_string),
                        languages: BTreeMap::new(),
                    },
                    items: serde_json::value::to_raw_value(&items).expect("items"),
                },
            );
        }
        gathered
    }

    /// The manifest written entry by entry, its items copied as spilled, is what serde_json
    /// writes of the manifest read back whole.
    #[test]
    fn written_manifest_is_serde_jsons_of_the_whole() {
        let labels: BTreeMap<String, String> = [(
            "traces:certificates".to_string(),
            "Certificates".to_string(),
        )]
        .into();
        for spilled in [true, false] {
            let mut written = Vec::new();
            gathered(spilled)
                .write(&labels, &mut written)
                .expect("in memory");
            let whole = gathered(spilled).into_manifest(labels.clone());
            assert_eq!(whole.procedures.len(), 2);
            assert_eq!(whole.procedures["a"].languages["fr"][0].id, "fr-1");
            let mut expected = serde_json::to_vec(&whole).expect("serialise");
            expected.push(b'\n');
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&expected),
                "spilled: {spilled}"
            );
        }
    }

    #[test]
    fn short_hex_is_the_first_eight_bytes_as_format_writes_them() {
        for text in ["", "a", "Stap 1", "<p>é</p>"] {
            let digest = Sha256::digest(text.as_bytes());
            let formatted: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(short_hex(&digest), formatted, "{text}");
        }
        assert_eq!(
            short_hex(&[0x00, 0x0f, 0xf0, 0xff, 0x12, 0xab, 0x9c, 0x01, 0xee]),
            "000ff0ff12ab9c01"
        );
    }
}
