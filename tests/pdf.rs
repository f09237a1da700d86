//! The PDF checklist of the shipped content, built for real and read back with lopdf.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use lopdf::{Document, Object};
use stepbook::model::StepItem;
use stepbook::project::Project;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bytes of the seed (Dutch) checklist, blank or pre-filled from `profile`.
fn checklist(profile: Option<&str>) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = profile.map(|text| {
        let path = dir.path().join("company.yaml");
        std::fs::write(&path, text).unwrap();
        path
    });
    let project = Project::new(root(), Some(dir.path().join("out"))).with_profile(path);
    let (files, report) = stepbook::render(&project).unwrap();
    // One checklist per procedure and language (Dutch, French, German, English).
    assert_eq!(report.checklists, report.procedures * report.languages);
    files
        .into_iter()
        .find(|f| f.path == Path::new("nl/flegt-access/flegt-access-nl.pdf"))
        .expect("the checklist is next to the page")
        .bytes
}

const PROFILE: &str = "company-name: Brasserie Éclair – Gent\naddress: Korenmarkt 1, 9000 Gent\ncountry: BE\neori: be 0314.595.348\nfirst-name: Françoise\nlast-name: Peeters\nemail: francoise.peeters@eclair.example\n";

fn resolve<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap(),
        other => other,
    }
}

/// Every form field by name.
fn fields(doc: &Document) -> BTreeMap<String, lopdf::Dictionary> {
    let catalog = doc.catalog().unwrap();
    let form = resolve(doc, catalog.get(b"AcroForm").unwrap())
        .as_dict()
        .unwrap();
    let list = resolve(doc, form.get(b"Fields").unwrap())
        .as_array()
        .unwrap();
    list.iter()
        .map(|f| {
            let dict = resolve(doc, f).as_dict().unwrap().clone();
            let name =
                String::from_utf8(dict.get(b"T").unwrap().as_str().unwrap().to_vec()).unwrap();
            (name, dict)
        })
        .collect()
}

fn text_value(object: &Object) -> String {
    let bytes = object.as_str().unwrap();
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16(&units).unwrap()
        }
        None => String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

/// The ids of the procedure's steps (`options: false`) or options (`true`), shared ones
/// included, as loaded.
fn step_ids(options: bool) -> Vec<String> {
    let (library, diagnostics) = stepbook::load::load(&Project::new(root(), None));
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let procedure = library
        .procedures
        .iter()
        .find(|p| p.id == "flegt-access")
        .unwrap();
    procedure
        .items()
        .iter()
        .filter(|item| match item {
            StepItem::Step(_) => !options,
            StepItem::Option(_) => options,
            _ => false,
        })
        .map(|item| item.id().to_string())
        .collect()
}

#[test]
fn the_blank_checklist_has_two_pages_and_a_field_per_step_and_declared_field() {
    let doc = Document::load_mem(&checklist(None)).unwrap();
    assert_eq!(doc.get_pages().len(), 2);
    let fields = fields(&doc);
    for id in ["first-name", "last-name", "company-name", "eori", "email"] {
        let field = &fields[id];
        assert_eq!(field.get(b"FT").unwrap().as_name().unwrap(), b"Tx", "{id}");
        assert!(field.get(b"V").is_err(), "{id} is blank");
    }
    assert_eq!(fields["eori"].get(b"MaxLen").unwrap().as_i64().unwrap(), 17);
    let steps = step_ids(false);
    assert_eq!(steps.len(), 27);
    for id in &steps {
        let field = fields
            .get(id)
            .unwrap_or_else(|| panic!("no checkbox `{id}`"));
        assert_eq!(field.get(b"FT").unwrap().as_name().unwrap(), b"Btn");
        let ap = resolve(&doc, field.get(b"AP").unwrap()).as_dict().unwrap();
        let normal = resolve(&doc, ap.get(b"N").unwrap()).as_dict().unwrap();
        assert!(normal.has(b"Yes") && normal.has(b"Off"), "{id}");
    }
    // The options of a choice are one radio group per choice, named after the choice's step,
    // one button per option whose on state is the option id.
    let mut options = Vec::new();
    let mut groups = 0;
    for (name, field) in &fields {
        let Some(step) = name.strip_prefix("choice:") else {
            continue;
        };
        groups += 1;
        assert!(steps.iter().any(|s| s == step), "{name}");
        assert_eq!(field.get(b"FT").unwrap().as_name().unwrap(), b"Btn");
        let flags = field.get(b"Ff").unwrap().as_i64().unwrap();
        assert_ne!(flags & (1 << 15), 0, "{name} is a radio group");
        for kid in resolve(&doc, field.get(b"Kids").unwrap())
            .as_array()
            .unwrap()
        {
            let kid = resolve(&doc, kid).as_dict().unwrap();
            assert!(kid.has(b"TU") && kid.has(b"BS") && kid.has(b"Rect"));
            let ap = resolve(&doc, kid.get(b"AP").unwrap()).as_dict().unwrap();
            let normal = resolve(&doc, ap.get(b"N").unwrap()).as_dict().unwrap();
            let on: Vec<String> = normal
                .iter()
                .map(|(k, _)| String::from_utf8(k.clone()).unwrap())
                .filter(|k| k != "Off")
                .collect();
            assert_eq!(on.len(), 1, "{name}");
            options.extend(on);
        }
    }
    let mut expected = step_ids(true);
    expected.sort();
    options.sort();
    assert_eq!(options, expected);
    assert_eq!(fields.len(), 5 + steps.len() + groups);
    for (name, field) in &fields {
        assert!(!name.contains('.'), "{name}");
        assert!(field.has(b"TU"), "{name} has an accessible name");
        if !field.has(b"Kids") {
            assert!(
                field.has(b"AP") && field.has(b"BS") && field.has(b"Rect"),
                "{name}"
            );
        }
    }
}

#[test]
fn a_profile_prefills_fields_with_non_ascii_values() {
    let doc = Document::load_mem(&checklist(Some(PROFILE))).unwrap();
    let fields = fields(&doc);
    let value = |id: &str| text_value(fields[id].get(b"V").unwrap());
    assert_eq!(value("company-name"), "Brasserie Éclair – Gent");
    assert_eq!(value("first-name"), "Françoise");
    assert_eq!(value("last-name"), "Peeters");
    assert_eq!(value("eori"), "BE0314595348");
    assert_eq!(value("email"), "francoise.peeters@eclair.example");
    // The appearance shows the value in WinAnsi: É is \311 and – is \226.
    let ap = resolve(&doc, fields["company-name"].get(b"AP").unwrap())
        .as_dict()
        .unwrap();
    let Object::Reference(id) = ap.get(b"N").unwrap() else {
        panic!()
    };
    let stream = doc.get_object(*id).unwrap().as_stream().unwrap();
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let content = String::from_utf8_lossy(&content);
    assert!(
        content.contains(r"(Brasserie \311clair \226 Gent) Tj"),
        "{content}"
    );
}

#[test]
fn body_fonts_are_embedded_subsets() {
    let doc = Document::load_mem(&checklist(None)).unwrap();
    let mut programs = Vec::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && let Ok(file) = dict.get(b"FontFile2")
        {
            let name = dict.get(b"FontName").unwrap().as_name().unwrap().to_vec();
            let stream = resolve(&doc, file).as_stream().unwrap();
            let program = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            // A TrueType program with its glyphs, not the few bytes that stand in for it until
            // the file is written (render/pdf/fonts.rs).
            assert_eq!(program.get(..4), Some(&[0, 1, 0, 0][..]));
            assert!(program.len() > 10_000, "{} bytes", program.len());
            programs.push((String::from_utf8(name).unwrap(), program.len()));
        }
    }
    assert_eq!(programs.len(), 2, "{programs:?}");
    for (name, size) in programs {
        assert_eq!(name.find('+'), Some(6), "{name} is named as a subset");
        assert!(size < 60_000, "{name} is {size} bytes: not subset");
    }
}

#[test]
fn links_are_clickable_and_all_words_come_back_out() {
    let bytes = checklist(None);
    assert!(bytes.len() < 150_000, "{} bytes", bytes.len());
    let doc = Document::load_mem(&bytes).unwrap();
    let mut uris = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).unwrap();
        for annot in resolve(&doc, page.get(b"Annots").unwrap())
            .as_array()
            .unwrap()
        {
            let annot = resolve(&doc, annot).as_dict().unwrap();
            if let Ok(action) = annot.get(b"A") {
                let action = resolve(&doc, action).as_dict().unwrap();
                uris.push(
                    String::from_utf8(action.get(b"URI").unwrap().as_str().unwrap().to_vec())
                        .unwrap(),
                );
            }
        }
    }
    for uri in [
        "https://webgate.ec.europa.eu/cas",
        "https://webgate.ec.europa.eu/tracesnt/login",
        "mailto:sante-traces@ec.europa.eu",
        "https://intranet.example.be/procedures/nl/flegt-access/",
    ] {
        assert!(
            uris.iter().any(|u| u == uri),
            "no link to {uri} in {uris:?}"
        );
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    let mut expected = vec![
        "https://webgate.ec.europa.eu/cas".to_string(),
        "https://webgate.ec.europa.eu/tracesnt/login".into(),
        "sante-traces@ec.europa.eu".into(),
        "flegt@environment.belgium.be".into(),
        "registratie te voltooien – klik".into(),
        "→ dit is noodzakelijk".into(),
        "België".into(),
        "Pagina 2 / 2".into(),
    ];
    for file in ["eu-login.yaml", "traces.yaml"] {
        let labels = std::fs::read_to_string(root().join("content/labels").join(file)).unwrap();
        expected.extend(
            labels
                .lines()
                .filter_map(|l| l.trim().strip_prefix("text: "))
                .map(str::to_string),
        );
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in expected {
        assert!(flat.contains(&needle), "`{needle}` missing from:\n{flat}");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    assert!(checklist(None) == checklist(None));
    assert!(checklist(Some(PROFILE)) == checklist(Some(PROFILE)));
}

/// A structure element's type, kids and dictionary.
struct Elem {
    s: String,
    dict: lopdf::Dictionary,
    kids: Vec<Elem>,
}

impl Elem {
    fn read(doc: &Document, dict: &lopdf::Dictionary) -> Elem {
        let s = String::from_utf8(dict.get(b"S").unwrap().as_name().unwrap().to_vec()).unwrap();
        let kids = match dict.get(b"K") {
            Ok(Object::Array(kids)) => kids.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        let kids = kids
            .iter()
            .filter_map(|kid| {
                let dict = resolve(doc, kid).as_dict().ok()?;
                (dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem"))
                    .then(|| Elem::read(doc, dict))
            })
            .collect();
        Elem {
            s,
            dict: dict.clone(),
            kids,
        }
    }

    fn kinds(&self) -> Vec<&str> {
        self.kids.iter().map(|k| k.s.as_str()).collect()
    }

    /// Every element below (and including) this one.
    fn all(&self) -> Vec<&Elem> {
        let mut out = vec![self];
        for kid in &self.kids {
            out.extend(kid.all());
        }
        out
    }
}

/// The annotation of an element's `OBJR` kid.
fn objr(doc: &Document, elem: &Elem) -> Option<lopdf::ObjectId> {
    let kids = match elem.dict.get(b"K").ok()? {
        Object::Array(kids) => kids.clone(),
        other => vec![other.clone()],
    };
    kids.iter().find_map(|kid| {
        let dict = resolve(doc, kid).as_dict().ok()?;
        (dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"OBJR"))
            .then(|| dict.get(b"Obj").unwrap().as_reference().unwrap())
    })
}

#[test]
fn the_checklist_is_tagged_in_reading_order() {
    let doc = Document::load_mem(&checklist(None)).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(
        text_value(catalog.get(b"Lang").unwrap()),
        "nl",
        "the document's language"
    );
    let mark_info = resolve(&doc, catalog.get(b"MarkInfo").unwrap())
        .as_dict()
        .unwrap();
    assert!(mark_info.get(b"Marked").unwrap().as_bool().unwrap());
    let prefs = resolve(&doc, catalog.get(b"ViewerPreferences").unwrap())
        .as_dict()
        .unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let xmp = resolve(&doc, catalog.get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    let xmp = String::from_utf8(xmp.content.clone()).unwrap();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    assert!(
        xmp.contains("Toegang tot de FLEGT-applicatie in TRACES NT</rdf:li>"),
        "{xmp}"
    );

    let root = resolve(&doc, catalog.get(b"StructTreeRoot").unwrap())
        .as_dict()
        .unwrap();
    let top = resolve(&doc, root.get(b"K").unwrap());
    let top = match top {
        Object::Array(kids) => resolve(&doc, &kids[0]).as_dict().unwrap(),
        other => other.as_dict().unwrap(),
    };
    let document = Elem::read(&doc, top);
    assert_eq!(document.s, "Document");
    let kinds = document.kinds();
    // Title, subtitle, three facts, the QR code and its caption, the fields' heading and
    // note, the five fields, the intro, then one section per section of the procedure.
    assert_eq!(kinds[..5], ["H1", "P", "P", "P", "P"], "{kinds:?}");
    assert_eq!(kinds.iter().filter(|k| **k == "H1").count(), 1);
    assert_eq!(
        kinds.iter().filter(|k| **k == "Sect").count(),
        3,
        "{kinds:?}"
    );
    let all = document.all();
    // The QR code is a figure with an alternate text, inside its link.
    let figure = all.iter().find(|e| e.s == "Figure").expect("a figure");
    let alt = text_value(figure.dict.get(b"Alt").unwrap());
    assert!(
        alt.contains("https://intranet.example.be/procedures/nl/flegt-access/"),
        "{alt}"
    );
    for section in document.kids.iter().filter(|e| e.s == "Sect") {
        assert_eq!(section.kinds()[0], "H2");
        assert!(section.kinds().contains(&"L"), "{:?}", section.kinds());
    }
    // Every list item is a label and a body; a step's label holds its checkbox (or an
    // option's radio button).
    let items: Vec<&&Elem> = all.iter().filter(|e| e.s == "LI").collect();
    assert!(items.len() >= 27 + 2, "{}", items.len());
    for item in &items {
        assert_eq!(item.kinds(), ["Lbl", "LBody"]);
    }
    let steps_and_options = items
        .iter()
        .filter(|item| item.kids[0].kinds() == ["Form"])
        .count();
    assert_eq!(steps_and_options, 27 + 2);
    // One `Form` element per widget, each holding its annotation, which has an accessible
    // name and points back at it through the parent tree.
    let nums = resolve(&doc, root.get(b"ParentTree").unwrap())
        .as_dict()
        .unwrap()
        .get(b"Nums")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let parent_of = |key: i64| {
        let at = nums
            .chunks(2)
            .find(|pair| pair[0].as_i64().unwrap() == key)
            .unwrap_or_else(|| panic!("no key {key} in the parent tree"));
        at[1].clone()
    };
    let forms: Vec<&&Elem> = all.iter().filter(|e| e.s == "Form").collect();
    assert_eq!(forms.len(), 5 + 27 + 2);
    for form in forms {
        let annot = objr(&doc, form).expect("a Form element holds its widget");
        let widget = doc.get_dictionary(annot).unwrap();
        assert!(widget.has(b"TU"), "the widget has an accessible name");
        let key = widget.get(b"StructParent").unwrap().as_i64().unwrap();
        assert!(matches!(parent_of(key), Object::Reference(_)));
    }
    let links: Vec<&&Elem> = all.iter().filter(|e| e.s == "Link").collect();
    assert!(links.len() >= 4, "{}", links.len());
    for link in links {
        let annot = objr(&doc, link).expect("a Link element holds its annotation");
        let annot = doc.get_dictionary(annot).unwrap();
        assert!(annot.has(b"Contents") && annot.has(b"StructParent"));
    }
    // Headings hold text; the outline has a bookmark per section heading.
    let headings = all.iter().filter(|e| e.s == "H2").count();
    assert_eq!(headings, 1 + 3);
    let outlines = resolve(&doc, catalog.get(b"Outlines").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(outlines.get(b"Count").unwrap().as_i64().unwrap(), 4);

    // Every page: in the parent tree, tabbed in structure order, and every text operator
    // inside marked content whose MCID points back at an element of the same type.
    for (index, page_id) in doc.get_pages().values().enumerate() {
        let page = doc.get_dictionary(*page_id).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap().as_name().unwrap(), b"S");
        let key = page.get(b"StructParents").unwrap().as_i64().unwrap();
        assert_eq!(key, index as i64);
        let owners = parent_of(key);
        let owners = owners.as_array().unwrap();
        let content = lopdf::content::Content::decode(&doc.get_page_content(*page_id)).unwrap();
        let mut open: Vec<Option<(String, i64)>> = Vec::new();
        let mut mcids = 0;
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" => {
                    let tag = op.operands[0].as_name().unwrap();
                    let mcid = match &op.operands[1] {
                        Object::Dictionary(d) => d.get(b"MCID").and_then(Object::as_i64).ok(),
                        _ => None,
                    };
                    let tag = String::from_utf8(tag.to_vec()).unwrap();
                    open.push(mcid.map(|m| (tag, m)));
                    if let Some(Some((tag, mcid))) = open.last() {
                        mcids += 1;
                        let owner = resolve(&doc, &owners[*mcid as usize]).as_dict().unwrap();
                        assert_eq!(owner.get(b"S").unwrap().as_name().unwrap(), tag.as_bytes());
                    }
                }
                "BMC" => open.push(None),
                "EMC" => {
                    open.pop().expect("EMC closes something");
                }
                "Tj" | "TJ" | "'" | "\"" | "re" | "f" | "S" | "B" => {
                    assert!(!open.is_empty(), "`{}` outside marked content", op.operator);
                }
                _ => {}
            }
        }
        assert!(open.is_empty());
        assert_eq!(mcids, owners.len(), "page {index}: an owner per MCID");
    }
}

#[test]
fn a_long_company_name_shrinks_to_fit_its_field() {
    let long = "Houthandel De Eik – Antwerpen NV (Zeebrugge depot), afdeling Import en Verwerking van Tropisch Hardhout";
    let doc = Document::load_mem(&checklist(Some(&format!("company-name: \"{long}\"\n")))).unwrap();
    let all = fields(&doc);
    let field = &all["company-name"];
    assert_eq!(text_value(field.get(b"V").unwrap()), long);
    let rect: Vec<f32> = field
        .get(b"Rect")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_float().unwrap())
        .collect();
    let width = rect[2] - rect[0];
    let size = |text: &str| -> f32 {
        let at = text.find(" Tf").expect("a Tf");
        text[..at].rsplit(' ').next().unwrap().parse().unwrap()
    };
    let da = String::from_utf8(field.get(b"DA").unwrap().as_str().unwrap().to_vec()).unwrap();
    let ap = resolve(&doc, field.get(b"AP").unwrap()).as_dict().unwrap();
    let stream = resolve(&doc, ap.get(b"N").unwrap()).as_stream().unwrap();
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let content = String::from_utf8_lossy(&content).to_string();
    let shown = size(&content);
    assert!(shown < 10.0, "the value is set smaller than 10 pt: {shown}");
    assert!(shown >= 5.0, "{shown}");
    assert_eq!(size(&da), shown, "viewers that redraw it use the same size");
    // At that size the value fits the field: Helvetica's widths (from printpdf's metrics).
    let em: f32 = stepbook::render::pdf::fields::win_ansi(long)
        .iter()
        .map(|b| stepbook::render::pdf::fields::helvetica_width(*b))
        .sum::<f32>()
        / 1000.0;
    assert!(em * shown <= width - 4.0, "{} > {width}", em * shown);
    // A short name keeps the full size.
    let doc = Document::load_mem(&checklist(Some("company-name: Eik NV\n"))).unwrap();
    let da = fields(&doc)["company-name"]
        .get(b"DA")
        .unwrap()
        .as_str()
        .unwrap()
        .to_vec();
    assert_eq!(size(&String::from_utf8(da).unwrap()), 10.0);
}

/// The decompressed font programs of a checklist, by weight (`DejaVuSans`, `DejaVuSans-Bold`).
fn font_programs(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let doc = Document::load_mem(bytes).unwrap();
    let mut programs = BTreeMap::new();
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict()
            && let Ok(file) = dict.get(b"FontFile2")
        {
            let name = dict.get(b"FontName").unwrap().as_name().unwrap();
            let family = String::from_utf8(name[7..].to_vec()).unwrap();
            let stream = resolve(&doc, file).as_stream().unwrap();
            let program = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            assert_eq!(
                stream.dict.get(b"Length1").unwrap().as_i64().unwrap(),
                program.len() as i64
            );
            programs.insert(family, program);
        }
    }
    programs
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Checklists drawing only common characters (Latin-1 and its punctuation) embed the same
/// font subsets, made once per build; a checklist with another character gets its own subset
/// of the regular font, which draws it (the text comes back out) and is smaller.
#[test]
fn common_characters_share_one_subset_and_others_get_their_own() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/minimal"), dir.path());
    let words = dir.path().join("content/procedures/demo/nl.md");
    let text = std::fs::read_to_string(&words).unwrap();
    std::fs::write(&words, text.replace("Inleiding.", "Inleiding in Łódź.")).unwrap();
    let project = Project::new(dir.path().to_path_buf(), Some(dir.path().join("out")));
    let (files, _) = stepbook::render(&project).unwrap();
    let pdf = |path: &str| {
        files
            .iter()
            .find(|f| f.path == Path::new(path))
            .unwrap()
            .bytes
            .clone()
    };
    let (nl, en) = (pdf("nl/demo/demo-nl.pdf"), pdf("en/demo/demo-en.pdf"));
    let shipped = font_programs(&checklist(None));
    let (nl_fonts, en_fonts) = (font_programs(&nl), font_programs(&en));
    assert_eq!(en_fonts, shipped, "the common subsets");
    assert_eq!(nl_fonts["DejaVuSans-Bold"], shipped["DejaVuSans-Bold"]);
    assert_ne!(nl_fonts["DejaVuSans"], shipped["DejaVuSans"]);
    assert!(nl_fonts["DejaVuSans"].len() < shipped["DejaVuSans"].len());
    let doc = Document::load_mem(&nl).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    assert!(text.contains("Inleiding in Łódź."), "{text}");
}
