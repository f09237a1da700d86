//! Many procedures: the index grouped by category (declared order, ordered procedures first),
//! each page's "other procedures" list capped around the page, previous/next where a category
//! has an order, and the shipped project filed under its one category in four languages.

use scraper::{Html, Selector};

use crate::common::Project;

/// The most links a page's navigation lists (`view::navigation::NAV_CAP`).
const NAV_CAP: usize = 10;

fn select(html: &str, css: &str) -> Vec<scraper::ElementRef<'static>> {
    // Leaked so the elements can outlive this function; a test process is short.
    let page: &'static Html = Box::leak(Box::new(Html::parse_document(html)));
    page.select(&Selector::parse(css).expect("selector"))
        .collect()
}

fn texts(html: &str, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Adds procedure `id` (one step, titled `title` in Dutch and English) in `category`.
fn add_procedure(project: &Project, id: &str, title: &str, category: Option<&str>) {
    let category = category.map_or(String::new(), |c| format!("category: {c}\n"));
    project.write(
        &format!("content/procedures/{id}/procedure.yaml"),
        format!(
            "version: \"1.0\"\n{category}tags: [Tag {}]\nsections:\n  - id: start\n    steps:\n      - id: open\n",
            id.len() % 2
        ),
    );
    for (lang, word) in [("nl", "Beginnen"), ("en", "Start")] {
        project.write(
            &format!("content/procedures/{id}/{lang}.md"),
            format!(
                "---\ntitle: {title} ({lang})\nsummary: Over {id}.\n---\n\n# {word} {{#start}}\n\n## Open {{#open}}\n"
            ),
        );
    }
}

fn site_with(categories: &str) -> String {
    format!("title:\n  nl: Demo\n  en: Demo\nlanguages: [nl, en]\ncategories:\n{categories}")
}

#[test]
fn the_index_groups_by_category_in_the_declared_order_ordered_procedures_first() {
    let project = Project::minimal();
    project.write(
        "content/site.yaml",
        site_with(
            "  - id: second\n    title: {nl: Tweede groep, en: Second group}\n    description: {nl: Over de tweede., en: About the second.}\n    order: [p-three, p-one]\n  - id: first\n    title: {nl: Eerste groep, en: First group}\n",
        ),
    );
    add_procedure(&project, "p-one", "Zeta", Some("second"));
    add_procedure(&project, "p-two", "Alpha", Some("second"));
    add_procedure(&project, "p-three", "Beta", Some("second"));
    add_procedure(&project, "p-four", "Gamma", Some("first"));
    project.run(&["build", "-q", "--no-pdf"]).success();

    let nl = project.read("output/nl/index.html");
    // Declared order, not alphabetical; the procedures without a category (demo) last.
    assert_eq!(
        attrs(&nl, ".procedure-group", "id"),
        ["category-second", "category-first", "sb-uncategorised"]
    );
    assert_eq!(
        texts(&nl, ".procedure-group-title"),
        ["Tweede groep (3)", "Eerste groep (1)", "Overige (1)"]
    );
    assert_eq!(
        texts(&nl, ".procedure-group-description"),
        ["Over de tweede."]
    );
    // The order first (numbered), then the rest by title.
    assert_eq!(
        attrs(&nl, "#category-second .procedure-card", "data-procedure-id"),
        ["p-three", "p-one", "p-two"]
    );
    assert_eq!(
        texts(&nl, "#category-second .procedure-card-number"),
        ["1.", "2."]
    );
    assert_eq!(select(&nl, "#category-second ol.procedure-list").len(), 1);
    assert_eq!(select(&nl, "#category-first ul.procedure-list").len(), 1);
    // The filter is in the page but hidden: without the script every card shows.
    assert_eq!(attrs(&nl, "#sb-filter", "hidden"), [""]);
    assert_eq!(
        texts(&nl, ".tag-chip"),
        ["Tag 0 1", "Tag 1 3"],
        "every tag once, with its count (`Tag <id length mod 2>`: p-four 0, the others 1)"
    );
    let en = project.read("output/en/index.html");
    assert_eq!(
        texts(&en, ".procedure-group-title"),
        ["Second group (3)", "First group (1)", "Other (1)"]
    );
    // The root index is the source language's.
    assert_eq!(
        texts(&project.read("output/index.html"), ".procedure-group-title"),
        texts(&nl, ".procedure-group-title")
    );

    // Previous and next follow the order, with rel, and stop where the order stops.
    let pager = |id: &str| {
        let html = project.read(&format!("output/nl/{id}/index.html"));
        (
            attrs(&html, ".pager a[rel=prev]", "href"),
            attrs(&html, ".pager a[rel=next]", "href"),
        )
    };
    assert_eq!(
        pager("p-three"),
        (vec![], vec!["../../nl/p-one/index.html".to_string()])
    );
    assert_eq!(
        pager("p-one"),
        (vec!["../../nl/p-three/index.html".to_string()], vec![])
    );
    assert_eq!(pager("p-two"), (vec![], vec![]), "not in the order");
    assert_eq!(pager("p-four"), (vec![], vec![]), "no order");
    let one = project.read("output/nl/p-one/index.html");
    assert_eq!(texts(&one, ".pager .pager-title"), ["Beta (nl)"]);
    // Its group, in the index's order, itself marked, the group linked on the index.
    assert_eq!(
        texts(&one, ".other-procedures-list a"),
        ["Beta (nl)", "Zeta (nl)", "Alpha (nl)"]
    );
    assert_eq!(attrs(&one, "ol.other-procedures-list", "start"), ["1"]);
    assert_eq!(
        attrs(&one, ".other-procedures-list a[aria-current=page]", "href"),
        ["index.html"]
    );
    assert_eq!(
        attrs(&one, ".other-procedures-group a", "href"),
        ["../../nl/index.html#category-second"]
    );
    // A group of one has nothing else to list.
    assert!(
        select(
            &project.read("output/nl/p-four/index.html"),
            ".other-procedures"
        )
        .is_empty()
    );
}

#[test]
fn a_large_category_lists_a_window_on_each_page_and_links_to_the_rest() {
    let project = Project::minimal();
    project.write(
        "content/site.yaml",
        site_with("  - id: big\n    title: {nl: Groot, en: Big}\n"),
    );
    let total = 25;
    for i in 0..total {
        add_procedure(
            &project,
            &format!("p-{i:02}"),
            &format!("P{i:02}"),
            Some("big"),
        );
    }
    project.run(&["build", "-q", "--no-pdf"]).success();
    let mut links = 0;
    for i in 0..total {
        let html = project.read(&format!("output/nl/p-{i:02}/index.html"));
        let listed = texts(&html, ".other-procedures-list a");
        assert_eq!(listed.len(), NAV_CAP, "p-{i:02}: {listed:?}");
        assert!(
            listed.contains(&format!("P{i:02} (nl)")),
            "p-{i:02}: {listed:?}"
        );
        assert_eq!(
            attrs(&html, ".other-procedures-all a", "href"),
            ["../../nl/index.html#category-big"]
        );
        assert_eq!(
            texts(&html, ".other-procedures-all a"),
            [format!("Alle {total} procedures van deze groep")]
        );
        links += select(&html, ".other-procedures a").len();
    }
    // Linear: each page links its window, the group and the rest, whatever the group's size.
    assert_eq!(links, total * (NAV_CAP + 2));
    let index = project.read("output/nl/index.html");
    assert_eq!(select(&index, "#category-big .procedure-card").len(), total);
}

#[test]
fn without_categories_the_index_is_one_list_as_before() {
    let project = Project::minimal();
    add_procedure(&project, "other", "Andere", None);
    project.run(&["build", "-q", "--no-pdf"]).success();
    let index = project.read("output/nl/index.html");
    assert!(select(&index, ".procedure-group").is_empty());
    assert_eq!(texts(&index, "#sb-procedures-title"), ["Procedures"]);
    assert_eq!(select(&index, ".procedure-card").len(), 2);
    let page = project.read("output/nl/demo/index.html");
    assert_eq!(texts(&page, ".other-procedures-group a"), ["Procedures"]);
    assert!(select(&page, ".pager").is_empty());
}

#[test]
fn the_shipped_procedures_are_filed_under_their_category_in_every_language() {
    let project = Project::shipped();
    project
        .run(&["build", "-q", "--no-pdf", "--drafts"])
        .success();
    for (lang, title, nav) in [
        (
            "nl",
            "Hout invoeren in de EU (TRACES NT) (2)",
            "Andere procedures",
        ),
        (
            "fr",
            "Importer du bois dans l’UE (TRACES NT) (2)",
            "Autres procédures",
        ),
        (
            "de",
            "Holz in die EU einführen (TRACES NT) (2)",
            "Weitere Verfahren",
        ),
        (
            "en",
            "Importing timber into the EU (TRACES NT) (2)",
            "Other procedures",
        ),
    ] {
        let index = project.read(&format!("output/{lang}/index.html"));
        assert_eq!(texts(&index, ".procedure-group-title"), [title], "{lang}");
        assert_eq!(
            texts(&index, ".tag-chip"),
            ["EU Login 2", "EUDR 1", "FLEGT 1", "TRACES NT 2"],
            "{lang}"
        );
        let page = project.read(&format!("output/{lang}/flegt-access/index.html"));
        assert_eq!(texts(&page, "#sb-nav-title"), [nav], "{lang}");
        assert_eq!(select(&page, ".other-procedures-list a").len(), 2, "{lang}");
    }
    // Published alone, the FLEGT procedure has no other procedure to list.
    project.run(&["build", "-q", "--no-pdf"]).success();
    let page = project.read("output/nl/flegt-access/index.html");
    assert!(select(&page, ".other-procedures").is_empty());
}

#[test]
fn tags_and_category_titles_are_text_not_markup() {
    let project = Project::minimal();
    project.write(
        "content/site.yaml",
        site_with(
            "  - id: odd\n    title: {nl: '<img src=x onerror=alert(1)>', en: '\"><script>alert(1)</script>'}\n",
        ),
    );
    project.write(
        "content/procedures/demo/procedure.yaml",
        project
            .read("content/procedures/demo/procedure.yaml")
            .replace(
                "version: \"2.1\"",
                "version: \"2.1\"\ncategory: odd\ntags: ['\"><b>x</b>', '<script>alert(2)</script>']",
            ),
    );
    project.run(&["build", "-q", "--no-pdf"]).success();
    for lang in ["nl", "en"] {
        let html = project.read(&format!("output/{lang}/index.html"));
        assert!(!html.contains("<script>alert"), "{lang}");
        assert!(!html.contains("<img src=x"), "{lang}");
        assert!(!html.contains("<b>x</b>"), "{lang}");
        // Shown as the text written, in the chips and on the card.
        assert_eq!(
            attrs(&html, ".tag-chip", "data-tag"),
            ["\"><b>x</b>", "<script>alert(2)</script>"]
        );
        assert_eq!(
            texts(&html, ".procedure-card .tag"),
            ["\"><b>x</b>", "<script>alert(2)</script>"]
        );
    }
    let en = project.read("output/en/index.html");
    assert_eq!(
        texts(&en, ".procedure-group-title"),
        ["\"><script>alert(1)</script> (1)"]
    );
}
