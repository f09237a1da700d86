//! The shipped procedure in its four languages: the Dutch source and its French, German and
//! English versions. Every translation keeps the structure, links, addresses, e-mail subject and
//! screen labels of the source; the language switcher links the versions to each other; the
//! checklists have the same form fields; a missing translation falls back and is reported.

use std::collections::BTreeMap;
use std::path::Path;

use lopdf::{Document, Object};
use scraper::{ElementRef, Html, Selector};

use crate::common::Project;
use crate::seed::{LABELS, seed};

/// The site's languages, source first.
const LANGUAGES: [&str; 4] = ["nl", "fr", "de", "en"];

fn select<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    page.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn attrs(page: &Html, css: &str, attr: &str) -> Vec<String> {
    select(page, css)
        .into_iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

fn text_of(element: ElementRef) -> String {
    element.text().collect::<Vec<_>>().join("")
}

/// The shipped project, built, with each language's procedure page.
fn built() -> (Project, BTreeMap<&'static str, Html>) {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let pages = LANGUAGES
        .iter()
        .map(|lang| {
            let html = project.read(&format!("output/{lang}/flegt-access/index.html"));
            (*lang, Html::parse_document(&html))
        })
        .collect();
    (project, pages)
}

#[test]
fn the_shipped_content_is_complete_in_all_four_languages() {
    let project = Project::shipped();
    // The shipped `base_url` is a placeholder (`stepbook check` says so): see docs/publish.md.
    let run = project
        .run(&["check", "--allow", "example-base-url"])
        .success();
    assert!(
        run.stderr()
            .contains("checked 2 procedures in 4 languages: no errors"),
        "{}",
        run.stderr()
    );
    assert!(
        !run.stderr().contains("warning"),
        "a translation is incomplete:\n{}",
        run.stderr()
    );
    let (_project, pages) = built();
    for (lang, page) in &pages {
        assert_eq!(attrs(page, "html", "lang"), [*lang]);
        assert!(
            select(page, "main .untranslated").is_empty(),
            "{lang}: some text falls back to Dutch"
        );
        let foreign: Vec<String> = attrs(page, "main [lang]", "lang")
            .into_iter()
            .filter(|l| l != lang)
            .collect();
        assert!(foreign.is_empty(), "{lang}: text in {foreign:?}");
    }
}

#[test]
fn every_language_has_exactly_the_steps_and_numbers_of_the_dutch_source() {
    let (_project, pages) = built();
    let steps = |page: &Html| -> Vec<(String, String)> {
        select(page, "main [data-step-id]")
            .into_iter()
            .map(|e| {
                let value = |name| e.value().attr(name).unwrap_or_default().to_string();
                (value("data-step-id"), value("data-step-path"))
            })
            .collect()
    };
    let source = steps(&pages["nl"]);
    assert_eq!(source.len(), 27, "the Dutch procedure has 27 steps");
    for lang in &LANGUAGES[1..] {
        assert_eq!(steps(&pages[lang]), source, "{lang}");
    }
}

#[test]
fn every_language_keeps_the_seed_links_addresses_subject_and_screen_labels() {
    let seed = seed();
    let urls: Vec<&str> = seed
        .split(['<', '>'])
        .filter(|part| part.starts_with("https://"))
        .collect();
    assert_eq!(urls.len(), 3, "the seed links three times");
    let (_project, pages) = built();
    for (lang, page) in &pages {
        let hrefs = attrs(page, "main a[href]", "href");
        for url in &urls {
            let in_seed = urls.iter().filter(|u| *u == url).count();
            let in_page = hrefs.iter().filter(|h| h == url).count();
            assert!(in_page >= in_seed, "{lang}: {url} linked {in_page} times");
        }
        let text = text_of(select(page, "main")[0]);
        for address in ["sante-traces@ec.europa.eu", "flegt@environment.belgium.be"] {
            assert!(text.contains(address), "{lang}: {address} missing");
        }
        // The message goes to the TRACES support team: its subject stays the English one of
        // the source in every language, and so does the whole `mailto:` link.
        assert!(text.contains("role request for a FLEGT timber importer"));
        let mailto = attrs(page, "main a[href^='mailto:']", "href");
        assert_eq!(mailto.len(), 1, "{lang}");
        assert!(
            mailto[0].starts_with("mailto:sante-traces@ec.europa.eu?cc=flegt@environment.belgium.be&subject=role%20request%20for%20a%20FLEGT%20timber%20importer&body="),
            "{lang}: {}",
            mailto[0]
        );
        let shown: Vec<String> = select(page, "main kbd.ui samp")
            .into_iter()
            .map(text_of)
            .collect();
        for label in LABELS {
            assert!(
                shown.iter().any(|s| s == label),
                "{lang}: {label} is not shown as a screen label"
            );
        }
        assert_eq!(
            shown.len(),
            select(&pages["nl"], "main kbd.ui samp").len(),
            "{lang}: as many screen labels as in Dutch"
        );
    }
}

#[test]
fn the_translations_are_in_their_own_language() {
    let (_project, pages) = built();
    let dutch_text = text_of(select(&pages["nl"], "main")[0]);
    let field_labels = |page: &Html| -> Vec<String> {
        select(page, "main .field label")
            .into_iter()
            .map(text_of)
            .collect()
    };
    let dutch_labels = field_labels(&pages["nl"]);
    assert_eq!(dutch_labels.len(), 5);
    for lang in &LANGUAGES[1..] {
        let page = &pages[lang];
        let text = text_of(select(page, "main")[0]);
        for sentence in [
            "Om toegang te hebben tot de FLEGT applicatie",
            "Indien uw bedrijf reeds bestaat in het systeem",
            "dit is noodzakelijk voor de koppeling naar Flegt registratie",
            "van diegene voor wie de rol wordt aangevraagd",
            "Na enige tijd ontvangt U een mail van TRACES",
        ] {
            assert!(
                dutch_text.contains(sentence),
                "the Dutch page has {sentence}"
            );
            assert!(!text.contains(sentence), "{lang}: Dutch text {sentence}");
        }
        let labels = field_labels(page);
        assert_eq!(labels.len(), dutch_labels.len(), "{lang}");
        for (label, dutch) in labels.iter().zip(&dutch_labels) {
            assert_ne!(label, dutch, "{lang}: field label not translated");
        }
        let title = text_of(select(page, "main h1")[0]);
        assert_ne!(title, text_of(select(&pages["nl"], "main h1")[0]), "{lang}");
    }
}

#[test]
fn the_language_switcher_links_every_page_to_its_translations() {
    let (project, _pages) = built();
    let out = project.root().join("output");
    for page in ["index.html", "flegt-access/index.html"] {
        for lang in LANGUAGES {
            let path = format!("{lang}/{page}");
            let html = Html::parse_document(&project.read(&format!("output/{path}")));
            let links = select(&html, "nav.lang-switch a[hreflang]");
            let codes: Vec<&str> = links
                .iter()
                .filter_map(|a| a.value().attr("hreflang"))
                .collect();
            assert_eq!(codes, LANGUAGES, "{path}");
            for link in links {
                let code = link.value().attr("hreflang").expect("hreflang");
                let href = link.value().attr("href").expect("href");
                let target = out
                    .join(lang)
                    .join(Path::new(page).parent().expect("folder"));
                let target = target.join(href);
                assert!(target.is_file(), "{path}: broken link {href}");
                let expected = out.join(code).join(page);
                assert_eq!(
                    target.canonicalize().expect("exists"),
                    expected.canonicalize().expect("exists"),
                    "{path}: {code} links elsewhere"
                );
                let current = link.value().attr("aria-current") == Some("page");
                assert_eq!(current, code == lang, "{path}: {code}");
            }
        }
    }
}

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).expect("referenced object"),
        other => other,
    }
}

/// Every form field of a checklist: name and field type.
fn form_fields(bytes: &[u8]) -> Vec<(String, String)> {
    let doc = Document::load_mem(bytes).expect("a PDF lopdf can read");
    let catalog = doc.catalog().expect("catalog");
    let form = resolve(&doc, catalog.get(b"AcroForm").expect("AcroForm"))
        .as_dict()
        .expect("form dictionary");
    let list = resolve(&doc, form.get(b"Fields").expect("Fields"))
        .as_array()
        .expect("field list");
    let mut fields: Vec<(String, String)> = list
        .iter()
        .map(|f| {
            let dict = resolve(&doc, f).as_dict().expect("field dictionary");
            let name = dict.get(b"T").and_then(Object::as_str).expect("name");
            let kind = dict.get(b"FT").and_then(Object::as_name).expect("type");
            (
                String::from_utf8_lossy(name).into_owned(),
                String::from_utf8_lossy(kind).into_owned(),
            )
        })
        .collect();
    fields.sort();
    fields
}

#[test]
fn every_language_has_a_checklist_with_the_same_form_fields() {
    let (project, pages) = built();
    let mut by_lang = BTreeMap::new();
    for (lang, page) in &pages {
        let name = format!("flegt-access-{lang}.pdf");
        assert!(
            attrs(page, "main a[href]", "href").contains(&name),
            "{lang}: the page links its checklist"
        );
        let path = project
            .root()
            .join(format!("output/{lang}/flegt-access/{name}"));
        let bytes = std::fs::read(&path).expect("the checklist exists");
        by_lang.insert(*lang, form_fields(&bytes));
    }
    let source = &by_lang["nl"];
    let buttons = source.iter().filter(|(_, kind)| kind == "Btn").count();
    assert_eq!(
        buttons,
        27 + 1,
        "a checkbox per step and sub-step, a radio group per choice"
    );
    assert_eq!(source.len(), 28 + 5, "and the five fill-in fields");
    for lang in &LANGUAGES[1..] {
        assert_eq!(&by_lang[lang], source, "{lang}");
    }
    // The names are the page's: a step's checkbox is its `data-step-id`, a choice's radio group
    // is `choice:` and the id of the step that offers it (`li.has-choice`), a text field is the
    // name of the page's input.
    let page = &pages["nl"];
    let mut expected: Vec<(String, String)> =
        attrs(page, "main li.step[data-step-id]", "data-step-id")
            .into_iter()
            .map(|id| (id, "Btn".to_string()))
            .chain(
                attrs(page, "main li.step.has-choice", "data-step-id")
                    .into_iter()
                    .map(|id| (format!("choice:{id}"), "Btn".to_string())),
            )
            .chain(
                attrs(page, ".fields input[name]", "name")
                    .into_iter()
                    .map(|name| (name, "Tx".to_string())),
            )
            .collect();
    expected.sort();
    assert_eq!(&expected, source, "the page's names are the checklist's");
}

#[test]
fn a_missing_translation_falls_back_to_dutch_and_check_reports_it() {
    let project = Project::shipped();
    // The step is one of the TRACES operator steps shared with the EUDR procedure.
    let de = project.read("content/shared/traces-operator/de.md");
    let heading = "## Ein Pop-up-Fenster erscheint; füllen Sie es aus {#fill-in-popup}\n";
    assert!(de.contains(heading));
    project.write(
        "content/shared/traces-operator/de.md",
        de.replace(heading, ""),
    );
    let run = project.run(&["check"]).success();
    assert!(
        run.stderr().contains(
            "warning: `de` has no text for `fill-in-popup`; the `nl` text is used instead"
        ),
        "{}",
        run.stderr()
    );
    project.run(&["build", "-q"]).success();
    let page = Html::parse_document(&project.read("output/de/flegt-access/index.html"));
    let step = select(&page, "#fill-in-popup [lang=nl]");
    assert!(
        step.iter()
            .any(|e| text_of(*e).contains("Een pop-up scherm verschijnt, vul dit in")),
        "the step shows the Dutch text, marked as Dutch"
    );
    assert_eq!(select(&page, "#fill-in-popup .untranslated").len(), 1);
    assert_eq!(
        select(&page, "main .untranslated").len(),
        1,
        "only that step"
    );
}

/// Issue 18's small things, seen on the pages: no note in doubled parentheses ("(het nationaal
/// bevoegde orgaan (in België))"), the certificate called as in the original (VLEGAL) in the
/// summary as in the last step, and the reader's wording fixes in French and German.
#[test]
fn every_language_reads_cleanly_no_doubled_parentheses_one_name_for_the_certificate() {
    let (_project, pages) = built();
    for (lang, page) in &pages {
        let text = text_of(select(page, "main")[0]);
        let notes: Vec<String> = select(page, ".email .email-note")
            .into_iter()
            .map(text_of)
            .collect();
        assert!(notes.len() >= 2, "{lang}: {notes:?}");
        for note in &notes {
            let inner = note.trim().trim_start_matches('→').trim();
            let inner = inner.strip_prefix('(').and_then(|n| n.strip_suffix(')'));
            assert!(
                inner.is_none_or(|n| !n.contains('(') && !n.contains(')')),
                "{lang}: a note in doubled parentheses: {note}"
            );
        }
        assert!(!text.contains("V-Legal"), "{lang}: V-Legal beside VLEGAL");
        assert!(text.contains("VLEGAL"), "{lang}");
    }
    let fr = text_of(select(&pages["fr"], "main")[0]);
    assert!(fr.contains("E-mail à l’équipe d’assistance TRACES (TRACES Support Team)"));
    assert!(!fr.contains("au TRACES Support Team"));
    let de = text_of(select(&pages["de"], "main")[0]);
    for (good, bad) in [
        ("TRACES-Support-Team", "TRACES Support Team"),
        ("Importeursrolle", "Rolle des Importeurs"),
        ("akzeptieren Sie die Privacy Policy", "bestätigen Sie die"),
    ] {
        assert!(de.contains(good) && !de.contains(bad), "de: {good} / {bad}");
    }
}
