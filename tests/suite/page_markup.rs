//! Markup the default theme writes inline rather than through component calls (a call per step
//! heading and per alert caption was most of a page's calls), checked on built pages:
//!
//! - the heading levels follow the nesting of the steps: a section is h2, its steps h3,
//!   sub-steps and option titles one level deeper each, and past h6 a paragraph with
//!   role="heading" and aria-level keeps the outline;
//! - the alert captions are CSS strings in the body's single-quoted `style` attribute, whatever
//!   quotes, backslashes or markup the theme's words hold.

use scraper::{Html, Selector};

use crate::common::Project;

/// Steps `level-1` … `level-5` nested as sub-steps, `level-5` a choice of `left` and `right`,
/// each option with step `deep-<option>`: levels 3 to 7, options 8, their steps 9.
const PROCEDURE: &str = r#"version: "1"
fields: [name, eori]
sections:
  - id: start
    steps:
      - id: level-1
        substeps:
          - id: level-2
            substeps:
              - id: level-3
                substeps:
                  - id: level-4
                    substeps:
                      - id: level-5
                        choice:
                          - id: left
                            steps:
                              - id: deep-left
                          - id: right
                            steps:
                              - id: deep-right
"#;

fn words(title: &str, step: &str) -> String {
    let mut md = format!("---\ntitle: {title}\n---\n\n# {step} 0 {{#start}}\n\n");
    for (i, id) in ["level-1", "level-2", "level-3", "level-4", "level-5"]
        .iter()
        .enumerate()
    {
        md.push_str(&format!("## {step} {} {{#{id}}}\n\n", i + 1));
    }
    for id in ["left", "deep-left", "right", "deep-right"] {
        md.push_str(&format!("## {step} {id} {{#{id}}}\n\n"));
    }
    md
}

/// (element name, `role`, `aria-level`, text) of the one element `css` selects.
fn heading(page: &Html, css: &str) -> (String, Option<String>, Option<String>, String) {
    let selector = Selector::parse(css).expect("selector");
    let found: Vec<_> = page.select(&selector).collect();
    assert_eq!(found.len(), 1, "{css}");
    let element = found[0];
    let attr = |name: &str| element.value().attr(name).map(str::to_string);
    let text = element.text().collect::<String>();
    (
        element.value().name().to_string(),
        attr("role"),
        attr("aria-level"),
        text.split_whitespace().collect::<Vec<_>>().join(" "),
    )
}

#[test]
fn headings_follow_the_nesting_and_continue_as_aria_headings_past_h6() {
    let project = Project::minimal();
    project
        .write("content/procedures/demo/procedure.yaml", PROCEDURE)
        .write("content/procedures/demo/nl.md", words("Diep", "Stap"))
        .write("content/procedures/demo/en.md", words("Deep", "Step"));
    project.run(&["build", "-q", "--no-pdf"]).success();
    let page = Html::parse_document(&project.read("output/en/demo/index.html"));

    for (id, level) in [
        ("level-1", 3),
        ("level-2", 4),
        ("level-3", 5),
        ("level-4", 6),
    ] {
        let got = heading(&page, &format!("li#{id} > .step-head > .step-title"));
        assert_eq!(got.0, format!("h{level}"), "{id}");
        assert_eq!((got.1, got.2), (None, None), "{id}");
        assert_eq!(got.3, format!("Step {}", level - 2), "{id}");
    }
    let step = |id: &str| heading(&page, &format!("li#{id} > .step-head > p.step-title"));
    let aria = |level: u8| (Some("heading".to_string()), Some(level.to_string()));
    let five = step("level-5");
    assert_eq!((five.1.clone(), five.2.clone()), aria(7));
    assert_eq!(five.3, "Step 5");
    for option in ["left", "right"] {
        let title = heading(
            &page,
            &format!("section#{option} > p.option-title#{option}-title"),
        );
        assert_eq!((title.1.clone(), title.2.clone()), aria(8), "{option}");
        assert!(title.3.ends_with(&format!("Step {option}")), "{}", title.3);
        let deep = step(&format!("deep-{option}"));
        assert_eq!((deep.1.clone(), deep.2.clone()), aria(9), "{option}");
    }
}

#[test]
fn alert_captions_are_css_strings_whatever_the_words_hold() {
    let project = Project::minimal();
    let caption = r#"Let's "quote" a \ back <b>&amp;"#;
    let theme = std::fs::read_to_string(crate::common::repo().join("themes/default/theme.yaml"))
        .expect("the default theme's settings");
    let changed = theme.replacen(
        "\n    alert_note: Note\n",
        &format!("\n    alert_note: '{}'\n", caption.replace('\'', "''")),
        1,
    );
    assert_ne!(changed, theme, "the English alert_note is `Note`");
    project.write("themes/default/theme.yaml", changed);
    project.run(&["build", "-q", "--no-pdf"]).success();
    let page = Html::parse_document(&project.read("output/en/demo/index.html"));
    let body = page
        .select(&Selector::parse("body").expect("selector"))
        .next()
        .expect("a body");
    let style = body.value().attr("style").expect("a style attribute");
    assert_eq!(
        style,
        r#"--sb-alert-note: "Let's \"quote\" a \\ back <b>&amp;";--sb-alert-tip: "Tip";--sb-alert-important: "Important";--sb-alert-warning: "Warning";--sb-alert-caution: "Caution";"#
    );
}
