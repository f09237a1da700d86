//! What the procedure page's script gets from the build: its configuration (theme strings in
//! every language, the EORI rules of src/model/eori.json) and the offline search index per language.

use std::collections::BTreeSet;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::{Project, repo};

fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn script_config(html: &str) -> Value {
    let page = Html::parse_document(html);
    let script = select(&page, "script#sb-config");
    assert_eq!(script.len(), 1);
    serde_json::from_str(&script[0].text().collect::<String>()).expect("config is JSON")
}

/// The `strings.name` the script reads.
fn strings_used_by_the_script() -> BTreeSet<String> {
    let script = std::fs::read_to_string(repo().join("themes/default/static/stepbook.js"))
        .expect("read script");
    let mut used = BTreeSet::new();
    for (i, _) in script.match_indices("strings.") {
        let name: String = script[i + 8..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        used.insert(name);
    }
    for (i, _) in script.match_indices("'search_") {
        let name: String = script[i + 1..].chars().take_while(|c| *c != '\'').collect();
        used.insert(name);
    }
    for code in [
        "country",
        "length",
        "character",
        "belgian_format",
        "belgian_start",
        "belgian_check",
    ] {
        used.insert(format!("eori_{code}"));
    }
    used
}

#[test]
fn every_language_of_the_theme_has_every_string_of_the_script() {
    let theme: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(repo().join("themes/default/theme.yaml")).expect("theme"),
    )
    .expect("theme.yaml parses");
    let used = strings_used_by_the_script();
    assert!(used.len() > 20, "{used:?}");
    for lang in ["en", "nl", "fr", "de"] {
        let strings = &theme["strings"][lang];
        for name in &used {
            let key = format!("script_{name}");
            assert!(
                strings[key.as_str()]
                    .as_str()
                    .is_some_and(|s| !s.is_empty()),
                "theme.yaml: strings.{lang}.{key} is missing"
            );
        }
    }
}

#[test]
fn the_procedure_page_carries_the_eori_rules_and_its_strings() {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let html = project.read("output/nl/flegt-access/index.html");
    let config = script_config(&html);
    let rules: Value = serde_json::from_str(stepbook::model::eori::RULES_JSON).expect("rules");
    assert_eq!(config["eori"]["countries"], rules["countries"]);
    assert_eq!(config["eori"]["belgium"], rules["belgium"]);
    assert_eq!(config["procedure"], "flegt-access");
    assert_eq!(config["lang"], "nl");
    assert_eq!(config["search_index"], "../../nl/search-index.js");
    assert_eq!(config["strings"]["forget"], "Mijn gegevens wissen");
    for name in strings_used_by_the_script() {
        assert!(config["strings"][&name].is_string(), "{name}");
    }
    // The script is loaded deferred, by a relative path, after the small one that applies the
    // reader's light/dark choice before the first paint (so not deferred); the index page has no
    // procedure.
    let page = Html::parse_document(&html);
    let scripts = select(&page, "script[src]");
    assert_eq!(scripts.len(), 2);
    assert_eq!(
        scripts[0].value().attr("src"),
        Some("../../static/theme.js")
    );
    assert!(scripts[0].value().attr("defer").is_none());
    assert_eq!(
        scripts[1].value().attr("src"),
        Some("../../static/stepbook.js")
    );
    assert!(scripts[1].value().attr("defer").is_some());
    let index = script_config(&project.read("output/nl/index.html"));
    assert!(index.get("procedure").is_none() && index.get("eori").is_none());
    assert_eq!(index["search_index"], "../nl/search-index.js");
}

#[test]
fn the_search_index_has_every_step_and_links_to_its_anchor() {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let script = project.read("output/nl/search-index.js");
    let json = script
        .strip_prefix("window.stepbookSearchIndex = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("the index sets its global");
    let entries: Vec<Value> = serde_json::from_str(json).expect("index is JSON");
    let html = project.read("output/nl/flegt-access/index.html");
    let page = Html::parse_document(&html);
    let steps: Vec<String> = select(&page, "li.step")
        .iter()
        .filter_map(|e| e.value().id().map(str::to_string))
        .collect();
    let urls: Vec<&str> = entries.iter().filter_map(|e| e["url"].as_str()).collect();
    for step in &steps {
        let url = format!("nl/flegt-access/index.html#{step}");
        assert!(urls.contains(&url.as_str()), "no entry for {step}");
    }
    // Every entry's anchor is on the page it names (the site has more than one procedure).
    for url in &urls {
        let (path, anchor) = url.split_once('#').unwrap_or((url, ""));
        assert!(project.root().join("output").join(path).is_file(), "{url}");
        let target = Html::parse_document(&project.read(&format!("output/{path}")));
        let ids: BTreeSet<String> = select(&target, "[id]")
            .iter()
            .filter_map(|e| e.value().id().map(str::to_string))
            .collect();
        assert!(anchor.is_empty() || ids.contains(anchor), "{url}");
    }
    // Words of a step's body and its screen labels are searchable text.
    let timber = entries
        .iter()
        .find(|e| {
            e["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("#select-timber-section"))
        })
        .expect("entry");
    assert_eq!(timber["kind"], "step");
    assert!(
        timber["title"]
            .as_str()
            .is_some_and(|t| t.contains("imported Timber Products"))
    );
    assert!(
        timber["text"]
            .as_str()
            .is_some_and(|t| t.contains("koppeling"))
    );
}
