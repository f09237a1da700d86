//! Reads a language file (`<lang>.md`) into [`Words`]: front matter, id headings and the
//! references and links in the text, each with its byte range for diagnostics.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, MetadataBlockKind, Tag, TagEnd};

use crate::model::{Block, FrontMatter, ImageUse, Reference, Target, Words};
use crate::source::FileId;
use crate::source::Problem;
use crate::source::markdown;
use crate::source::yaml;
use crate::source::{Diagnostic, SourceFile};

/// Splits a language file into the words of its items. Problems are pushed to `diagnostics`;
/// whatever could be read is returned, so later checks still run.
pub fn parse(
    lang: &str,
    id: FileId,
    file: &SourceFile,
    needs_title: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Words {
    let text = &file.text;
    let mut front = None;
    let mut headings: Vec<(String, Range<usize>, Range<usize>)> = Vec::new();
    let mut references = Vec::new();
    let mut links = Vec::new();
    let mut images: Vec<ImageUse> = Vec::new();
    // Inside an image: its target, alt text so far and range.
    let mut image: Option<ImageUse> = None;
    // Inside the front matter: the range of its YAML text seen so far.
    let mut front_yaml: Option<Option<Range<usize>>> = None;
    let mut intro_start = 0;
    let mut heading: Option<(String, Range<usize>, Option<Range<usize>>)> = None;

    for (event, range) in markdown::parser(text).into_offset_iter() {
        if let Some((_, _, title)) = heading.as_mut()
            && !matches!(event, Event::End(TagEnd::Heading(_)))
        {
            let span = title.get_or_insert(range.clone());
            span.start = span.start.min(range.start);
            span.end = span.end.max(range.end);
        }
        if let Some(open) = image.as_mut() {
            match &event {
                Event::Text(t) | Event::Code(t) => open.alt.push_str(t),
                Event::End(TagEnd::Image) => images.extend(image.take()),
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => {
                intro_start = range.end;
                front_yaml = Some(None);
            }
            // With CRLF line endings the YAML arrives as several text events: join their ranges.
            Event::Text(_) if front_yaml.is_some() => {
                if let Some(yaml) = front_yaml.as_mut() {
                    let joined = yaml.get_or_insert(range.clone());
                    joined.end = joined.end.max(range.end);
                }
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                let yaml = front_yaml
                    .take()
                    .flatten()
                    .unwrap_or(range.start..range.start);
                front = Some(yaml::parse(file, yaml.start, yaml.len()).unwrap_or_else(
                    |diagnostic| {
                        diagnostics.push(diagnostic);
                        FrontMatter::default()
                    },
                ));
            }
            Event::Start(Tag::Heading {
                id: Some(heading_id),
                ..
            }) => {
                heading = Some((heading_id.to_string(), range, None));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((heading_id, line, title)) = heading.take() {
                    let title = title.unwrap_or(line.end..line.end);
                    headings.push((heading_id, line, title));
                }
            }
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { .. },
                dest_url,
                ..
            }) => references.push(Reference {
                text: dest_url.to_string(),
                target: Target::parse(&dest_url),
                file: id,
                range,
            }),
            Event::Start(Tag::Image { dest_url, .. }) => {
                links.push((dest_url.to_string(), range.clone()));
                image = Some(ImageUse {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    range,
                });
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((dest_url.to_string(), range));
            }
            _ => {}
        }
    }

    let front = front.unwrap_or_else(|| {
        if needs_title {
            diagnostics.push(Diagnostic::error(file.start(), Problem::MissingTitle));
        }
        FrontMatter::default()
    });
    let intro_end = headings
        .first()
        .map_or(text.len(), |(_, line, _)| line.start);
    let mut blocks = BTreeMap::new();
    let mut first_seen: BTreeMap<String, Range<usize>> = BTreeMap::new();
    for (index, (heading_id, line, title)) in headings.iter().enumerate() {
        let body_end = headings
            .get(index + 1)
            .map_or(text.len(), |(_, next, _)| next.start);
        if let Some(first) = first_seen.get(heading_id) {
            diagnostics.push(Diagnostic::error(
                file.locate(id_range(text, line, heading_id)),
                Problem::DuplicateId {
                    id: heading_id.clone(),
                    first: file.locate(id_range(text, first, heading_id)),
                },
            ));
            continue;
        }
        first_seen.insert(heading_id.clone(), line.clone());
        blocks.insert(
            heading_id.clone(),
            Block {
                heading: line.clone(),
                title: title.clone(),
                body: line.end..body_end,
            },
        );
    }

    // The library keeps these for every file: no room left over from growing them.
    references.shrink_to_fit();
    links.shrink_to_fit();
    images.shrink_to_fit();
    Words {
        lang: lang.to_string(),
        file: id,
        front,
        intro: intro_start..intro_end.max(intro_start),
        blocks,
        references: references.into(),
        links,
        images,
    }
}

/// The byte range of `{#id}` in a heading line, or the whole line if it cannot be found.
pub fn id_range(text: &str, heading: &Range<usize>, id: &str) -> Range<usize> {
    let marker = format!("#{id}");
    text[heading.clone()]
        .rfind(&marker)
        .map_or(heading.clone(), |at| {
            heading.start + at + 1..heading.start + at + marker.len()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> (Words, Vec<Diagnostic>) {
        let file = SourceFile::new("nl.md", text.to_string());
        let mut diagnostics = Vec::new();
        let words = parse("nl", FileId::default(), &file, true, &mut diagnostics);
        (words, diagnostics)
    }

    #[test]
    fn splits_the_file_at_id_headings() {
        let text = "---\ntitle: Titel\n---\n\nInleiding.\n\n## Ga naar [[traces:login]] {#open}\n\nUitleg.\n\n### Gewone kop\n\nMeer.\n\n## Klik {#click}\n";
        let (words, diagnostics) = words(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(words.front.title, "Titel");
        assert_eq!(text[words.intro.clone()].trim(), "Inleiding.");
        let open = &words.blocks["open"];
        assert_eq!(&text[open.title.clone()], "Ga naar [[traces:login]]");
        assert!(text[open.body.clone()].contains("### Gewone kop\n\nMeer."));
        assert_eq!(&text[words.blocks["click"].title.clone()], "Klik");
        assert_eq!(words.references.all().len(), 1);
        assert_eq!(
            &text[words.references.all()[0].range.clone()],
            "[[traces:login]]"
        );
        assert_eq!(
            words.references.all()[0].target,
            Some(Target::Label {
                system: "traces".into(),
                id: "login".into()
            })
        );
    }

    #[test]
    fn records_links_and_step_references() {
        let (words, _) =
            words("---\ntitle: T\n---\nZie <https://example.org> en punt [[#eu-login]].\n");
        assert_eq!(words.links[0].0, "https://example.org");
        assert_eq!(
            words.references.all()[0].target,
            Some(Target::Step("eu-login".into()))
        );
    }

    #[test]
    fn reports_a_missing_title_and_duplicate_headings() {
        let (_, diagnostics) = words("# A {#a}\n\n# B {#a}\n");
        let messages: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(
            messages[0].starts_with("nl.md:1:1: error: missing `title`"),
            "{messages:?}"
        );
        assert!(
            messages[1]
                .starts_with("nl.md:3:7: error: duplicate id `a` (first defined at nl.md:1:7)"),
            "{messages:?}"
        );
    }
}
