//! The screenshots of the screens registry (`screens:` in `content/labels/<system>.yaml`): each
//! file read and decoded once (the files in parallel), with the redaction boxes of every screen
//! that shows it painted over its published copy.

use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;

use super::files::Files;
use super::images::{Target, decode, resolve};
use crate::model::{Image, Library, Region};
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
    // Each file once: read in order, then decoded (and redacted) in parallel, the longest job
    // of a build with many screens.
    let mut read: BTreeMap<String, Result<(String, Vec<u8>), Problem>> = BTreeMap::new();
    for (_, src, _, path) in &uses {
        if read.contains_key(path) || library.images.used.contains_key(path) {
            continue;
        }
        let on_disk = content.join(path);
        let bytes = if files.exists(&on_disk) {
            files.read(&on_disk)
        } else {
            Err(Problem::ImageNotFound {
                src: src.clone(),
                path: on_disk.display().to_string(),
            })
        };
        read.insert(path.clone(), bytes.map(|bytes| (src.clone(), bytes)));
    }
    let decoded: Vec<(String, Result<Image, Problem>)> = read
        .into_par_iter()
        .map(|(path, bytes)| {
            let redact = boxes.get(&path).map_or(&[][..], Vec::as_slice);
            let image = bytes.and_then(|(src, bytes)| decode(&src, &path, bytes, redact, true));
            (path, image)
        })
        .collect();
    let mut failed: BTreeMap<String, Problem> = BTreeMap::new();
    for (path, image) in decoded {
        match image {
            Ok(image) => {
                library.images.used.insert(path, image);
            }
            Err(problem) => {
                failed.insert(path, problem);
            }
        }
    }
    for (file, src, at, path) in uses {
        match failed.get(&path) {
            Some(problem) => diagnostics.push(Diagnostic::error(at, problem.clone())),
            None => {
                library.images.targets.insert((file, src), path);
            }
        }
    }
}
