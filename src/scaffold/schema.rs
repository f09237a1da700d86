//! JSON Schemas of the content files, generated from the types that read them (schemars), so the
//! editor's idea of a valid file and the loader's cannot drift apart. They are written to the
//! repository's `schemas/` folder and into every project `stepbook init` makes; content files
//! name theirs in a `# yaml-language-server: $schema=…` comment.

use std::collections::BTreeMap;

use schemars::{JsonSchema, SchemaGenerator};

use crate::model::{Country, Field, FrontMatter, LabelSystem, Procedure, SharedGroup, Site};

/// The folder the schemas live in, relative to a project (or the repository) root.
pub const FOLDER: &str = "schemas";

/// Every schema as `(file name, JSON text)`, in a fixed order and format.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("site.schema.json", render::<Site>("content/site.yaml")),
        (
            "fields.schema.json",
            render::<BTreeMap<String, Field>>("content/fields.yaml"),
        ),
        (
            "labels.schema.json",
            render::<LabelSystem>("content/labels/<system>.yaml"),
        ),
        (
            "procedure.schema.json",
            render::<Procedure>("content/procedures/<id>/procedure.yaml"),
        ),
        (
            "shared-steps.schema.json",
            render::<SharedGroup>("content/shared/<group>/steps.yaml"),
        ),
        (
            "countries.schema.json",
            render::<BTreeMap<String, Country>>("content/countries.yaml"),
        ),
        (
            "front-matter.schema.json",
            render::<FrontMatter>("the front matter of content/procedures/<id>/<lang>.md"),
        ),
    ]
}

/// A warning for each schema in the project's `schemas/` folder that is not the one this
/// stepbook writes (or is missing from the folder); nothing if the project has no `schemas/`.
pub fn outdated(project: &crate::project::Project) -> Vec<crate::source::Diagnostic> {
    use crate::source::{Diagnostic, Location, Problem};
    let folder = project.path(FOLDER);
    if !folder.is_dir() {
        return Vec::new();
    }
    all()
        .into_iter()
        .filter_map(|(name, text)| {
            let path = folder.join(name);
            let current = std::fs::read(&path).is_ok_and(|bytes| bytes == text.as_bytes());
            (!current).then(|| {
                Diagnostic::warning(
                    Location::file(&path),
                    Problem::OutdatedSchema {
                        file: path.display().to_string(),
                        version: env!("CARGO_PKG_VERSION").to_string(),
                    },
                )
            })
        })
        .collect()
}

/// The modeline that makes the YAML language server (VS Code, Neovim, Helix, …) validate and
/// complete a file: `schema` is the schema's file name, `depth` how many folders the file is
/// below the project root.
pub fn modeline(schema: &str, depth: usize) -> String {
    format!(
        "# yaml-language-server: $schema={}{FOLDER}/{schema}\n",
        "../".repeat(depth)
    )
}

fn render<T: JsonSchema>(file: &str) -> String {
    let mut schema = SchemaGenerator::default().into_root_schema_for::<T>();
    schema.insert("title".into(), format!("stepbook: {file}").into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
