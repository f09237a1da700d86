//! The shipped FLEGT procedure keeps everything of the original Dutch text
//! (`../shared/seeds/000_d0d37fac6e99fd9c.txt`, copied to `tests/fixtures/seed.txt`).

use scraper::{Html, Selector};

use crate::common::{Project, repo};

/// Every screen label of the original, spelled as on screen.
pub(crate) const LABELS: &[&str] = &[
    "Create an account",
    "Privacy Policy",
    "Create account",
    "Log into Traces",
    "Operator",
    "Request Authorisation",
    "advanced search",
    "create operator",
    "Details",
    "Contact",
    "Identifier",
    "Section chapter",
    "imported Timber Products",
    "Create",
    "Send authorization Request",
    "Certificates",
];

fn built_page() -> (Project, Html) {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let page = project.read("output/nl/flegt-access/index.html");
    (project, Html::parse_document(&page))
}

/// The original Dutch procedure.
pub(crate) fn seed() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/seed.txt")).expect("seed copy")
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn text_of(element: scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

#[test]
fn every_url_of_the_seed_is_linked_as_often_as_the_seed_uses_it() {
    let seed = seed();
    let (_project, page) = built_page();
    let hrefs: Vec<String> = select(&page, "main a[href]")
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    let urls: Vec<&str> = seed
        .split(['<', '>'])
        .filter(|part| part.starts_with("https://"))
        .collect();
    assert_eq!(urls.len(), 3, "the seed links three times");
    for url in &urls {
        let in_seed = urls.iter().filter(|u| *u == url).count();
        let in_page = hrefs.iter().filter(|h| h == url).count();
        assert!(
            in_page >= in_seed,
            "{url}: {in_page} links on the page, {in_seed} in the seed"
        );
    }
}

#[test]
fn every_email_address_and_the_subject_line_appear() {
    let seed = seed();
    let (_project, page) = built_page();
    let text = text_of(select(&page, "main")[0]);
    let addresses: Vec<&str> = seed
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| "()<>,.".contains(c)))
        .filter(|word| word.contains('@'))
        .collect();
    assert_eq!(
        addresses,
        ["sante-traces@ec.europa.eu", "flegt@environment.belgium.be"]
    );
    for address in addresses {
        assert!(
            text.contains(address),
            "{address} missing from the page text"
        );
    }
    assert!(text.contains("role request for a FLEGT timber importer"));
    let mailto = select(&page, "a[href^='mailto:']");
    let href = mailto[0].value().attr("href").expect("href");
    assert!(href.starts_with("mailto:sante-traces@ec.europa.eu?cc=flegt@environment.belgium.be&subject=role%20request%20for%20a%20FLEGT%20timber%20importer&body="));
}

#[test]
fn every_screen_label_is_shown_as_a_screen_element_exactly_as_spelled() {
    let seed = seed();
    let (_project, page) = built_page();
    let shown: Vec<String> = select(&page, "main kbd.ui samp")
        .into_iter()
        .map(text_of)
        .collect();
    for label in LABELS {
        assert!(seed.contains(label), "{label} is not in the seed");
        assert!(
            shown.iter().any(|s| s == label),
            "{label} is not shown as a screen label: {shown:?}"
        );
    }
}

#[test]
fn the_body_fields_of_the_email_are_placeholders() {
    let (_project, page) = built_page();
    let email = text_of(select(&page, "main")[0]);
    for field in ["Voornaam", "Achternaam", "Bedrijf"] {
        assert!(email.contains(field), "{field} missing");
    }
    assert!(email.contains("van diegene voor wie de rol wordt aangevraagd"));
    assert!(email.contains("het e-mailadres ingegeven in uw TRACES-account"));
    // The seed's "CC het nationaal bevoegde orgaan (in België: flegt@…)": the address, then the
    // note in the one pair of parentheses the page puts around it.
    assert!(
        email.contains("flegt@environment.belgium.be (het nationaal bevoegde orgaan in België)")
    );
}

#[test]
fn step_2d_keeps_both_branches_with_their_own_steps() {
    let (_project, page) = built_page();
    let nested = |css: &str| select(&page, css).len();
    assert_eq!(nested("#click-operator #company-exists #select-company"), 1);
    assert_eq!(
        nested("#click-operator #company-exists #request-authorisation"),
        1
    );
    for step in [
        "advanced-search",
        "create-operator",
        "fill-in-operator-fields",
        "select-timber-section",
        "click-create",
    ] {
        assert_eq!(
            nested(&format!("#click-operator #company-does-not-exist #{step}")),
            1,
            "{step}"
        );
    }
    for field in [
        "operator-details",
        "operator-contact",
        "operator-identifier",
    ] {
        assert_eq!(
            nested(&format!(
                "#company-does-not-exist #fill-in-operator-fields #{field}"
            )),
            1
        );
    }
    assert_eq!(
        nested("#company-exists #advanced-search"),
        0,
        "branches do not mix"
    );
}

#[test]
fn the_seed_prose_survives_word_for_word() {
    let (_project, page) = built_page();
    let text: String = text_of(select(&page, "main")[0])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for sentence in [
        "Om toegang te hebben tot de FLEGT applicatie moet U over een EU Login account (vroeger ECAS) beschikken",
        "Indien U nog geen account heeft, kan U die aanmaken op de hierna beschreven wijze:",
        "U ontvangt even later een mail met een link om de registratie te voltooien – klik op de link en geef een paswoord in naar keuze",
        "Als u een EU login account heeft aangemaakt, dient u nog een \"importer role\" aan te vragen",
        "Geef uw EU Login gegevens in (zie punt 1)",
        "Klik de box naast de naam van uw bedrijf",
        "Indien uw bedrijf reeds bestaat in het systeem",
        "Indien uw bedrijf nog niet bestaat in het systeem",
        "→ dit is noodzakelijk voor de koppeling naar Flegt registratie",
        "Een pop-up scherm verschijnt, vul dit in",
        "Na enige tijd ontvangt U een mail van TRACES met de bevestiging dat U kan inloggen.",
        "Geef uw wachtwoord in van uw EU login account (zie punt 1)",
        "(links bovenaan op het scherm)",
        "U kan nu beginnen met de registratie van het VLEGAL-certificaat",
    ] {
        assert!(text.contains(sentence), "missing: {sentence}");
    }
}

#[test]
fn steps_are_numbered_as_in_the_seed() {
    let project = Project::shipped();
    let (library, _) =
        stepbook::check(&stepbook::project::Project::new(project.root(), None)).expect("valid");
    let flegt = library
        .procedures
        .iter()
        .find(|p| p.id == "flegt-access")
        .expect("the FLEGT procedure");
    let view = stepbook::view::procedure(&library, flegt, "nl");
    let numbers: Vec<(String, usize)> = view
        .sections
        .iter()
        .map(|s| (s.number.clone(), s.steps.len()))
        .collect();
    assert_eq!(numbers, [("1".into(), 5), ("2".into(), 7), ("3".into(), 5)]);
    let operator = &view.sections[1].steps[3];
    assert_eq!(operator.path, "2.d");
    let options: Vec<&str> = operator.options.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(options, ["2.d.a", "2.d.b"]);
    assert_eq!(operator.options[1].steps[2].substeps[2].path, "2.d.b.3.iii");
    assert_eq!(view.step_count, 27);
}
