//! Where every file of a site goes: the one place that spells out the site's paths and URLs.
//!
//! Every path is relative to the output folder, with `/` separators, and is also the file's URL
//! relative to the site root. Views, renderers, the site plan, `serve` and `check --uses` all
//! ask here, so renaming a folder of the published site is a change to this file only. It sits
//! in the output layer, below everything that makes links, and depends on nothing.

/// The site's front door: the index of the source language, at the root.
pub const ROOT_INDEX: &str = "index.html";
/// The page web servers show for an address with no file (GitHub and GitLab Pages, Netlify, and
/// `ErrorDocument 404 /404.html` or `error_page 404 /404.html` elsewhere); `serve` shows it too.
pub const NOT_FOUND: &str = "404.html";

/// The folder of the theme's static files.
pub const STATIC: &str = "static";

/// The index page of one language.
pub fn index(lang: &str) -> String {
    format!("{lang}/index.html")
}

/// The folder of one procedure's page, changelog and checklist in one language.
pub fn procedure_dir(lang: &str, id: &str) -> String {
    format!("{lang}/{id}")
}

/// A procedure's page in one language.
pub fn page(lang: &str, id: &str) -> String {
    format!("{lang}/{id}/index.html")
}

/// A procedure's changelog page in one language.
pub fn changelog(lang: &str, id: &str) -> String {
    format!("{lang}/{id}/changelog.html")
}

/// The file name of a procedure's checklist, next to its page (`flegt-access-nl.pdf`).
pub fn checklist_file(lang: &str, id: &str) -> String {
    format!("{id}-{lang}.pdf")
}

/// A procedure's checklist in one language.
pub fn checklist(lang: &str, id: &str) -> String {
    format!("{lang}/{id}/{}", checklist_file(lang, id))
}

/// The fill script of a procedure's checklist, next to it (`nl/p/p-nl.pdf.js`): what the page
/// needs to fill the checklist in the browser.
pub fn checklist_script(lang: &str, id: &str) -> String {
    format!("{}.js", checklist(lang, id))
}

/// The offline search index of one language.
pub fn search_index(lang: &str) -> String {
    format!("{lang}/search-index.js")
}

/// A static file of the theme (`path` is relative to the theme's `static/` folder).
pub fn asset(path: &str) -> String {
    format!("{STATIC}/{path}")
}

/// The folder of the images that language files show.
pub const IMAGES: &str = "images";

/// A published image (`name` is its content-hashed file name).
pub fn image(name: &str) -> String {
    format!("{IMAGES}/{name}")
}

/// The relative prefix that leads from a file at `path` back to the site root (`../../` for a
/// procedure page), so that the site works under any sub-path and straight from disk.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// A procedure's words in one language, relative to the project folder (for "edit this page").
pub fn words_file(id: &str, lang: &str) -> String {
    format!("content/procedures/{id}/{lang}.md")
}

/// The absolute URL of a procedure's page under the site's `base_url` (for the checklist's QR
/// code and "online version" link).
pub fn page_url(base_url: &str, lang: &str, id: &str) -> String {
    format!(
        "{}/{}/",
        base_url.trim_end_matches('/'),
        procedure_dir(lang, id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_one_procedure_share_its_folder() {
        assert_eq!(page("nl", "p"), "nl/p/index.html");
        assert_eq!(changelog("nl", "p"), "nl/p/changelog.html");
        assert_eq!(checklist("nl", "p"), "nl/p/p-nl.pdf");
        assert_eq!(root_from(&page("nl", "p")), "../../");
        assert_eq!(root_from(ROOT_INDEX), "");
        assert_eq!(
            page_url("https://x.be/docs/", "fr", "p"),
            "https://x.be/docs/fr/p/"
        );
    }
}
