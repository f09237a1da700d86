use std::collections::BTreeMap;

use super::*;
use crate::model::{FieldKind, Status};
use crate::render::pdf::template::{Block, Texts};
use crate::view::prose::{Prose, ProseBlock, Run, RunStyle};
use crate::view::{FieldView, SectionView, StepView};

/// Every character 0.5 em wide, bold 0.6 em.
struct Fixed;

impl Measure for Fixed {
    fn width(&self, text: &str, font: Font, size: f32) -> f32 {
        let em = if font == Font::Bold { 0.6 } else { 0.5 };
        text.chars().count() as f32 * em * size
    }
}

fn prose(text: &str) -> Prose {
    Prose::plain(text)
}

fn step(id: &str, title: &str) -> StepView {
    StepView {
        id: id.into(),
        number: "a".into(),
        path: format!("1.{id}"),
        depth: 1,
        title: prose(title),
        body: Prose::default(),
        fallback_lang: None,
        substeps: Vec::new(),
        options: Vec::new(),
        email: None,
        changed_in: None,
        result: None,
        screens: Vec::new(),
    }
}

fn view(steps: Vec<StepView>) -> ProcedureView {
    ProcedureView {
        id: "p".into(),
        lang: "nl".into(),
        fallback_lang: None,
        title: "Title".into(),
        summary: String::new(),
        intro: Prose::default(),
        version: "1.0".into(),
        status: Status::Published,
        verification: crate::model::Verification::NotVerified { labels: 0 },
        date: None,
        updated: None,
        edit_url: None,
        changelog: Vec::new(),
        pdf: "p-nl.pdf".into(),
        fields: vec![FieldView {
            id: "eori".into(),
            kind: FieldKind::Eori,
            label: "EORI".into(),
            hint: String::new(),
            input_type: "text",
            max_len: Some(17),
            autocomplete: None,
        }],
        sections: vec![SectionView {
            id: "s".into(),
            number: "1".into(),
            title: prose("Section"),
            body: Prose::default(),
            fallback_lang: None,
            steps,
        }],
        step_count: 0,
        category: None,
        tags: Vec::new(),
    }
}

fn checklist() -> Checklist {
    Checklist {
        header: "Title".into(),
        footer_left: "v1".into(),
        footer_right: "{page} / {pages}".into(),
        texts: Texts::default(),
        blocks: vec![
            Block::Fields {
                heading: "Fields".into(),
                note: String::new(),
            },
            Block::Sections,
        ],
    }
}

/// A small page: 200 × 300 pt with 20 pt margins, so a few steps fill it.
fn frame() -> Frame {
    Frame {
        width: 200.0,
        height: 300.0,
        left: 20.0,
        right: 180.0,
        top: 20.0,
        bottom: 280.0,
        body: 10.0,
        title: 16.0,
        heading: 12.0,
        small: 7.0,
        screens: true,
    }
}

fn texts(page: &Page) -> Vec<String> {
    page.items
        .iter()
        .filter_map(|item| match item {
            Item::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn no_break_spaces_keep_their_words_together() {
    let pieces = text::plain_pieces(
        "les champs suivants\u{a0}: (\u{ab}\u{202f}importer role\u{202f}\u{bb})",
        Font::Regular,
        Ink::Text,
    );
    let words: Vec<&str> = pieces.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        words,
        [
            "les",
            "champs",
            "suivants\u{a0}:",
            "(\u{ab}\u{202f}importer",
            "role\u{202f}\u{bb})"
        ]
    );
}

#[test]
fn wraps_text_within_the_line_and_keeps_every_word() {
    let long = "one two three four five six seven eight nine ten eleven twelve";
    let pages = layout(
        &checklist(),
        &view(vec![step("a", long)]),
        &BTreeMap::new(),
        &frame(),
        &Fixed,
    );
    let words: Vec<String> = texts(&pages[0]);
    let joined = words.join(" ");
    for word in long.split(' ') {
        assert!(joined.contains(word), "{word} in {joined}");
    }
    for item in &pages[0].items {
        if let Item::Text {
            x,
            text,
            size,
            font,
            ..
        } = item
        {
            assert!(
                x + Fixed.width(text, *font, *size) <= 180.01,
                "`{text}` overflows"
            );
        }
    }
}

#[test]
fn paginates_and_never_leaves_a_checkbox_without_its_text() {
    let steps: Vec<StepView> = (0..30)
        .map(|i| {
            step(
                &format!("s{i}"),
                &format!("step number {i} with a title that wraps over two lines"),
            )
        })
        .collect();
    let pages = layout(
        &checklist(),
        &view(steps),
        &BTreeMap::new(),
        &frame(),
        &Fixed,
    );
    assert!(pages.len() > 3, "{} pages", pages.len());
    let mut checks = 0;
    for (index, page) in pages.iter().enumerate() {
        let footer = format!("{} / {}", index + 1, pages.len());
        assert!(
            texts(page).contains(&footer),
            "page {index} lacks `{footer}`"
        );
        for item in &page.items {
            if let Item::Check { name, y, size, .. } = item {
                checks += 1;
                assert!(y + size <= 280.0, "checkbox {name} below the text area");
                let number = name.trim_start_matches('s');
                assert!(
                    texts(page)
                        .iter()
                        .any(|t| t.contains(&format!("number {number}"))),
                    "checkbox {name} is not on the page of its text"
                );
            }
        }
    }
    assert_eq!(checks, 30);
}

#[test]
fn keeps_a_heading_with_what_follows() {
    let steps: Vec<StepView> = (0..14).map(|i| step(&format!("s{i}"), "x")).collect();
    let mut v = view(steps);
    let mut second = v.sections[0].clone();
    second.id = "t".into();
    second.title = prose("Second");
    second.steps = vec![step("last", "last step")];
    v.sections.push(second);
    let pages = layout(&checklist(), &v, &BTreeMap::new(), &frame(), &Fixed);
    for page in &pages {
        let t = texts(page);
        if t.iter().any(|s| s == "Second") {
            assert!(
                t.iter().any(|s| s == "last step"),
                "heading alone at a page end"
            );
        }
    }
}

#[test]
fn fields_get_their_profile_value_and_a_comb_of_max_len() {
    let values = BTreeMap::from([("eori".to_string(), "BE0314595348".to_string())]);
    let pages = layout(&checklist(), &view(vec![]), &values, &frame(), &Fixed);
    let field = pages[0]
        .items
        .iter()
        .find_map(|item| match item {
            Item::Field {
                name,
                value,
                max_len,
                ..
            } => Some((name.clone(), value.clone(), *max_len)),
            _ => None,
        })
        .unwrap();
    assert_eq!(field, ("eori".into(), "BE0314595348".into(), Some(17)));
}

#[test]
fn links_and_labels_are_styled_runs() {
    let title = Prose {
        html: String::new(),
        text: String::new(),
        blocks: vec![ProseBlock {
            runs: vec![
                Run {
                    text: "Go to ".into(),
                    style: RunStyle::Plain,
                    href: None,
                },
                Run {
                    text: "https://example.org/a/very/long/path/that/is/wider/than/a/line".into(),
                    style: RunStyle::Link,
                    href: Some("https://example.org/x".into()),
                },
                Run {
                    text: " and click ".into(),
                    style: RunStyle::Plain,
                    href: None,
                },
                Run {
                    text: "Create".into(),
                    style: RunStyle::Label,
                    href: None,
                },
            ],
            ..ProseBlock::default()
        }],
    };
    let mut s = step("a", "");
    s.title = title;
    let pages = layout(
        &checklist(),
        &view(vec![s]),
        &BTreeMap::new(),
        &frame(),
        &Fixed,
    );
    let items = &pages[0].items;
    assert!(
        items
            .iter()
            .any(|i| matches!(i, Item::Text { text, font: Font::Bold, .. } if text == "Create"))
    );
    let links = items
        .iter()
        .filter(|i| matches!(i, Item::Link { url, .. } if url == "https://example.org/x"))
        .count();
    assert!(
        links >= 2,
        "a URL broken over lines is clickable on each line"
    );
}

/// [`Fixed`], counting the characters it is asked to measure: the layout's work.
#[derive(Default)]
struct Counting(std::cell::Cell<usize>);

impl Measure for Counting {
    fn width(&self, text: &str, font: Font, size: f32) -> f32 {
        self.0.set(self.0.get() + text.chars().count());
        Fixed.width(text, font, size)
    }
}

/// The characters measured to lay out a step whose title is one unbreakable token (a long
/// URL) of `length` characters, after checking that every character is placed and none
/// overflows the line.
fn work_for_a_token(length: usize) -> usize {
    let token: String = (0..length)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let counting = Counting::default();
    let pages = layout(
        &checklist(),
        &view(vec![step("a", &format!("see {token} now"))]),
        &BTreeMap::new(),
        &frame(),
        &counting,
    );
    let mut placed = String::new();
    for page in &pages {
        for item in &page.items {
            if let Item::Text {
                x,
                text,
                size,
                font,
                ..
            } = item
            {
                assert!(
                    x + Fixed.width(text, *font, *size) <= 180.01,
                    "`{text}` overflows"
                );
                placed.push_str(text);
            }
        }
    }
    assert!(
        placed.replace(' ', "").contains(&token),
        "a character was lost"
    );
    counting.0.get()
}

#[test]
fn a_long_unbreakable_token_is_laid_out_in_linear_work() {
    // The old line breaker re-measured the rest of the word once per character: 4x the
    // length took over 16x the work (8 000 characters took 34 s).
    let small = work_for_a_token(4_000);
    let large = work_for_a_token(16_000);
    assert!(
        large < small * 5,
        "4x the token took {:.1}x the work",
        large as f64 / small as f64
    );
}

#[test]
fn fitting_a_long_text_is_linear_and_keeps_the_longest_prefix() {
    let work = |length: usize| {
        let counting = Counting::default();
        let text = "x".repeat(length);
        let fitted = text::fit(&text, 100.0, Font::Regular, 10.0, &counting);
        // 0.5 em at 10 pt is 5 pt a character: 19 `x` and the ellipsis fit in 100 pt.
        assert_eq!(fitted, format!("{}…", "x".repeat(19)));
        counting.0.get()
    };
    let (small, large) = (work(10_000), work(40_000));
    assert!(large < small * 5, "{small} then {large}");
}

#[test]
fn a_long_footer_shortens_the_title_and_keeps_version_and_verification() {
    // Fixed: 0.5 em a character, 3.5 pt at 7 pt; the frame's text is 160 pt wide, "1 / 2"
    // takes 17.5 pt and 12 pt keep them apart, so 130.5 pt (37 characters) are left: the
    // 23 characters from the first " · " on stay, the title gets 14 with its ellipsis.
    let mut items = Vec::new();
    let left = "A very long procedure title · V 1.0 · Not verified";
    paginate::footer(&mut items, left, "1 / 2", &frame(), &Fixed);
    let page = Page { items };
    let footer = texts(&page);
    assert_eq!(footer[0], "A very long p… · V 1.0 · Not verified");
    assert!(Fixed.width(&footer[0], Font::Regular, 7.0) <= 130.5);
}
