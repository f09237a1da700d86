//! The verification state is computed from the screen labels' dates, and the page header, the
//! index card and the checklist (title block and footer) say the same words, in every
//! language; `check` states it and `--require-verified` gates on it.

use scraper::{Html, Selector};

use crate::common::Project;

/// 2026-12-01, as `SOURCE_DATE_EPOCH`.
const TODAY: (&str, &str) = ("SOURCE_DATE_EPOCH", "1796083200");

/// The shipped project with `verified` dates added to its screen labels: `date(system, id)`
/// gives each label's date, if any.
fn dated(date: impl Fn(&str, &str) -> Option<&'static str>) -> Project {
    let project = Project::shipped();
    for system in ["traces", "eu-login"] {
        let path = format!("content/labels/{system}.yaml");
        let mut out = String::new();
        let mut id = String::new();
        for line in project.read(&path).lines() {
            if let Some(key) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
                && !key.starts_with(' ')
            {
                id = key.to_string();
            }
            out.push_str(line);
            out.push('\n');
            if line.starts_with("    text: ")
                && let Some(date) = date(system, &id)
            {
                out.push_str(&format!("    verified: \"{date}\"\n"));
            }
        }
        project.write(&path, out);
    }
    project
}

/// The words of each state, per language, for the FLEGT procedure (16 screen labels).
fn expected(state: &str, lang: &str) -> &'static str {
    match (state, lang) {
        ("not-verified", "nl") => "Niet gecontroleerd",
        ("not-verified", "fr") => "Non vérifiée",
        ("not-verified", "de") => "Nicht geprüft",
        ("not-verified", "en") => "Not verified",
        ("verified", "nl") => "Gecontroleerd op 2026-11-30",
        ("verified", "fr") => "Vérifiée le 2026-11-30",
        ("verified", "de") => "Geprüft am 2026-11-30",
        ("verified", "en") => "Verified on 2026-11-30",
        ("partly", "nl") => "Deels gecontroleerd (2 van 16 schermteksten, oudste 2026-11-30)",
        ("partly", "fr") => {
            "Vérifiée en partie (2 sur 16 libellés d’écran, le plus ancien le 2026-11-30)"
        }
        ("partly", "de") => "Teilweise geprüft (2 von 16 Bildschirmtexten, älteste am 2026-11-30)",
        ("partly", "en") => "Partly verified (2 of 16 screen labels, oldest 2026-11-30)",
        ("out-of-date", "nl") => "Controle verouderd (oudste 2025-01-01)",
        ("out-of-date", "fr") => "Vérification périmée (la plus ancienne le 2025-01-01)",
        ("out-of-date", "de") => "Prüfung veraltet (älteste am 2025-01-01)",
        ("out-of-date", "en") => "Verification out of date (oldest 2025-01-01)",
        _ => unreachable!("no such case"),
    }
}

/// Spaces and line breaks as one space (the title block may wrap a long value).
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Builds `project` as of [`TODAY`] and asserts every page, index card and checklist of the
/// FLEGT procedure says the words of `state`.
fn assert_words(project: &Project, state: &str) {
    project.run_with_env(&["build", "-q"], &[TODAY]).success();
    let badge = Selector::parse("[data-verification]").expect("css");
    let card =
        Selector::parse("[data-procedure-id=\"flegt-access\"] [data-verification]").expect("css");
    for lang in ["nl", "fr", "de", "en"] {
        let words = expected(state, lang);
        let page =
            Html::parse_document(&project.read(&format!("output/{lang}/flegt-access/index.html")));
        let header: Vec<String> = page
            .select(&Selector::parse(".procedure-header [data-verification]").expect("css"))
            .map(|b| b.text().collect())
            .collect();
        assert_eq!(header, [words], "{lang} page header, {state}");
        let first = page.select(&badge).next().expect("badge");
        assert_eq!(first.value().attr("data-verification"), Some(state));
        let index = Html::parse_document(&project.read(&format!("output/{lang}/index.html")));
        let on_card: Vec<String> = index.select(&card).map(|b| b.text().collect()).collect();
        assert_eq!(on_card, [words], "{lang} index card, {state}");
        let pdf = project.root().join(format!(
            "output/{lang}/flegt-access/flegt-access-{lang}.pdf"
        ));
        let doc = lopdf::Document::load(&pdf).expect("pdf");
        for number in doc.get_pages().keys() {
            let text = squeeze(&doc.extract_text(&[*number]).expect("text"));
            // The footer of every page: "… · Version 1.0 (2026-11-21) · <words>".
            assert!(
                text.contains(&format!("(2026-11-21) · {words}")),
                "{lang} PDF page {number} footer, {state}: {text}"
            );
            if *number == 1 {
                // The title block, and the footer: twice on the first page.
                assert_eq!(
                    text.matches(words).count(),
                    2,
                    "{lang} PDF title block, {state}: {text}"
                );
            }
        }
    }
}

#[test]
fn the_shipped_procedure_says_not_verified_everywhere() {
    let project = Project::shipped();
    assert_words(&project, "not-verified");
    let check = project.run_with_env(
        &["check", "--deny-warnings", "--allow", "example-base-url"],
        &[TODAY],
    );
    let stderr = check.stderr();
    assert!(
        stderr.contains("procedure flegt-access: not verified (0 of 16 screen labels)"),
        "{stderr}"
    );
}

#[test]
fn labels_all_dated_say_verified_on_the_oldest_date() {
    let project = dated(|system, id| {
        Some(if (system, id) == ("traces", "create") {
            "2026-11-30"
        } else {
            "2026-12-01"
        })
    });
    assert_words(&project, "verified");
    // The gate lets it through (the draft is not judged).
    let check = project
        .run_with_env(&["check", "--require-verified"], &[TODAY])
        .success();
    assert!(
        check
            .stderr()
            .contains("procedure flegt-access: verified on 2026-11-30 (16 of 16 screen labels)"),
        "{}",
        check.stderr()
    );
}

#[test]
fn some_labels_dated_say_partly_verified() {
    let project = dated(|system, id| match (system, id) {
        ("traces", "create") => Some("2026-11-30"),
        ("eu-login", "privacy-policy") => Some("2026-12-01"),
        _ => None,
    });
    assert_words(&project, "partly");
    let check = project
        .run_with_env(&["check", "--require-verified"], &[TODAY])
        .failure();
    assert!(
        check.stderr().contains(
            "error: procedure `flegt-access` is partly verified (2 of 16 screen labels, oldest 2026-11-30)"
        ),
        "{}",
        check.stderr()
    );
}

#[test]
fn one_label_too_old_says_out_of_date_and_check_warns() {
    let project = dated(|system, id| {
        Some(if (system, id) == ("traces", "create") {
            "2025-01-01"
        } else {
            "2026-11-30"
        })
    });
    assert_words(&project, "out-of-date");
    let check = project
        .run_with_env(
            &["check", "--deny-warnings", "--allow", "example-base-url"],
            &[TODAY],
        )
        .failure();
    let stderr = check.stderr();
    assert!(
        stderr.contains("warning: screen label `traces:create` was last verified on 2025-01-01"),
        "{stderr}"
    );
    assert!(stderr.contains("procedure flegt-access: verification out of date (1 of 16 screen labels too old, oldest 2025-01-01)"), "{stderr}");
}

#[test]
fn require_verified_fails_on_the_shipped_content() {
    let project = Project::shipped();
    let check = project
        .run_with_env(&["check", "--require-verified"], &[TODAY])
        .failure();
    let stderr = check.stderr();
    assert!(
        stderr.contains(
            "content/procedures/flegt-access/procedure.yaml:5:9: error: procedure `flegt-access` is not verified (0 of 16 screen labels)"
        ),
        "{stderr}"
    );
    // Drafts are not judged; and without the flag the same content checks clean of errors.
    assert!(!stderr.contains("`eudr-dds`"), "{stderr}");
    project.run_with_env(&["check"], &[TODAY]).success();
    // `build --require-verified` refuses too, and writes nothing.
    project
        .run_with_env(&["build", "--require-verified"], &[TODAY])
        .failure();
    assert!(!project.root().join("output").exists());
}
