//! The `Content-Type` of each file `serve` sends, by its extension: the site's own files (HTML,
//! CSS, JavaScript, PDF, JSON) and whatever a theme's `static/` folder may hold (icons, images,
//! fonts, a web app manifest). Kept apart from the HTTP server so either can change alone.

/// The media type of the file at `path` (by its extension, in any case); unknown extensions are
/// `application/octet-stream`, which browsers download rather than guess at.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        "xml" => "application/xml",
        "pdf" => "application/pdf",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/vnd.microsoft.icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn theme_assets_get_their_types() {
        for (path, expected) in [
            ("favicon.ico", "image/vnd.microsoft.icon"),
            ("static/photo.webp", "image/webp"),
            ("static/spinner.GIF", "image/gif"),
            ("fonts/inter.woff2", "font/woff2"),
            ("img/hero.avif", "image/avif"),
            ("site.webmanifest", "application/manifest+json"),
            ("nl/index.html", "text/html; charset=utf-8"),
            ("nl/flegt-access/flegt-access-nl.pdf", "application/pdf"),
            ("nl/search-index.js", "text/javascript; charset=utf-8"),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn unknown_or_missing_extensions_are_downloads() {
        for path in ["README", "archive.tar.zst", "a.b/c", ".hidden", "x."] {
            assert_eq!(content_type(path), "application/octet-stream", "{path}");
        }
    }
}
