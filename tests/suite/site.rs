//! The built site: layout per language, relative links, fallbacks, theme layering, determinism
//! and the safety of the output folder.

use scraper::{Html, Selector};

use crate::common::{Project, repo, snapshot_tree};

fn attrs(html: &str, css: &str, attr: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    page.select(&Selector::parse(css).expect("selector"))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

#[test]
fn lays_out_one_folder_per_language_and_procedure() {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    for page in [
        "index.html",
        "nl/index.html",
        "en/index.html",
        "nl/demo/index.html",
        "en/demo/index.html",
    ] {
        let html = project.read(&format!("output/{page}"));
        let lang = if page.starts_with("en/") { "en" } else { "nl" };
        assert_eq!(attrs(&html, "html", "lang"), [lang], "{page}");
    }
    assert!(
        project
            .read("output/en/demo/index.html")
            .contains("Demo procedure")
    );
    assert!(
        project
            .read("output/nl/demo/index.html")
            .contains("Demo-procedure")
    );
}

#[test]
fn every_link_and_asset_is_relative_and_exists() {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    let out = project.root().join("output");
    let mut pages = vec!["index.html".to_string()];
    for lang in ["nl", "fr", "de", "en"] {
        pages.push(format!("{lang}/index.html"));
        pages.push(format!("{lang}/flegt-access/index.html"));
    }
    for page in &pages {
        let html = project.read(&format!("output/{page}"));
        let dir = out.join(page).parent().expect("folder").to_path_buf();
        let mut targets = attrs(&html, "a[href]", "href");
        targets.extend(attrs(&html, "link[href]", "href"));
        targets.extend(attrs(&html, "script[src]", "src"));
        targets.extend(attrs(&html, "img[src]", "src"));
        for target in targets {
            if target.starts_with("https://") || target.starts_with("mailto:") {
                assert!(
                    !target.contains("static"),
                    "{page}: asset loaded from the network: {target}"
                );
                continue;
            }
            if target == "data:," {
                continue; // the empty favicon
            }
            assert!(!target.starts_with('/'), "{page}: absolute link {target}");
            let path = target.split('#').next().unwrap_or_default();
            if path.is_empty() {
                continue;
            }
            assert!(dir.join(path).is_file(), "{page}: broken link {target}");
        }
    }
}

#[test]
fn in_page_anchors_point_at_step_ids() {
    let project = Project::shipped();
    project.run(&["build", "-q"]).success();
    for lang in ["nl", "fr", "de", "en"] {
        let html = project.read(&format!("output/{lang}/flegt-access/index.html"));
        let ids = attrs(&html, "[id]", "id");
        for href in attrs(&html, "a[href^='#']", "href") {
            assert!(
                ids.contains(&href[1..].to_string()),
                "{lang}: dangling anchor {href}"
            );
        }
        for step in [
            "open-eu-login",
            "click-operator",
            "company-exists",
            "operator-identifier",
            "start-registration",
        ] {
            assert!(ids.iter().any(|id| id == step), "{lang}: no anchor {step}");
        }
    }
}

#[test]
fn a_missing_translation_falls_back_to_the_source_language_and_says_so() {
    let project = Project::minimal();
    let en = project.read("content/procedures/demo/en.md");
    project.write(
        "content/procedures/demo/en.md",
        en.replace("### The e-mail has been sent. {#mail-sent}\n", ""),
    );
    let run = project.run(&["build"]).success();
    assert!(
        run.stderr()
            .contains("warning: `en` has no text for `mail-sent`; the `nl` text is used instead"),
        "{}",
        run.stderr()
    );
    let html = project.read("output/en/demo/index.html");
    let page = Html::parse_document(&html);
    let fallback: Vec<String> = page
        .select(&Selector::parse("[lang=nl]").expect("selector"))
        .map(|e| e.text().collect())
        .collect();
    assert!(
        fallback.iter().any(|t| t.contains("De mail is verstuurd.")),
        "{fallback:?}"
    );
}

#[test]
fn a_language_without_a_file_uses_the_source_words() {
    let project = Project::minimal();
    std::fs::remove_file(project.root().join("content/procedures/demo/en.md")).expect("remove");
    let run = project.run(&["build"]).success();
    assert!(
        run.stderr()
            .contains("warning: procedure `demo` has no `en.md`; the `nl` text is used instead")
    );
    assert!(
        project
            .read("output/en/demo/index.html")
            .contains("Demo-procedure")
    );
}

#[test]
fn a_site_theme_overrides_only_the_templates_it_has() {
    let project = Project::minimal();
    let site = project.read("content/site.yaml");
    project.write("content/site.yaml", format!("{site}theme: plain\n"));
    project.write(
        "themes/plain/templates/index.html",
        "<!doctype html><html lang=\"{{ lang }}\"><title>{{ site.title }}</title><p class=\"plain\">{{ procedures | length }} procedure(s)</p></html>",
    );
    project.run(&["build", "-q"]).success();
    assert!(
        project
            .read("output/nl/index.html")
            .contains("<p class=\"plain\">1 procedure(s)</p>")
    );
    let page = project.read("output/nl/demo/index.html");
    assert!(
        page.contains("Demo-procedure") && page.contains("kbd class=\"ui\""),
        "default procedure template"
    );
}

/// The checklists' fonts are prepared on a thread of their own while the content loads: a
/// broken font is still reported once, after the content's own errors, as the build's only
/// error, with the previous output left whole; a build without checklists does not need it.
#[test]
fn a_broken_theme_font_is_reported_after_the_content_and_keeps_the_output() {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    let before = snapshot_tree(&project.root().join("output"));
    let site = project.read("content/site.yaml");
    project.write("content/site.yaml", format!("{site}theme: plain\n"));
    project.write("themes/plain/fonts/DejaVuSans.ttf", "not a font");
    let broken = project.run(&["build", "-q"]).failure();
    let stderr = broken.stderr();
    assert!(stderr.contains("1 error found"), "{stderr}");
    assert!(
        stderr.contains("DejaVuSans.ttf:1:1: error: cannot write the PDF"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(&project.root().join("output")), before);
    // The content's errors come first, as they did when the fonts were read after the checks;
    // the font is not judged while the content has errors.
    let procedure = project.read("content/procedures/demo/procedure.yaml");
    project.write(
        "content/procedures/demo/procedure.yaml",
        format!("{procedure}\nnonsense: [\n"),
    );
    let both = project.run(&["build", "-q"]).failure();
    assert!(
        !both.stderr().contains("DejaVuSans.ttf"),
        "{}",
        both.stderr()
    );
    assert!(
        both.stderr().contains("procedure.yaml"),
        "{}",
        both.stderr()
    );
    assert_eq!(snapshot_tree(&project.root().join("output")), before);
    project.write("content/procedures/demo/procedure.yaml", procedure);
    project.run(&["build", "-q", "--no-pdf"]).success();
}

/// A `theme.yaml` with the same text as the layer merged before it is not read again (this
/// repository's `themes/default/` is the built-in theme), which must not change what a layer in
/// between says: a named theme holding a copy of the built-in settings still undoes the
/// project's `themes/default/` changes, and copies alone change nothing.
#[test]
fn a_theme_yaml_like_the_layer_before_it_changes_what_it_says() {
    let built_in = std::fs::read_to_string(repo().join("themes/default/theme.yaml")).unwrap();
    let changed = built_in.replace("Naar de inhoud", "Direct naar de tekst");
    assert_ne!(changed, built_in);
    let page = |default: &str, plain: &str| {
        let project = Project::minimal();
        let site = project.read("content/site.yaml");
        project.write("content/site.yaml", format!("{site}theme: plain\n"));
        project.write("themes/default/theme.yaml", default);
        project.write("themes/plain/theme.yaml", plain);
        project.run(&["build", "-q", "--no-pdf"]).success();
        project.read("output/nl/demo/index.html")
    };
    let copies = page(&built_in, &built_in);
    assert!(copies.contains("Naar de inhoud"));
    let plain = Project::minimal();
    plain.run(&["build", "-q", "--no-pdf"]).success();
    assert_eq!(copies, plain.read("output/nl/demo/index.html"));
    assert!(page(&changed, &built_in).contains("Naar de inhoud"));
    assert!(page(&built_in, &changed).contains("Direct naar de tekst"));
    assert!(page(&changed, &changed).contains("Direct naar de tekst"));
}

#[test]
fn the_same_content_gives_byte_identical_output() {
    let project = Project::shipped();
    project.run(&["build", "-q", "--out", "first"]).success();
    project.run(&["build", "-q", "--out", "second"]).success();
    let first = snapshot_tree(&project.root().join("first"));
    assert!(first.len() >= 3);
    assert_eq!(first, snapshot_tree(&project.root().join("second")));
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_build_like_the_original() {
    let project = Project::minimal();
    project.run(&["build", "-q", "--out", "lf"]).success();
    for file in [
        "content/procedures/demo/nl.md",
        "content/procedures/demo/procedure.yaml",
        "content/site.yaml",
    ] {
        let text = project.read(file).replace('\n', "\r\n");
        project.write(file, format!("\u{feff}{text}"));
    }
    project.run(&["build", "-q", "--out", "crlf"]).success();
    let page = |out: &str| {
        project
            .read(&format!("{out}/nl/demo/index.html"))
            .replace("\r\n", "\n")
    };
    assert_eq!(page("lf"), page("crlf"));
}

#[test]
fn refuses_to_replace_a_folder_stepbook_did_not_make() {
    let project = Project::minimal();
    project.write("docs/notes.txt", "mine");
    let run = project.run(&["build", "--out", "docs"]).failure();
    assert!(
        run.stderr().contains("refusing to replace `docs`"),
        "{}",
        run.stderr()
    );
    assert_eq!(project.read("docs/notes.txt"), "mine");
}

#[test]
fn rebuilding_replaces_the_whole_output_and_keeps_gitkeep() {
    let project = Project::minimal();
    project.run(&["build", "-q"]).success();
    project.write("output/.gitkeep", "");
    project.write("output/stale.html", "old");
    project.run(&["build", "-q"]).success();
    assert!(!project.root().join("output/stale.html").exists());
    assert!(project.root().join("output/.gitkeep").exists());
    assert!(project.root().join("output/.stepbook").exists());
}

/// An e-mail's subject and body given per language: each page sends its own language's text
/// (on the page and in the `mailto:` link), a language without one sends the
/// source language's.
#[test]
fn an_email_given_per_language_is_sent_in_the_pages_language() {
    let project = Project::minimal();
    let structure = project.read("content/procedures/demo/procedure.yaml");
    let emails = structure.find("emails:").expect("the demo has an e-mail");
    project.write(
        "content/procedures/demo/procedure.yaml",
        format!(
            "{}emails:\n  hello:\n    to: [help@example.org]\n    subject:\n      \
             nl: groeten van {{name}}\n      en: hello from {{name}}\n    body:\n      \
             nl: \"Beste,\\n{{name}}\\n{{eori}}\"\n",
            &structure[..emails]
        ),
    );
    let check = project.run(&["check"]).success();
    assert!(
        check
            .stderr()
            .contains("the body of e-mail `hello` has no text for `en`"),
        "{}",
        check.stderr()
    );
    project.run(&["build", "-q"]).success();
    let mailto = |lang: &str| {
        let html = project.read(&format!("output/{lang}/demo/index.html"));
        let links = attrs(&html, ".email-actions a", "href");
        let page = Html::parse_document(&html);
        let subject = page
            .select(&Selector::parse(".email-subject").expect("selector"))
            .map(|e| e.text().collect::<String>())
            .collect::<String>();
        (links[0].clone(), subject)
    };
    let (nl, nl_subject) = mailto("nl");
    let (en, en_subject) = mailto("en");
    assert_eq!(nl_subject, "groeten van Naam");
    assert_eq!(en_subject, "hello from Name");
    assert!(
        nl.contains("subject=groeten%20van%20%5BNaam%5D&body=Beste%2C%0D%0A%5BNaam%5D"),
        "{nl}"
    );
    assert!(
        en.contains("subject=hello%20from%20%5BName%5D&body=Beste%2C%0D%0A%5BName%5D"),
        "{en}"
    );
}

/// Issue 18 item 5: a 404 page for web servers, whose links start from a `<base>` (the site's
/// `base_url`, else `/`) so they work at any address; every link of it exists from the root.
#[test]
fn writes_a_404_page_whose_links_start_at_the_site_root() {
    let project = Project::minimal();
    project.run(&["build", "-q", "--no-pdf"]).success();
    let html = project.read("output/404.html");
    assert_eq!(attrs(&html, "html", "lang"), ["nl"], "the source language");
    assert_eq!(attrs(&html, "base", "href"), ["/"]);
    let page = Html::parse_document(&html);
    let h1: Vec<String> = page
        .select(&Selector::parse("h1").expect("selector"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(h1, ["Pagina niet gevonden"]);
    let out = project.root().join("output");
    let mut targets = attrs(&html, "a[href]", "href");
    targets.extend(attrs(&html, "link[href]", "href"));
    targets.extend(attrs(&html, "script[src]", "src"));
    assert!(
        targets.contains(&"nl/demo/index.html".to_string()),
        "{targets:?}"
    );
    for target in targets {
        assert!(
            !target.starts_with(['/', '.']),
            "{target}: not from the base"
        );
        let file = target.split('#').next().unwrap_or_default();
        assert!(out.join(file).is_file(), "broken link {target}");
    }
    // With a base_url, the base is the published address.
    let site = project.read("content/site.yaml");
    project.write(
        "content/site.yaml",
        format!("{site}base_url: https://handbook.acme.be/procedures\n"),
    );
    project.run(&["build", "-q", "--no-pdf"]).success();
    assert_eq!(
        attrs(&project.read("output/404.html"), "base", "href"),
        ["https://handbook.acme.be/procedures/"]
    );
}

/// Issue 18 item 5: the favicon is a theme file (a theme replaces it like any static file), and
/// every page links it.
#[test]
fn every_page_links_the_themes_favicon() {
    let project = Project::minimal();
    project.run(&["build", "-q", "--no-pdf"]).success();
    for page in [
        "index.html",
        "nl/demo/index.html",
        "en/index.html",
        "404.html",
    ] {
        let html = project.read(&format!("output/{page}"));
        let icons = attrs(&html, "link[rel=icon]", "href");
        assert_eq!(icons.len(), 1, "{page}");
        assert!(
            icons[0].ends_with("static/favicon.svg"),
            "{page}: {icons:?}"
        );
    }
    let svg = project.read("output/static/favicon.svg");
    assert!(
        svg.starts_with("<svg") && svg.contains("prefers-color-scheme"),
        "{svg}"
    );
    project.write(
        "themes/default/static/favicon.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>acme</title></svg>\n",
    );
    project.run(&["build", "-q", "--no-pdf"]).success();
    assert!(project.read("output/static/favicon.svg").contains("acme"));
}

/// Issue 18 item 5: "last updated" is the newest date of the procedure's changelog, and "edit
/// this page" links the page's language file when the site names `edit_url`; without either,
/// neither is shown.
#[test]
fn pages_say_when_they_were_updated_and_where_to_edit_them() {
    let project = Project::minimal();
    project.run(&["build", "-q", "--no-pdf"]).success();
    let html = project.read("output/en/demo/index.html");
    assert!(!html.contains("page-meta"), "no changelog, no edit_url");

    let structure = project.read("content/procedures/demo/procedure.yaml");
    project.write(
        "content/procedures/demo/procedure.yaml",
        format!(
            "{structure}changelog:\n  - version: \"2.0\"\n    date: \"2026-03-02\"\n    notes: {{en: First.}}\n  - version: \"2.1\"\n    date: \"2026-05-19\"\n    notes: {{en: Second.}}\n"
        ),
    );
    let site = project.read("content/site.yaml");
    project.write(
        "content/site.yaml",
        format!("{site}edit_url: https://git.acme.be/handbook/-/edit/main/\n"),
    );
    project.run(&["build", "-q", "--no-pdf"]).success();
    let html = project.read("output/en/demo/index.html");
    assert_eq!(attrs(&html, ".page-meta time", "datetime"), ["2026-05-19"]);
    assert!(html.contains("Last updated: <time"), "{html}");
    assert_eq!(
        attrs(&html, ".page-meta a", "href"),
        ["https://git.acme.be/handbook/-/edit/main/content/procedures/demo/en.md"]
    );
    let dutch = project.read("output/nl/demo/index.html");
    assert!(dutch.contains("Deze pagina bewerken"), "{dutch}");

    project.write(
        "content/site.yaml",
        format!("{site}edit_url: handbook/edit/\n"),
    );
    let run = project.run(&["check"]).failure();
    assert!(
        run.stderr().contains("content/site.yaml:5:11: error:"),
        "{}",
        run.stderr()
    );
}
