//! The screenshots of the screens registry (`screens:` in `content/labels/<system>.yaml`): each
//! file read and decoded once, with the redaction boxes of every screen that shows it painted
//! over its published copy.

use std::collections::BTreeMap;
use std::path::Path;

use super::files::Files;
use super::images::{Target, decode, resolve};
use crate::model::{Library, Region};
use crate::source::{Diagnostic, Problem};

/// Loads every screen's image into `library.images` (keyed like a Markdown image: the label
/// file and the path as written). Paths are relative to `content/labels/`; `/…` starts at
/// `content/`. Problems are reported at the path in the label file.
pub fn load(
    files: &dyn Files,
    content: &Path,
    library: &mut Library,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let dir = ["labels".to_string()];
    // Every use of an image: (label file, path as written, where, path under content/).
    let mut uses = Vec::new();
    // The redaction boxes of each file, over every screen that shows it: a file two screens
    // share is published once, with the boxes of both.
    let mut boxes: BTreeMap<String, Vec<Region>> = BTreeMap::new();
    for system in library.labels.values() {
        for screen in system.screens.values() {
            for image in screen.images() {
                let at = library.sources.locate_node(system.file, image.span);
                match resolve(&dir, image) {
                    Target::Content(path) => {
                        let redact = boxes.entry(path.clone()).or_default();
                        redact.extend(screen.redact.iter().map(|region| region.value));
                        uses.push((system.file, image.value.clone(), at, path));
                    }
                    Target::Outside | Target::External => {
                        let problem = Problem::ImageOutsideContent {
                            src: image.value.clone(),
                        };
                        diagnostics.push(Diagnostic::error(at, problem));
                    }
                }
            }
        }
    }
    let mut failed: BTreeMap<String, Problem> = BTreeMap::new();
    for (file, src, at, path) in uses {
        if !library.images.used.contains_key(&path) && !failed.contains_key(&path) {
            let on_disk = content.join(&path);
            let loaded = if files.exists(&on_disk) {
                let redact = boxes.get(&path).map_or(&[][..], Vec::as_slice);
                files
                    .read(&on_disk)
                    .and_then(|bytes| decode(&src, &path, bytes, redact, true))
            } else {
                Err(Problem::ImageNotFound {
                    src: src.clone(),
                    path: on_disk.display().to_string(),
                })
            };
            match loaded {
                Ok(image) => {
                    library.images.used.insert(path.clone(), image);
                }
                Err(problem) => {
                    failed.insert(path.clone(), problem);
                }
            }
        }
        match failed.get(&path) {
            Some(problem) => diagnostics.push(Diagnostic::error(at, problem.clone())),
            None => {
                library.images.targets.insert((file, src), path);
            }
        }
    }
}
