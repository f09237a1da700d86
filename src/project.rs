//! Where a project's folders are, and how their paths are shown to the user.

use std::path::{Path, PathBuf};

/// A stepbook project: `content/`, `themes/` and an output folder.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project folder as the user gave it (`.` by default).
    pub root: PathBuf,
    /// Where `build` writes the site (`<root>/output` by default).
    pub out: PathBuf,
    /// A company profile whose values pre-fill the PDF checklists (`--profile`).
    pub profile: Option<PathBuf>,
    /// Whether `build` renders the PDF checklists (`--no-pdf` turns them off).
    pub checklists: bool,
    /// Today's date for judging verification dates (`--today`), else see [`crate::model::date::today`].
    pub today: Option<String>,
    /// The allowed age of verification dates in days (`--max-age`), else the site's setting.
    pub max_age_days: Option<u32>,
    /// The address the site is published at, instead of `base_url` in `content/site.yaml`
    /// (`--base-url`, for a staging copy): QR codes and "online version" links point at it.
    pub base_url: Option<String>,
    /// Whether procedures with `status: draft` are published. `true` by default (the library
    /// renders what it is given); `stepbook build` leaves them out unless `--drafts`.
    pub drafts: bool,
    /// Whether a procedure that is not verified is an error (`--require-verified`), so content
    /// repositories can refuse to publish unverified procedures.
    pub require_verified: bool,
}

impl Project {
    /// A project at `root` writing to `out`, or to `<root>/output` if `out` is `None`.
    pub fn new(root: impl Into<PathBuf>, out: Option<PathBuf>) -> Self {
        let root = root.into();
        let out = out.unwrap_or_else(|| join(&root, "output"));
        Project {
            root,
            out,
            profile: None,
            checklists: true,
            today: None,
            max_age_days: None,
            base_url: None,
            drafts: true,
            require_verified: false,
        }
    }

    /// The same project, pre-filling the checklists from the profile at `path`.
    pub fn with_profile(mut self, path: Option<PathBuf>) -> Self {
        self.profile = path;
        self
    }

    /// The same project, with or without the PDF checklists.
    pub fn with_checklists(mut self, checklists: bool) -> Self {
        self.checklists = checklists;
        self
    }

    /// The same project, judging verification dates as of `today` with at most `max_age_days`.
    pub fn with_freshness(mut self, today: Option<String>, max_age_days: Option<u32>) -> Self {
        self.today = today;
        self.max_age_days = max_age_days;
        self
    }

    /// The same project, published at `url` whatever `content/site.yaml` says (if `Some`).
    pub fn with_base_url(mut self, url: Option<String>) -> Self {
        self.base_url = url;
        self
    }

    /// The same project, with or without the procedures whose status is `draft`.
    pub fn with_drafts(mut self, drafts: bool) -> Self {
        self.drafts = drafts;
        self
    }

    /// The same project, refusing procedures that are not verified (if `require`).
    pub fn with_require_verified(mut self, require: bool) -> Self {
        self.require_verified = require;
        self
    }

    /// `<root>/content`.
    pub fn content(&self) -> PathBuf {
        self.path("content")
    }

    /// `<root>/themes`.
    pub fn themes(&self) -> PathBuf {
        self.path("themes")
    }

    /// A path inside the project, shown without a leading `./` when the project is the current
    /// folder, so diagnostics read `content/site.yaml:3:1`.
    pub fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        join(&self.root, relative)
    }
}

fn join(root: &Path, relative: impl AsRef<Path>) -> PathBuf {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        relative.as_ref().to_path_buf()
    } else {
        root.join(relative)
    }
}
