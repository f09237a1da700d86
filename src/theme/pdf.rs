//! The `pdf:` section of a theme's `theme.yaml`: paper, margins, fonts, sizes and colours of the
//! checklist. Every key has a default, so a theme without the section still prints.

use serde::Deserialize;

/// Page geometry, fonts and colours of the PDF checklist.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfSettings {
    /// Paper size.
    pub paper: Paper,
    /// Margins in millimetres.
    pub margins: Margins,
    /// Font files under the theme's `fonts/` folder.
    pub fonts: FontFiles,
    /// Font sizes in points.
    pub sizes: Sizes,
    /// Colours as `#rrggbb`.
    pub colours: Colours,
    /// The template (under `templates/`) that gives the checklist's words and block order.
    pub template: String,
    /// Whether steps show their screens (with the labels highlighted) in the checklist, as on
    /// the page; `false` keeps a paper checklist compact.
    pub screens: bool,
}

impl Default for PdfSettings {
    fn default() -> Self {
        PdfSettings {
            paper: Paper::A4,
            margins: Margins::default(),
            fonts: FontFiles::default(),
            sizes: Sizes::default(),
            colours: Colours::default(),
            template: "checklist.pdf.yaml".to_string(),
            screens: true,
        }
    }
}

/// A paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (mm(210.0), mm(297.0)),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Millimetres to points.
pub fn mm(value: f32) -> f32 {
    value * 72.0 / 25.4
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Margins {
    /// Top margin (the running header sits inside it).
    pub top: f32,
    /// Right margin.
    pub right: f32,
    /// Bottom margin (the footer sits inside it).
    pub bottom: f32,
    /// Left margin.
    pub left: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 20.0,
            right: 18.0,
            bottom: 20.0,
            left: 18.0,
        }
    }
}

/// The body fonts: TrueType files under the theme's `fonts/` folder.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FontFiles {
    /// Regular weight.
    pub regular: String,
    /// Bold weight.
    pub bold: String,
}

impl Default for FontFiles {
    fn default() -> Self {
        FontFiles {
            regular: "DejaVuSans.ttf".to_string(),
            bold: "DejaVuSans-Bold.ttf".to_string(),
        }
    }
}

/// Font sizes in points.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sizes {
    /// Body text.
    pub body: f32,
    /// The procedure title.
    pub title: f32,
    /// Section headings.
    pub heading: f32,
    /// Running header, footer, captions.
    pub small: f32,
    /// Values typed into fields.
    pub field: f32,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes {
            body: 9.5,
            title: 17.0,
            heading: 12.5,
            small: 7.5,
            field: 10.0,
        }
    }
}

/// Colours of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colours {
    /// Body text.
    pub text: Colour,
    /// Headings, numbers and frames.
    pub accent: Colour,
    /// Captions, header and footer.
    pub muted: Colour,
    /// Rules and box borders.
    pub rule: Colour,
    /// Links.
    pub link: Colour,
    /// Background of notes and of the e-mail block.
    pub tint: Colour,
    /// Background of fill-in fields.
    pub field: Colour,
    /// The frames and numbers of the labels highlighted on a screen.
    pub highlight: Colour,
}

impl Default for Colours {
    fn default() -> Self {
        Colours {
            text: Colour::rgb(0x1f, 0x23, 0x28),
            accent: Colour::rgb(0x1d, 0x4e, 0x89),
            muted: Colour::rgb(0x5f, 0x67, 0x70),
            rule: Colour::rgb(0x8a, 0x93, 0x9c),
            link: Colour::rgb(0x0b, 0x5c, 0xad),
            tint: Colour::rgb(0xee, 0xf3, 0xf9),
            field: Colour::rgb(0xf7, 0xf9, 0xfc),
            highlight: Colour::rgb(0xd4, 0x35, 0x1c),
        }
    }
}

/// An RGB colour, written `#rrggbb` in `theme.yaml`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "String")]
pub struct Colour {
    /// Red, 0–1.
    pub r: f32,
    /// Green, 0–1.
    pub g: f32,
    /// Blue, 0–1.
    pub b: f32,
}

impl Colour {
    /// A colour from 8-bit channels.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Colour {
        Colour {
            r: r as f32 / 255.0,
            g: g as f32 / 255.0,
            b: b as f32 / 255.0,
        }
    }
}

impl TryFrom<String> for Colour {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        let hex = text.strip_prefix('#').unwrap_or(&text);
        let channel = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        };
        match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Ok(Colour::rgb(r, g, b)),
            _ => Err(format!("invalid colour `{text}`: use `#rrggbb`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_colours_and_rejects_others() {
        assert_eq!(
            Colour::try_from("#ff0000".to_string()),
            Ok(Colour::rgb(255, 0, 0))
        );
        assert!(Colour::try_from("red".to_string()).is_err());
        let settings: PdfSettings =
            serde_saphyr::from_str("paper: letter\nmargins: {top: 10}").unwrap();
        assert_eq!(settings.paper, Paper::Letter);
        assert_eq!(settings.margins.top, 10.0);
        assert_eq!(settings.margins.left, 18.0);
    }
}
