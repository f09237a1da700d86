//! The tagged PDF (PDF/UA-1): the logical structure of a checklist, read from the laid-out
//! pages, and its objects in the lopdf document.
//!
//! [`build`] walks the pages' items in order. [`Item::Open`]/[`Item::Close`] make the element
//! tree; every text and the QR code become marked content (an MCID on their page) of the
//! element they are in; rules, boxes and bands are artifacts, and so is everything inside an
//! `Artifact` (running header, footer, page numbers). A link annotation becomes a `Link`
//! element that holds the annotation (`OBJR`) and the text or figure drawn right after it; a
//! form widget becomes a `Form` element holding it. The drawing code wraps each item in the
//! marked-content operators [`Tree::marks`] gives (`BDC`/`EMC`), and [`write`] adds the
//! structure tree, its parent tree, `/StructParents` and `/StructParent` keys, the outline
//! (one bookmark per `H2`), `/Lang`, `/MarkInfo`, `/ViewerPreferences` and the XMP metadata
//! with the PDF/UA identifier.
//!
//! Keep the tree whole when adding to the checklist: whatever new is drawn (the changed-step
//! mark of a step, a screen's image) must sit inside the element it belongs to in the layout
//! (the step's `LI`), a figure as an element with an alternate text like the QR code, a mark
//! that only decorates inside an `Artifact`; a new kind of annotation needs its element here.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat, dictionary};

use super::layout::{Item, Page, Tag};

/// How the drawing code wraps one item in marked content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Nothing is drawn (a structure marker, an annotation).
    Nothing,
    /// Real content: `/Tag <</MCID n>> BDC … EMC`.
    Content {
        /// The structure type of the element that owns it.
        tag: &'static str,
        /// Its marked-content id on the page.
        mcid: i64,
    },
    /// Decoration: `/Artifact BMC … EMC`.
    Artifact,
    /// Page furniture: `/Artifact <</Type /Pagination>> BDC … EMC`.
    Pagination,
}

/// A kid of a structure element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kid {
    /// Another element, by index.
    Element(usize),
    /// Marked content on a page.
    Content {
        /// Page index.
        page: usize,
        /// Its MCID.
        mcid: i64,
    },
    /// An annotation: the `index`th annotation of its page.
    Annot {
        /// Page index.
        page: usize,
        /// Its index among the page's annotations.
        index: usize,
    },
}

/// A structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// Its structure type (`H1`, `P`, `LI`, `Form`, …).
    pub tag: &'static str,
    /// Its parent (none for the document).
    pub parent: Option<usize>,
    /// Its language, if not the document's.
    pub lang: Option<String>,
    /// Its alternate text (figures).
    pub alt: Option<String>,
    /// Its kids in reading order.
    pub kids: Vec<Kid>,
    /// The text it holds directly (for the headings' bookmarks).
    pub text: String,
    /// Where its first content is: page index and the top of the text, from the page's top.
    pub top: Option<(usize, f32)>,
}

impl Element {
    fn new(tag: &'static str, parent: Option<usize>) -> Element {
        Element {
            tag,
            parent,
            lang: None,
            alt: None,
            kids: Vec::new(),
            text: String::new(),
            top: None,
        }
    }
}

/// The structure of a checklist: the elements (the first is the `Document`), how to wrap each
/// item of each page, and the element of each annotation of each page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree {
    /// The elements; index 0 is the document.
    pub elements: Vec<Element>,
    /// Per page, per item: its marked content.
    pub marks: Vec<Vec<Mark>>,
    /// Per page, the element of each annotation, in the order of the items.
    pub annots: Vec<Vec<usize>>,
}

impl Tree {
    fn add(&mut self, tag: &'static str, parent: usize) -> usize {
        let index = self.elements.len();
        self.elements.push(Element::new(tag, Some(parent)));
        self.elements[parent].kids.push(Kid::Element(index));
        index
    }

    fn content(&mut self, element: usize, page: usize, mcid: i64, top: f32) -> Mark {
        let e = &mut self.elements[element];
        e.kids.push(Kid::Content { page, mcid });
        e.top.get_or_insert((page, top));
        Mark::Content { tag: e.tag, mcid }
    }

    fn annot(&mut self, tag: &'static str, parent: usize, page: usize) -> usize {
        let element = self.add(tag, parent);
        let annots = &mut self.annots[page];
        self.elements[element].kids.push(Kid::Annot {
            page,
            index: annots.len(),
        });
        annots.push(element);
        element
    }

    /// Whether an element holds no content, directly or below.
    fn is_empty(&self, element: usize) -> bool {
        self.elements[element].kids.iter().all(|kid| match kid {
            Kid::Element(child) => self.is_empty(*child),
            _ => false,
        })
    }
}

/// Reads the structure of laid-out pages.
pub fn build(pages: &[Page]) -> Tree {
    let mut tree = Tree {
        elements: vec![Element::new("Document", None)],
        marks: Vec::with_capacity(pages.len()),
        annots: vec![Vec::new(); pages.len()],
    };
    // The open elements; `None` for an artifact (and everything opened inside one).
    let mut stack: Vec<Option<usize>> = vec![Some(0)];
    for (page_index, page) in pages.iter().enumerate() {
        let mut marks = Vec::with_capacity(page.items.len());
        let mut mcid = 0;
        // A link element waiting for the text or figure it wraps: the item right after it.
        let mut link: Option<usize> = None;
        for item in &page.items {
            let current = stack.last().copied().flatten();
            let waiting = link.take();
            let mark = match (item, current) {
                (Item::Open { tag, lang }, Some(parent)) if *tag != Tag::Artifact => {
                    let element = tree.add(tag.name(), parent);
                    tree.elements[element].lang.clone_from(lang);
                    stack.push(Some(element));
                    Mark::Nothing
                }
                (Item::Open { .. }, _) => {
                    stack.push(None);
                    Mark::Nothing
                }
                (Item::Close, _) => {
                    if stack.len() > 1 {
                        stack.pop();
                    }
                    Mark::Nothing
                }
                (Item::Text { .. } | Item::Rect { .. } | Item::Line { .. }, None) => {
                    Mark::Pagination
                }
                (Item::Rect { .. } | Item::Line { .. }, Some(_)) => Mark::Artifact,
                (Item::Text { y, size, text, .. }, Some(parent)) => {
                    let owner = waiting.unwrap_or(parent);
                    let e = &mut tree.elements[owner];
                    if !e.text.is_empty() {
                        e.text.push(' ');
                    }
                    e.text.push_str(text);
                    mcid += 1;
                    tree.content(owner, page_index, mcid - 1, y - size)
                }
                (Item::Qr { alt, y, .. } | Item::Image { alt, y, .. }, Some(parent)) => {
                    let figure = tree.add(Tag::Figure.name(), waiting.unwrap_or(parent));
                    tree.elements[figure].alt = Some(alt.clone());
                    mcid += 1;
                    tree.content(figure, page_index, mcid - 1, *y)
                }
                (Item::Qr { .. } | Item::Image { .. }, None) => Mark::Pagination,
                (Item::Link { .. }, parent) => {
                    link = Some(tree.annot("Link", parent.unwrap_or(0), page_index));
                    Mark::Nothing
                }
                (Item::Field { .. } | Item::Check { .. } | Item::Radio { .. }, parent) => {
                    tree.annot("Form", parent.unwrap_or(0), page_index);
                    Mark::Nothing
                }
            };
            marks.push(mark);
        }
        tree.marks.push(marks);
    }
    tree
}

/// What [`write`] needs to know of the document.
pub struct About<'a> {
    /// The title (`dc:title`).
    pub title: &'a str,
    /// The language (`/Lang`, `dc:language`).
    pub lang: &'a str,
    /// The page height, for the bookmarks' destinations.
    pub page_height: f32,
}

/// Adds the structure tree and everything PDF/UA asks of the catalog to `doc`, whose pages are
/// `page_ids` and whose annotations per page, in item order, are `annots`.
pub fn write(
    doc: &mut lopdf::Document,
    tree: &Tree,
    page_ids: &[ObjectId],
    annots: &[Vec<ObjectId>],
    about: &About<'_>,
) -> Result<(), lopdf::Error> {
    let root_id = doc.new_object_id();
    // Object ids for the elements that hold something.
    let mut ids: BTreeMap<usize, ObjectId> = BTreeMap::new();
    for index in 0..tree.elements.len() {
        if index == 0 || !tree.is_empty(index) {
            ids.insert(index, doc.new_object_id());
        }
    }
    let mut parent_tree: Vec<Vec<Object>> = vec![Vec::new(); page_ids.len()];
    let mut annot_keys: Vec<(i64, ObjectId)> = Vec::new();
    let mut next_key = page_ids.len() as i64;
    for (&index, &id) in &ids {
        let element = &tree.elements[index];
        let page_of = |kid: &Kid| match kid {
            Kid::Content { page, .. } | Kid::Annot { page, .. } => Some(*page),
            Kid::Element(_) => None,
        };
        let own_page = element.kids.iter().find_map(page_of);
        let mut kids = Vec::new();
        for kid in &element.kids {
            match *kid {
                Kid::Element(child) => {
                    if let Some(child) = ids.get(&child) {
                        kids.push(Object::Reference(*child));
                    }
                }
                Kid::Content { page, mcid } => {
                    let slots = &mut parent_tree[page];
                    let at = usize::try_from(mcid).unwrap_or(0);
                    if slots.len() <= at {
                        slots.resize(at + 1, Object::Null);
                    }
                    slots[at] = Object::Reference(id);
                    if own_page == Some(page) {
                        kids.push(Object::Integer(mcid));
                    } else {
                        kids.push(Object::Dictionary(dictionary! {
                            "Type" => "MCR",
                            "Pg" => page_ids[page],
                            "MCID" => mcid,
                        }));
                    }
                }
                Kid::Annot { page, index } => {
                    let Some(annot) = annots.get(page).and_then(|a| a.get(index)) else {
                        continue;
                    };
                    doc.get_dictionary_mut(*annot)?
                        .set("StructParent", next_key);
                    annot_keys.push((next_key, id));
                    next_key += 1;
                    kids.push(Object::Dictionary(dictionary! {
                        "Type" => "OBJR",
                        "Obj" => *annot,
                        "Pg" => page_ids[page],
                    }));
                }
            }
        }
        let parent = element
            .parent
            .and_then(|p| ids.get(&p).copied())
            .unwrap_or(root_id);
        let mut dict = dictionary! {
            "Type" => "StructElem",
            "S" => element.tag,
            "P" => parent,
            "K" => kids,
        };
        if let Some(page) = own_page {
            dict.set("Pg", page_ids[page]);
        }
        if let Some(lang) = &element.lang {
            dict.set("Lang", text_string(lang));
        }
        if let Some(alt) = &element.alt {
            dict.set("Alt", text_string(alt));
        }
        doc.objects.insert(id, Object::Dictionary(dict));
    }
    let mut nums = Vec::new();
    for (page, slots) in parent_tree.into_iter().enumerate() {
        nums.push(Object::Integer(page as i64));
        nums.push(Object::Array(slots));
    }
    for (key, id) in annot_keys {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(id));
    }
    let document = ids.get(&0).copied().unwrap_or(root_id);
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "StructTreeRoot",
            "K" => vec![Object::Reference(document)],
            "ParentTree" => dictionary! { "Nums" => nums },
            "ParentTreeNextKey" => next_key,
        }),
    );
    for (index, page) in page_ids.iter().enumerate() {
        let dict = doc.get_dictionary_mut(*page)?;
        dict.set("StructParents", index as i64);
        dict.set("Tabs", "S");
    }
    let outline = outline(doc, tree, page_ids, about.page_height);
    let metadata = doc.add_object(
        Stream::new(
            dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
            xmp(about.title, about.lang).into_bytes(),
        )
        .with_compression(false),
    );
    let catalog = doc.catalog_mut()?;
    catalog.set("StructTreeRoot", root_id);
    catalog.set("MarkInfo", dictionary! { "Marked" => true });
    catalog.set("Lang", text_string(about.lang));
    catalog.set(
        "ViewerPreferences",
        dictionary! { "DisplayDocTitle" => true },
    );
    catalog.set("Metadata", metadata);
    if let Some(outline) = outline {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", "UseOutlines");
    }
    Ok(())
}

/// One bookmark per section heading (`H2`), pointing at the heading's top.
fn outline(
    doc: &mut lopdf::Document,
    tree: &Tree,
    page_ids: &[ObjectId],
    page_height: f32,
) -> Option<ObjectId> {
    let marks: Vec<(&str, usize, f32)> = tree
        .elements
        .iter()
        .enumerate()
        .filter(|(index, e)| e.tag == "H2" && !tree.is_empty(*index))
        .filter_map(|(_, e)| e.top.map(|(page, y)| (e.text.as_str(), page, y)))
        .collect();
    if marks.is_empty() {
        return None;
    }
    let outline_id = doc.new_object_id();
    let ids: Vec<ObjectId> = marks.iter().map(|_| doc.new_object_id()).collect();
    for (index, (title, page, y)) in marks.iter().enumerate() {
        let top = (page_height - y + 6.0).min(page_height);
        let mut dict: Dictionary = dictionary! {
            "Title" => text_string(title),
            "Parent" => outline_id,
            "Dest" => vec![
                Object::Reference(page_ids[*page]),
                "XYZ".into(),
                Object::Null,
                Object::Real(top),
                Object::Null,
            ],
        };
        if index > 0 {
            dict.set("Prev", ids[index - 1]);
        }
        if let Some(next) = ids.get(index + 1) {
            dict.set("Next", *next);
        }
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }
    doc.objects.insert(
        outline_id,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => ids[0],
            "Last" => ids[ids.len() - 1],
            "Count" => ids.len() as i64,
        }),
    );
    Some(outline_id)
}

/// The XMP metadata: title, language, producer and the PDF/UA-1 identifier.
fn xmp(title: &str, lang: &str) -> String {
    let title = xml_escape(title);
    let lang = xml_escape(lang);
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
   <dc:format>application/pdf</dc:format>
   <pdf:Producer>stepbook</pdf:Producer>
   <xmp:CreatorTool>stepbook</xmp:CreatorTool>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}'
    )
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a byte order mark.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}
