//! `stepbook verify`: looks for every screen label in the evidence of its screen (a screenshot,
//! read by OCR, or a saved HTML page) and writes what it found into the label file: `verified`
//! (the capture date) and `region` (where the text is on the screen's image). A label not found
//! is an error that names the closest text on the screen; `--fix` takes that text as the
//! label's new one when the match is unambiguous ([`text::unambiguous`]).
//!
//! It writes dates only; the verification state of each procedure is computed from them by the
//! one model ([`crate::model::verification`]) that `check`, `build` and `serve` use, and
//! `verify` reports it after its edits by running the same `check`.
//!
//! Where the evidence lives and how the capture date is chosen: [`evidence`].

pub mod edit;
pub mod evidence;
pub mod html;
pub mod ocr;
pub mod text;

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use time::Date;

use crate::model::{self, Library, Region};
use crate::project::Project;
use crate::site::{self, Error, ProcedureState};
use crate::source::{Diagnostic, Problem, suggest};
use edit::LabelEdit;
use evidence::{Content, Evidence, Selection};
use text::{Candidate, Line, Place};

/// The margin added around the words found, in the screen image's pixels.
pub const PAD: u32 = 4;

/// What to verify and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which screens, and any evidence files named on the command line.
    pub selection: Selection,
    /// `--date`: the capture date of all the evidence.
    pub date: Option<String>,
    /// `--fix`: take an unambiguous closest text as a label's new text.
    pub fix: bool,
}

/// What `verify` found.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Every screen selected, in file and id order.
    pub screens: Vec<ScreenReport>,
    /// Labels not found and evidence that could not be used.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// The label files written.
    pub edited: Vec<String>,
    /// Every procedure's verification state after the edits.
    pub procedures: Vec<ProcedureState>,
}

/// One screen.
#[derive(Debug, Clone, Serialize)]
pub struct ScreenReport {
    /// The label system.
    pub system: String,
    /// The screen's id.
    pub screen: String,
    /// Its evidence file, if it has one.
    pub evidence: Option<String>,
    /// `image` or `html`.
    pub kind: Option<&'static str>,
    /// The capture date used.
    pub date: Option<String>,
    /// Its labels.
    pub labels: Vec<LabelReport>,
}

/// What became of one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Its text is on the screen: dated.
    Found,
    /// Renamed by `--fix` to the text on the screen, and dated.
    Fixed,
    /// Not on the screen: an error.
    NotFound,
    /// Its screen has no evidence: left as it is (unverified, or as dated before).
    NoEvidence,
    /// Its screen's evidence cannot be read: an error.
    Unreadable,
}

/// One label.
#[derive(Debug, Clone, Serialize)]
pub struct LabelReport {
    /// `system:id`.
    pub label: String,
    /// Its text (the new one if fixed).
    pub text: String,
    /// What became of it.
    pub state: State,
    /// Where it is on the screen's image (none for a saved page, or evidence of another shape).
    #[serde(serialize_with = "region_json")]
    pub region: Option<Region>,
    /// Whether `region` was written (a hand-drawn region that covers the text is kept).
    pub region_written: bool,
    /// At how many places the screen shows its text.
    pub places: usize,
    /// Not found: the closest text on the screen.
    pub closest: Option<Closest>,
    /// Fixed: its text before.
    pub renamed_from: Option<String>,
}

/// A region as JSON: `{"x": …, "y": …, "width": …, "height": …}` (the model's `Region` stays
/// a content type only, so its JSON schema is unchanged).
fn region_json<S: serde::Serializer>(region: &Option<Region>, s: S) -> Result<S::Ok, S::Error> {
    region
        .map(|r| {
            BTreeMap::from([
                ("height", r.height),
                ("width", r.width),
                ("x", r.x),
                ("y", r.y),
            ])
        })
        .serialize(s)
}

/// The text on the screen closest to a label's.
#[derive(Debug, Clone, Serialize)]
pub struct Closest {
    /// As read.
    pub text: String,
    /// 0 to 1, two decimals.
    pub similarity: f64,
    /// Whether `--fix` would take it.
    pub fixable: bool,
}

/// What was read from one evidence file.
struct Seen {
    lines: Vec<Line>,
    /// The screenshot, for a second look at a label's recorded region.
    image: Option<image::DynamicImage>,
    size: Option<(u32, u32)>,
    date: Option<Date>,
}

/// Runs `verify` on `project`: see the module's documentation.
pub fn verify(project: &Project, options: &Options) -> Result<Outcome, Error> {
    let (library, _) = site::check(project)?;
    let given = options
        .date
        .as_deref()
        .map(|d| {
            model::date::parse(d)
                .ok_or_else(|| Error::Usage(format!("invalid --date `{d}`: use YYYY-MM-DD")))
        })
        .transpose()?;
    let today = model::date::today(None).map_err(Error::Usage)?;
    check_selection(&library, &options.selection)?;
    let selected = evidence::screens(&library, &options.selection);
    let mut found: BTreeMap<(String, String), Evidence> = BTreeMap::new();
    for file in &options.selection.files {
        let (system, screen) =
            evidence::screen_of_file(file, &selected, &options.selection).map_err(Error::Usage)?;
        let key = (system.clone(), screen.clone());
        if found.contains_key(&key) {
            return Err(Error::Usage(format!(
                "two evidence files for screen `{screen}`: give one at a time"
            )));
        }
        found.insert(
            key,
            Evidence {
                system,
                screen,
                path: file.clone(),
                own_image: false,
            },
        );
    }
    if options.selection.files.is_empty() {
        for (system, screen) in &selected {
            if let Some(e) = evidence::in_project(&project.root, &library, system, screen) {
                found.insert((system.id.clone(), screen.clone()), e);
            }
        }
    }
    if found.values().any(|e| !e.is_html()) {
        ocr::available().map_err(|e| match e {
            ocr::OcrError::Missing(m) | ocr::OcrError::Failed(m) => Error::Usage(m),
        })?;
    }
    let seen: BTreeMap<(String, String), Result<Seen, Box<Diagnostic>>> = found
        .par_iter()
        .map(|(key, evidence)| (key.clone(), look(evidence)))
        .collect();

    let mut outcome = Outcome {
        screens: Vec::new(),
        diagnostics: Vec::new(),
        edited: Vec::new(),
        procedures: Vec::new(),
    };
    let mut edits: BTreeMap<String, BTreeMap<String, LabelEdit>> = BTreeMap::new();
    let mut text_spans = BTreeMap::new();
    for (system, screen) in &selected {
        let key = (system.id.clone(), screen.clone());
        let file = library.sources.get(system.file);
        if !text_spans.contains_key(&system.id) {
            let spans = edit::text_spans(file).map_err(|d| Error::Content(vec![d]))?;
            text_spans.insert(system.id.clone(), spans);
        }
        let spans = &text_spans[&system.id];
        let evidence = found.get(&key);
        let mut report = ScreenReport {
            system: system.id.clone(),
            screen: screen.clone(),
            evidence: evidence.map(|e| show(&e.path)),
            kind: evidence.map(|e| if e.is_html() { "html" } else { "image" }),
            date: None,
            labels: Vec::new(),
        };
        let labels: Vec<(&String, &model::Label)> = system.labels_on(screen).collect();
        let seen = match (evidence, seen.get(&key)) {
            (Some(evidence), Some(Ok(seen))) => Some((evidence, seen)),
            (_, Some(Err(diagnostic))) => {
                outcome.diagnostics.push((**diagnostic).clone());
                report.labels = plain(system, &labels, State::Unreadable);
                outcome.screens.push(report);
                continue;
            }
            _ => None,
        };
        let Some((evidence, seen)) = seen else {
            report.labels = plain(system, &labels, State::NoEvidence);
            outcome.screens.push(report);
            continue;
        };
        let date = given.or(seen.date).unwrap_or(today);
        report.date = Some(date.to_string());
        let geometry = Geometry::of(&library, system, screen, evidence, seen.size);
        let candidates: Vec<Vec<Candidate>> = labels
            .iter()
            .map(|(_, label)| text::candidates(&label.text, &seen.lines))
            .collect();
        // First every label whose text is there, so their words are not offered to another.
        let mut taken: Vec<Place> = Vec::new();
        let mut chosen: Vec<Option<(Candidate, usize)>> = Vec::new();
        for ((_, label), candidates) in labels.iter().zip(&candidates) {
            let exact = text::exact(candidates);
            let existing = label.region.as_ref().map(|r| r.value);
            let best = exact
                .iter()
                .find(|c| {
                    let region = geometry.region(c);
                    existing
                        .zip(region)
                        .is_some_and(|(e, r)| ocr::overlap(&e, &r) > 0)
                })
                .map(|c| ((*c).clone(), exact.len()))
                // The recorded region read alone before any other place: the same text
                // elsewhere (a heading "Sign in" above the button "Sign in") is not the label.
                .or_else(|| {
                    let region = existing?;
                    read_region(seen, &geometry, region, &label.text).map(|c| (c, 1))
                })
                .or_else(|| exact.first().map(|c| ((*c).clone(), exact.len())));
            if let Some((best, _)) = &best {
                taken.push(best.place);
            }
            chosen.push(best);
        }
        for (((id, label), candidates), chosen) in labels.iter().zip(&candidates).zip(chosen) {
            let reference = format!("{}:{id}", system.id);
            let mut label_report = LabelReport {
                label: reference.clone(),
                text: label.text.clone(),
                state: State::Found,
                region: None,
                region_written: false,
                places: 0,
                closest: None,
                renamed_from: None,
            };
            let hit = match &chosen {
                Some((candidate, places)) => {
                    label_report.places = *places;
                    Some(candidate)
                }
                None => {
                    let best = text::closest(candidates, &taken);
                    let fixable = best.is_some_and(|b| text::unambiguous(b, candidates, &taken));
                    label_report.closest = best.map(|b| Closest {
                        text: b.text.clone(),
                        similarity: (b.similarity * 100.0).round() / 100.0,
                        fixable,
                    });
                    match best {
                        Some(best) if fixable && options.fix => {
                            taken.push(best.place);
                            label_report.state = State::Fixed;
                            label_report.renamed_from = Some(label.text.clone());
                            label_report.text = best.text.clone();
                            label_report.places = 1;
                            Some(best)
                        }
                        _ => {
                            label_report.state = State::NotFound;
                            let span = spans.get(*id).copied().unwrap_or_default();
                            let at = library.sources.locate_node(system.file, span);
                            let closest = describe_closest(
                                best,
                                fixable,
                                &system.name,
                                &format!("{}:{}", at.path.display(), at.line),
                            );
                            outcome.diagnostics.push(Diagnostic::error(
                                at,
                                Problem::LabelNotOnScreen {
                                    label: reference,
                                    text: label.text.clone(),
                                    screen: screen.clone(),
                                    evidence: show(&evidence.path),
                                    closest,
                                },
                            ));
                            None
                        }
                    }
                }
            };
            if let Some(hit) = hit {
                let mut change = LabelEdit::default();
                if label_report.state == State::Fixed {
                    change.text = Some(hit.text.clone());
                }
                let old = label
                    .verified
                    .as_ref()
                    .and_then(|d| model::date::parse(&d.value));
                if old.is_none_or(|old| old < date) {
                    change.verified = Some(date.to_string());
                }
                let region = geometry.region(hit);
                let existing = label.region.as_ref().map(|r| r.value);
                label_report.region = match (existing, region) {
                    (Some(e), Some(r)) if ocr::overlap(&e, &r) > 0 => Some(e),
                    (_, Some(r)) => {
                        change.region = Some(r);
                        label_report.region_written = true;
                        Some(r)
                    }
                    (e, None) => e,
                };
                if change != LabelEdit::default() {
                    edits
                        .entry(system.id.clone())
                        .or_default()
                        .insert((*id).clone(), change);
                }
            }
            report.labels.push(label_report);
        }
        outcome.screens.push(report);
    }
    write(project, &library, &edits, &mut outcome)?;
    Ok(outcome)
}

/// Writes the edits into the label files, then checks the project again for the procedures'
/// verification states; if the edited content does not pass, every file is put back.
fn write(
    project: &Project,
    library: &Library,
    edits: &BTreeMap<String, BTreeMap<String, LabelEdit>>,
    outcome: &mut Outcome,
) -> Result<(), Error> {
    let mut written: Vec<(std::path::PathBuf, String)> = Vec::new();
    for (system, labels) in edits {
        let Some(registry) = library.labels.get(system) else {
            continue;
        };
        let file = library.sources.get(registry.file);
        let text = edit::apply(file, labels).map_err(|d| Error::Content(vec![d]))?;
        if text == file.text {
            continue;
        }
        site::release::write_atomically(&file.path, &text)?;
        written.push((file.path.clone(), file.text.clone()));
        outcome.edited.push(show(&file.path));
    }
    match site::check(project) {
        Ok((_, report)) => {
            outcome.procedures = report.verifications;
            Ok(())
        }
        Err(error) => {
            for (path, text) in &written {
                site::release::write_atomically(path, text)?;
            }
            outcome.edited.clear();
            Err(error)
        }
    }
}

/// A second look at a label's recorded region alone, for a text the whole screen's reading
/// missed (a wide button that layout analysis takes for a picture). Found: a candidate whose
/// box is the region (in the evidence's pixels), so the region is kept.
fn read_region(seen: &Seen, geometry: &Geometry, region: Region, label: &str) -> Option<Candidate> {
    let image = seen.image.as_ref()?;
    let scale = geometry.scale?;
    let back = |v: u32| (f64::from(v) / scale).round() as u32;
    let x = back(region.x).min(image.width().saturating_sub(1));
    let y = back(region.y).min(image.height().saturating_sub(1));
    let width = back(region.width).clamp(1, image.width() - x);
    let height = back(region.height).clamp(1, image.height() - y);
    let crop = image.crop_imm(x, y, width, height);
    let lines = ocr::read_block(&crop).ok()?;
    let candidates = text::candidates(label, &lines);
    let found = text::exact(&candidates).first().map(|c| (*c).clone())?;
    Some(Candidate {
        place: Place {
            line: usize::MAX,
            start: 0,
            end: 0,
        },
        region: Some(Region {
            x,
            y,
            width,
            height,
        }),
        ..found
    })
}

/// The reports of labels that were not looked for.
fn plain(
    system: &model::LabelSystem,
    labels: &[(&String, &model::Label)],
    state: State,
) -> Vec<LabelReport> {
    labels
        .iter()
        .map(|(id, label)| LabelReport {
            label: format!("{}:{id}", system.id),
            text: label.text.clone(),
            state,
            region: label.region.as_ref().map(|r| r.value),
            region_written: false,
            places: 0,
            closest: None,
            renamed_from: None,
        })
        .collect()
}

/// The words of the message about a label not found.
fn describe_closest(best: Option<&Candidate>, fixable: bool, system: &str, at: &str) -> String {
    match best {
        None => "no text was read from it: is it the right file, and sharp enough?".to_string(),
        Some(best) if best.similarity >= 0.5 => {
            let fix = if fixable {
                " (`stepbook verify --fix` does)"
            } else if best.similarity >= text::FIX_THRESHOLD {
                " (other texts on the screen are nearly as close, so `--fix` leaves it to you)"
            } else {
                ""
            };
            format!(
                "the screen shows `{}` (similarity {:.2}): if {system} renamed it, change {at}{fix}",
                best.text, best.similarity
            )
        }
        Some(best) => format!(
            "nothing on it is close (the closest is `{}`, similarity {:.2}): is the label's `screen` right, and is this the evidence of that screen?",
            best.text, best.similarity
        ),
    }
}

/// Reads one evidence file: OCR for an image, the visible text of a page.
fn look(evidence: &Evidence) -> Result<Seen, Box<Diagnostic>> {
    let (content, date) = evidence::read(evidence)?;
    match content {
        Content::Html(html) => Ok(Seen {
            lines: html::visible_lines(&html),
            image: None,
            size: None,
            date,
        }),
        Content::Image(image) => {
            let lines = ocr::read(&image).map_err(|e| {
                let reason = match e {
                    ocr::OcrError::Missing(m) | ocr::OcrError::Failed(m) => m,
                };
                Box::new(Diagnostic::error(
                    crate::source::Location::file(Path::new(&show(&evidence.path))),
                    Problem::BadEvidence {
                        path: show(&evidence.path),
                        reason,
                    },
                ))
            })?;
            Ok(Seen {
                lines,
                size: Some((image.width(), image.height())),
                image: Some(image),
                date,
            })
        }
    }
}

/// How boxes on the evidence map onto the screen's image.
struct Geometry {
    /// Screen-image pixels per evidence pixel; none when the evidence cannot be mapped (a page,
    /// a screen without an image, a screenshot of another shape).
    scale: Option<f64>,
    /// The screen image's size, to keep regions inside it.
    size: (u32, u32),
}

impl Geometry {
    fn of(
        library: &Library,
        system: &model::LabelSystem,
        screen: &str,
        evidence: &Evidence,
        seen: Option<(u32, u32)>,
    ) -> Geometry {
        let none = Geometry {
            scale: None,
            size: (0, 0),
        };
        let Some((width, height)) = seen else {
            return none;
        };
        if evidence.own_image {
            return Geometry {
                scale: Some(1.0),
                size: (width, height),
            };
        }
        let image = system
            .screens
            .get(screen)
            .and_then(|s| s.image.as_ref())
            .and_then(|src| library.images.of(system.file, &src.value));
        let Some(image) = image else {
            return none;
        };
        let ratio = |w: u32, h: u32| f64::from(w) / f64::from(h.max(1));
        if (ratio(width, height) - ratio(image.width, image.height)).abs() > 0.01 {
            return none;
        }
        Geometry {
            scale: Some(f64::from(image.width) / f64::from(width.max(1))),
            size: (image.width, image.height),
        }
    }

    /// The region of a candidate on the screen's image, padded by [`PAD`].
    fn region(&self, candidate: &Candidate) -> Option<Region> {
        let scale = self.scale?;
        let r = candidate.region?;
        let at = |v: u32| (f64::from(v) * scale).round() as u32;
        let left = at(r.x).saturating_sub(PAD);
        let top = at(r.y).saturating_sub(PAD);
        let right = (at(r.x + r.width) + PAD).min(self.size.0);
        let bottom = (at(r.y + r.height) + PAD).min(self.size.1);
        (right > left && bottom > top).then_some(Region {
            x: left,
            y: top,
            width: right - left,
            height: bottom - top,
        })
    }
}

/// `--system` and `--screen` must name what exists.
fn check_selection(library: &Library, selection: &Selection) -> Result<(), Error> {
    if let Some(system) = &selection.system
        && !library.labels.contains_key(system)
    {
        let known = library.labels.keys().map(String::as_str);
        return Err(Error::Usage(format!(
            "no label file `content/labels/{system}.yaml`{}",
            suggest::did_you_mean(&suggest::closest(system, known))
        )));
    }
    if let Some(screen) = &selection.screen {
        let known: Vec<&str> = library
            .labels
            .values()
            .filter(|s| selection.system.as_ref().is_none_or(|id| *id == s.id))
            .flat_map(|s| s.screens.keys().map(String::as_str))
            .collect();
        if !known.contains(&screen.as_str()) {
            return Err(Error::Usage(format!(
                "no screen `{screen}` in the label files{}",
                suggest::did_you_mean(&suggest::closest(screen, known))
            )));
        }
    }
    Ok(())
}

/// A path as messages show it: without a leading `./` (the project folder is the current one).
pub fn show(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}
