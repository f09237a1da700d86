//! Images in language files: copied once under a content-hashed name, shown at their size, and
//! the same bytes on every build. (Errors and warnings about images are cases of
//! `tests/fixtures/invalid` and `tests/fixtures/warnings`.)

use sha2::{Digest, Sha256};

use crate::common::{Project, repo, snapshot_tree};

/// A 40 × 20 PNG of the warnings fixtures.
fn screenshot() -> Vec<u8> {
    std::fs::read(
        repo().join("tests/fixtures/warnings/empty_alt_text/content/procedures/demo/scherm.png"),
    )
    .expect("fixture image")
}

fn project_with_images() -> Project {
    let project = Project::minimal();
    let png = screenshot();
    project.write("content/procedures/demo/scherm.png", &png);
    // The same bytes under another name: still one published file.
    project.write("content/screens/start.png", &png);
    for (lang, markdown) in [
        ("nl", "![Het beginscherm](scherm.png)"),
        ("en", "![The start screen](/screens/start.png)"),
    ] {
        let file = format!("content/procedures/demo/{lang}.md");
        let text = project.read(&file);
        let (front, rest) = text.split_once("\n---\n").expect("front matter");
        project.write(&file, format!("{front}\n---\n\n{markdown}\n{rest}"));
    }
    project
}

#[test]
fn an_image_is_copied_once_under_its_content_hash_and_shown_at_its_size() {
    let project = project_with_images();
    let run = project.run(&["check", "--deny-warnings"]).success();
    assert!(!run.stderr().contains("warning"), "{}", run.stderr());
    project.run(&["build", "-q", "--out", "first"]).success();

    let png = screenshot();
    let digest = Sha256::digest(&png);
    let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    let name = format!("{hash}.png");
    let images: Vec<_> = std::fs::read_dir(project.root().join("first/images"))
        .expect("images folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(images, vec![name.clone()], "one file for both uses");
    assert_eq!(
        std::fs::read(project.root().join("first/images").join(&name)).expect("published"),
        png
    );

    for (lang, alt) in [("nl", "Het beginscherm"), ("en", "The start screen")] {
        let page = project.read(&format!("first/{lang}/demo/index.html"));
        let img = format!(
            "<a class=\"image\" href=\"../../images/{name}\"><img src=\"../../images/{name}\" alt=\"{alt}\" width=\"40\" height=\"20\" loading=\"lazy\"></a>"
        );
        assert!(page.contains(&img), "{lang} page lacks {img}");
    }

    project.run(&["build", "-q", "--out", "second"]).success();
    assert_eq!(
        snapshot_tree(&project.root().join("first")),
        snapshot_tree(&project.root().join("second"))
    );
}

#[test]
fn a_replaced_image_gets_a_new_name() {
    let project = project_with_images();
    project.run(&["build", "-q", "--out", "first"]).success();
    let mut other = screenshot();
    // Still a whole PNG: bytes after the IEND chunk are ignored by decoders.
    other.extend_from_slice(b"changed");
    project.write("content/procedures/demo/scherm.png", &other);
    project.run(&["build", "-q", "--out", "second"]).success();
    let names = |out: &str| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(project.root().join(out).join("images"))
            .expect("images folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("first").len(), 1);
    assert_eq!(names("second").len(), 2, "nl's image changed, en's did not");
    let page = project.read("second/nl/demo/index.html");
    assert!(
        !page.contains(&names("first")[0]),
        "nl page still names the old file"
    );
}

/// A build leaves drafts out, and their images with them: an image only a draft shows is not
/// published (its screenshots may show what is not yet meant to be seen), one a published page
/// shows too still is, and `--drafts` publishes both.
#[test]
fn an_image_only_a_draft_shows_is_published_only_with_drafts() {
    let project = project_with_images();
    let mut draft_only = screenshot();
    draft_only.extend_from_slice(b"draft");
    for file in ["procedure.yaml", "nl.md", "en.md"] {
        let text = project.read(&format!("content/procedures/demo/{file}"));
        project.write(&format!("content/procedures/concept/{file}"), text);
    }
    project.write("content/procedures/concept/concept.png", &draft_only);
    let structure = project.read("content/procedures/concept/procedure.yaml");
    project.write(
        "content/procedures/concept/procedure.yaml",
        format!("status: draft\n{structure}"),
    );
    let words = project
        .read("content/procedures/concept/nl.md")
        .replace("scherm.png", "concept.png");
    project.write("content/procedures/concept/nl.md", words);
    let hash_name = |bytes: &[u8]| -> String {
        let digest = Sha256::digest(bytes);
        let hash: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("{hash}.png")
    };
    let (shared, draft) = (hash_name(&screenshot()), hash_name(&draft_only));

    let run = project.run(&["build", "--out", "published"]).success();
    assert!(
        run.stderr().contains("1 draft left out"),
        "{}",
        run.stderr()
    );
    let images = project.root().join("published/images");
    assert!(images.join(&shared).exists(), "the published page's image");
    assert!(!images.join(&draft).exists(), "the draft's own image");
    assert!(!project.root().join("published/nl/concept").exists());

    project
        .run(&["build", "-q", "--drafts", "--out", "with-drafts"])
        .success();
    let images = project.root().join("with-drafts/images");
    assert!(images.join(&shared).exists() && images.join(&draft).exists());
}
