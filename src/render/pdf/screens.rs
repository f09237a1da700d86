//! Screens in the checklist: each image embedded once per document as an image XObject,
//! however many steps show it, and drawn where the layout put it.
//!
//! The image data was made when the file was decoded ([`crate::model::PdfImage`]): a JPEG goes
//! in as it is (`/DCTDecode`), a PNG of 8-bit grey or RGB rows as its own compressed rows
//! (`/FlateDecode` with PNG predictors), anything else as deflated pixels. Nothing is decoded
//! here.

use std::collections::BTreeMap;

use printpdf::{
    DictItem, PdfDocument, Px, XObject, XObjectId,
    xobject::{ExternalStream, ExternalXObject},
};

use super::content::Content;

use super::layout::{Item, Page};
use crate::model::{PdfEncoding, PdfImage};

/// The resource name of an image: fixed by its published name, so two builds give the same
/// bytes.
fn resource(name: &str) -> XObjectId {
    let stem: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    XObjectId(format!("Im{stem}"))
}

/// Adds every image the pages draw to the document's resources, once each.
pub fn register(doc: &mut PdfDocument, pages: &[Page]) {
    let mut images: BTreeMap<&str, &PdfImage> = BTreeMap::new();
    for item in pages.iter().flat_map(|page| &page.items) {
        if let Item::Image { name, image, .. } = item {
            images.entry(name.as_str()).or_insert(image);
        }
    }
    for (name, image) in images {
        doc.resources
            .xobjects
            .map
            .insert(resource(name), XObject::External(xobject(image)));
    }
}

/// The image XObject of `image`.
fn xobject(image: &PdfImage) -> ExternalXObject {
    let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
    let mut dict = BTreeMap::from([
        ("Type".to_string(), name("XObject")),
        ("Subtype".to_string(), name("Image")),
        ("Width".to_string(), DictItem::Int(i64::from(image.width))),
        ("Height".to_string(), DictItem::Int(i64::from(image.height))),
        (
            "ColorSpace".to_string(),
            name(if image.colors == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            }),
        ),
        ("BitsPerComponent".to_string(), DictItem::Int(8)),
    ]);
    let filter = match image.encoding {
        PdfEncoding::Dct => "DCTDecode",
        PdfEncoding::PngFlate | PdfEncoding::Flate => "FlateDecode",
    };
    dict.insert("Filter".to_string(), name(filter));
    if image.encoding == PdfEncoding::PngFlate {
        let parms = BTreeMap::from([
            ("Predictor".to_string(), DictItem::Int(15)),
            ("Colors".to_string(), DictItem::Int(i64::from(image.colors))),
            ("BitsPerComponent".to_string(), DictItem::Int(8)),
            ("Columns".to_string(), DictItem::Int(i64::from(image.width))),
        ]);
        dict.insert("DecodeParms".to_string(), DictItem::Dict { map: parms });
    }
    ExternalXObject {
        stream: ExternalStream {
            dict,
            content: image.data.to_vec(),
            compress: false,
        },
        width: Some(Px(image.width as usize)),
        height: Some(Px(image.height as usize)),
        dpi: None,
    }
}

/// Draws image `name` with its lower left corner at (`x`, `y`) in PDF coordinates, `w` × `h`
/// points (the operations printpdf wrote for its `UseXobject`, identity matrix included).
pub fn draw(out: &mut Content, name: &str, x: f32, y: f32, w: f32, h: f32) {
    out.op("q");
    out.nums(&[w, 0.0, 0.0, h, x, y]).op("cm");
    out.op("q");
    out.nums(&[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]).op("cm");
    out.name(&resource(name).0).op("Do");
    out.op("Q");
    out.op("Q");
}
