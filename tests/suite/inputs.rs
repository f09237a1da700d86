//! Inputs that look hostile but are valid and must build: a byte-order mark and CRLF line ends
//! in every kind of content file, 10 000-deep nested lists and quotes, steps that refer to each
//! other in a circle.

use lopdf::Document;

use crate::common::{MINIMAL_CONTENT_FILES, Project, snapshot_tree};

#[test]
fn a_byte_order_mark_and_crlf_in_every_content_file_build_like_the_original() {
    let project = Project::minimal();
    project.run(&["build", "-q", "--out", "lf"]).success();
    for file in MINIMAL_CONTENT_FILES {
        let text = project.read(file).replace('\n', "\r\n");
        project.write(file, format!("\u{feff}{text}"));
    }
    project.run(&["build", "-q", "--out", "crlf"]).success();
    let normalise = |out: &str| -> Vec<_> {
        snapshot_tree(&project.root().join(out))
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
            .map(|(path, bytes)| (path, String::from_utf8_lossy(&bytes).replace("\r\n", "\n")))
            .collect()
    };
    let pages = normalise("lf");
    assert!(pages.len() >= 3);
    assert_eq!(pages, normalise("crlf"));
}

#[test]
fn ten_thousand_deep_lists_and_quotes_build_without_overflowing_the_stack() {
    let project = Project::minimal();
    let depth = 10_000;
    let nl = project.read("content/procedures/demo/nl.md").replace(
        "Inleiding.",
        &format!("{}diep\n\n{}diep\n", "- ".repeat(depth), "> ".repeat(depth)),
    );
    project.write("content/procedures/demo/nl.md", nl);
    project.run(&["build", "-q"]).success();
    let page = project.read("output/nl/demo/index.html");
    assert!(page.matches("<ul>").count() >= depth, "the lists are kept");
    assert!(
        page.matches("<blockquote").count() >= depth,
        "the quotes are kept"
    );
    let pdf = Document::load(project.root().join("output/nl/demo/demo-nl.pdf")).expect("PDF");
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    assert!(pdf.extract_text(&pages).expect("text").contains("diep"));
}

#[test]
fn steps_may_refer_to_each_other_in_a_circle() {
    // `[[#id]]` is a link shown as the step's number, not an inclusion: a circle is fine.
    let project = Project::minimal();
    let nl = project
        .read("content/procedures/demo/nl.md")
        .replace(
            "## Kies {#decide}",
            "## Kies, of ga terug naar [[#open]] {#decide}",
        )
        .replace(
            "## Open <https://example.org/app> {#open}",
            "## Open <https://example.org/app>, zie [[#decide]] {#open}",
        );
    project.write("content/procedures/demo/nl.md", nl);
    project.run(&["build", "-q"]).success();
    let page = project.read("output/nl/demo/index.html");
    assert!(page.contains("href=\"#decide\"") && page.contains("href=\"#open\""));
}
