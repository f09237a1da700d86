//! The layers of `src/` stay layered: a module imports only from its own layer's module or from
//! the layers below it (the list in `src/lib.rs` and `docs/architecture.md`). This test reads
//! every `crate::…` path in the library's source, so an upward import or an import cycle between
//! layers fails here, with the file and line, before it settles in.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::repo;

/// The library's top-level modules, lowest layer first; modules on one line are one layer and
/// may not import each other.
const LAYERS: &[&[&str]] = &[
    &["source"],
    &["model", "output"],
    &["project"],
    &["load"],
    &["theme", "validate"],
    &["view"],
    &["render"],
    &["site"],
    &["serve", "scaffold", "verify"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file of `src/` belongs to.
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_string_lossy();
    Some(first.trim_end_matches(".rs").to_string())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::<module>` a line of code names (comments left out).
fn imports(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `stepbook::…` in the binary, or `$crate::` in a macro, are not this crate's paths.
            !code[..*at].ends_with('$') && !code[..*at].ends_with("::")
        })
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .filter(|module: &String| !module.is_empty() && module.chars().all(|c| !c.is_uppercase()))
        .collect()
}

#[test]
fn no_module_imports_from_a_layer_above_it_or_beside_it() {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(module) = module_of(relative) else {
            continue;
        };
        // The binary (main.rs, cmd/) and the crate root sit above every layer.
        let Some(own) = layer_of(&module) else {
            assert!(
                ["lib", "main", "cmd"].contains(&module.as_str()),
                "src/{}: a top-level module not in LAYERS",
                relative.display()
            );
            continue;
        };
        let text = std::fs::read_to_string(file).expect("read source");
        // Unit tests (at the end of a file) may use anything to build their cases.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (number, line) in code.lines().enumerate() {
            for target in imports(line) {
                if target == module {
                    continue;
                }
                let Some(theirs) = layer_of(&target) else {
                    // Re-exports of the crate root (`crate::Error`) belong to `site`.
                    continue;
                };
                edges
                    .entry((module.clone(), target.clone()))
                    .or_insert_with(|| format!("src/{}:{}", relative.display(), number + 1));
                if theirs >= own {
                    problems.push(format!(
                        "src/{}:{}: `{module}` (layer {own}) imports `{target}` (layer {theirs})",
                        relative.display(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The listing `docs/architecture.md` shows: who imports whom, first place each is seen.
    if std::env::var_os("STEPBOOK_PRINT_LAYERS").is_some() {
        for ((from, to), at) in &edges {
            println!("{from} -> {to}  ({at})");
        }
    }
    assert!(edges.len() > 20, "too few imports found: {}", edges.len());
}
