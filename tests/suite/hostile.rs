//! Hostile content: script tags, event-handler attributes, `javascript:` links and template
//! syntax written into every kind of text must come out as inert, literal text: in the HTML
//! (read back with scraper) and in the PDF (read back with lopdf).

use std::path::Path;

use lopdf::{Document, Object};
use scraper::{Html, Selector};

use crate::common::Project;

/// Written into labels, field labels, titles, front matter, e-mail words and Markdown.
const PAYLOAD: &str = r#"<script>alert(1)</script> "onmouseover="alert(2) x=" {{ site.title }} {% raw %}r{% endraw %} (a) \ ) javascript:alert(3)"#;

/// A link whose address holds parentheses, which PDF strings must escape.
const WIKI: &str = "https://example.org/wiki/Foo_(bar)";

/// `PAYLOAD` as a single-quoted YAML scalar.
fn yaml(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

fn hostile_project() -> Project {
    let project = Project::minimal();
    let quoted = yaml(PAYLOAD);
    project.write(
        "content/labels/app.yaml",
        format!(
            "name: The App\nlabels:\n  save:\n    text: {quoted}\n  cancel:\n    text: Cancel\n"
        ),
    );
    project.write(
        "content/fields.yaml",
        format!(
            "name:\n  kind: text\n  label:\n    nl: {quoted}\n    en: Name\neori:\n  kind: eori\n  label:\n    nl: EORI-nummer\n    en: EORI number\n"
        ),
    );
    let nl = project.read("content/procedures/demo/nl.md");
    let nl = nl
        .replace("title: Demo-procedure", &format!("title: {quoted}"))
        .replace(
            "summary: Een kleine procedure om te testen.",
            &format!("summary: {quoted}"),
        )
        .replace(
            "Inleiding.",
            &format!(
                "{PAYLOAD}\n\n<img src=x onerror=alert(4)> <a href=\"javascript:alert(5)\">klik</a>\n\n<script>alert(6)</script>\n\nZie [de wiki]({WIKI}).\n"
            ),
        )
        .replace("## Kies {#decide}", &format!("## Kies {PAYLOAD} {{#decide}}"));
    project.write("content/procedures/demo/nl.md", nl);
    let structure = project
        .read("content/procedures/demo/procedure.yaml")
        .replace(
            "subject: hello from {name}",
            // `{…}` is the placeholder syntax of e-mail words, so only the rest goes there.
            &format!(
                "subject: {}",
                yaml(&format!(
                    "hello from {{name}} {}",
                    PAYLOAD.replace(['{', '}'], "")
                ))
            ),
        );
    project.write("content/procedures/demo/procedure.yaml", structure);
    project
}

fn html_files(dir: &Path) -> Vec<(String, Html)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let text = std::fs::read_to_string(e.path()).expect("read page");
            (e.path().display().to_string(), Html::parse_document(&text))
        })
        .collect()
}

#[test]
fn hostile_text_is_inert_in_every_page() {
    let project = hostile_project();
    project.run(&["build", "-q"]).success();
    let pages = html_files(&project.root().join("output"));
    assert!(pages.len() >= 3);
    let all = Selector::parse("*").expect("selector");
    let mut shown = String::new();
    for (path, page) in &pages {
        for element in page.select(&all) {
            let name = element.value().name();
            if name == "script" {
                // Only the theme's own: the page script and the light/dark one by `src`, and the
                // JSON configuration, which carries content text but must not let it out (`<` is
                // written `\u003c`).
                let own_script = element.value().attr("src").is_some_and(|src| {
                    src.ends_with("static/stepbook.js") || src.ends_with("static/theme.js")
                }) && element.text().next().is_none();
                let config = element.value().attr("type") == Some("application/json")
                    && element.value().id() == Some("sb-config")
                    && !element.text().collect::<String>().contains('<');
                assert!(
                    own_script || config,
                    "{path}: a script element {:?}",
                    element.html()
                );
            }
            assert_ne!(name, "img", "{path}: raw HTML became an element");
            for (attr, value) in element.value().attrs() {
                assert!(!attr.starts_with("on"), "{path}: attribute {attr}={value}");
                let squeezed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                // The theme's own empty favicon (`<link rel="icon" href="data:,">`) is the one
                // data: URL allowed: it carries nothing.
                let theme_favicon = name == "link" && value == "data:,";
                assert!(
                    !squeezed.starts_with("javascript:")
                        && (!squeezed.starts_with("data:") || theme_favicon),
                    "{path}: {attr}={value}"
                );
            }
        }
        shown.push_str(&page.root_element().text().collect::<String>());
    }
    // Shown, as text, exactly as written: nothing dropped, nothing evaluated as a template.
    for needle in [
        "<script>alert(1)</script>",
        "\"onmouseover=\"alert(2)",
        "{{ site.title }}",
        "{% raw %}r{% endraw %}",
        "<img src=x onerror=alert(4)>",
        "<script>alert(6)</script>",
    ] {
        assert!(shown.contains(needle), "`{needle}` is not shown as text");
    }
}

#[test]
fn hostile_links_are_refused_in_any_spelling() {
    for url in [
        "JaVaScRiPt:alert(1)",
        "&#x20;javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "//evil.example/phish",
        r"/\evil.example/phish",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
    ] {
        let project = Project::minimal();
        let nl = project
            .read("content/procedures/demo/nl.md")
            .replace("Inleiding.", &format!("Zie [hier](<{url}>)."));
        project.write("content/procedures/demo/nl.md", nl);
        let run = project.run(&["build"]).failure();
        assert!(
            run.stderr()
                .contains("is not allowed: use `http`, `https`, `mailto`"),
            "{url}: {}",
            run.stderr()
        );
        assert!(!project.root().join("output").exists());
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).expect("object"),
        other => other,
    }
}

/// The text of a PDF string (UTF-16BE with a byte-order mark, or PDFDocEncoding ~ Latin-1).
fn pdf_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|pair| u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

#[test]
fn hostile_text_and_non_latin_values_are_literal_in_the_pdf() {
    let project = hostile_project();
    let value = "Ωμέγα (ООО) \\ 株式会社 )(";
    project.write(
        "company.yaml",
        format!("fields:\n  name: {}\n", yaml(value)),
    );
    project
        .run(&["build", "-q", "--profile", "company.yaml"])
        .success();
    let doc = Document::load(project.root().join("output/nl/demo/demo-nl.pdf")).expect("PDF");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in ["<script>alert(1)</script>", "{{ site.title }}", "(a) \\ )"] {
        assert!(flat.contains(needle), "`{needle}` missing from:\n{flat}");
    }
    let info = doc.trailer.get(b"Info").expect("info");
    let info = resolve(&doc, info).as_dict().expect("info dictionary");
    let title = pdf_text(info.get(b"Title").expect("title").as_str().expect("text"));
    assert_eq!(title, PAYLOAD);
    let mut uris = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).expect("page");
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        for annot in resolve(&doc, annots).as_array().expect("annotations") {
            let annot = resolve(&doc, annot).as_dict().expect("annotation");
            if let Ok(action) = annot.get(b"A") {
                let action = resolve(&doc, action).as_dict().expect("action");
                uris.push(pdf_text(
                    action.get(b"URI").expect("URI").as_str().expect("text"),
                ));
            }
        }
    }
    assert!(uris.iter().any(|u| u == WIKI), "{WIKI} not in {uris:?}");
    assert!(
        !uris
            .iter()
            .any(|u| u.to_ascii_lowercase().contains("javascript")),
        "{uris:?}"
    );
    let catalog = doc.catalog().expect("catalog");
    let form = resolve(&doc, catalog.get(b"AcroForm").expect("form"))
        .as_dict()
        .expect("form dictionary");
    let fields = resolve(&doc, form.get(b"Fields").expect("fields"))
        .as_array()
        .expect("field list");
    let values: Vec<String> = fields
        .iter()
        .filter_map(|field| {
            let field = resolve(&doc, field).as_dict().ok()?;
            Some(pdf_text(field.get(b"V").ok()?.as_str().ok()?))
        })
        .collect();
    assert!(
        values.iter().any(|v| v == value),
        "{value} not among {values:?}"
    );
}
