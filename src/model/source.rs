//! The text of every file read, so that any stage can turn a byte range into a
//! [`Location`](crate::diagnostic::Location).

use std::ops::Range;

use crate::diagnostic::{Location, SourceFile};

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(usize);

/// The files of a project, in the order they were read.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// Keeps a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId(self.files.len() - 1)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id.0].text
    }

    /// The location of a byte range in a file.
    pub fn locate(&self, id: FileId, range: Range<usize>) -> Location {
        self.files[id.0].locate(range)
    }
}
