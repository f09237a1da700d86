//! The starter texts `init` and `new` write, per language: Dutch, French, German and English
//! are written out; any other language gets the English text marked [`TO_TRANSLATE`], which
//! `check` reports until someone translates it.

use crate::model::TO_TRANSLATE;

/// The words of a new project and a new procedure in one language. Texts with `{label}` or
/// `{field}` have those replaced by a screen-label or field reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Starter {
    /// The site's title.
    pub site_title: String,
    /// The site's one-line description.
    pub site_description: String,
    /// The label of the `company-name` field.
    pub company_name: String,
    /// The title of `init`'s first procedure.
    pub first_procedure: String,
    /// A new procedure's summary.
    pub summary: String,
    /// A new procedure's introduction (Markdown, may span lines).
    pub intro: String,
    /// The first section's heading.
    pub getting_started: String,
    /// The first step's heading, with `{label}`.
    pub first_step: String,
    /// The first step's text, with `{field}`.
    pub have_at_hand: String,
}

/// Nine texts, in the order of [`Starter`]'s fields.
type Texts = [&'static str; 9];

const EN: Texts = [
    "Procedures",
    "Step-by-step procedures, to read on screen or print as a checklist.",
    "Company name",
    "First procedure",
    "What this procedure is for, in one or two sentences.",
    "Who follows this procedure, and when. Text before the first heading with an id\nintroduces the procedure.",
    "Getting started",
    "Open the application and click {label}",
    "Have your {field} at hand.",
];

const NL: Texts = [
    "Procedures",
    "Procedures stap voor stap, om op het scherm te lezen of als checklist af te drukken.",
    "Bedrijfsnaam",
    "Eerste procedure",
    "Waarvoor deze procedure dient, in een of twee zinnen.",
    "Wie deze procedure volgt, en wanneer. Tekst vóór de eerste kop met een id\nleidt de procedure in.",
    "Aan de slag",
    "Open de toepassing en klik op {label}",
    "Houd uw {field} bij de hand.",
];

const FR: Texts = [
    "Procédures",
    "Des procédures pas à pas, à lire à l’écran ou à imprimer comme liste de contrôle.",
    "Nom de l’entreprise",
    "Première procédure",
    "À quoi sert cette procédure, en une ou deux phrases.",
    "Qui suit cette procédure, et quand. Le texte placé avant le premier titre muni d’un id\nprésente la procédure.",
    "Pour commencer",
    "Ouvrez l’application et cliquez sur {label}",
    "Gardez votre {field} à portée de main.",
];

const DE: Texts = [
    "Verfahren",
    "Verfahren Schritt für Schritt, am Bildschirm zu lesen oder als Checkliste zu drucken.",
    "Firmenname",
    "Erstes Verfahren",
    "Wozu dieses Verfahren dient, in ein oder zwei Sätzen.",
    "Wer dieses Verfahren befolgt, und wann. Text vor der ersten Überschrift mit einer ID\nführt in das Verfahren ein.",
    "Erste Schritte",
    "Öffnen Sie die Anwendung und klicken Sie auf {label}",
    "Halten Sie Folgendes bereit: {field}.",
];

/// The languages with written-out starter texts.
pub const LANGUAGES: [&str; 4] = ["nl", "fr", "de", "en"];

/// The starter texts of `lang` (a region is ignored: `fr-be` gets the French ones).
pub fn starter(lang: &str) -> Starter {
    let base = lang.split('-').next().unwrap_or(lang);
    let (texts, mark) = match base {
        "nl" => (NL, ""),
        "fr" => (FR, ""),
        "de" => (DE, ""),
        "en" => (EN, ""),
        _ => (EN, TO_TRANSLATE),
    };
    let [
        site_title,
        site_description,
        company_name,
        first_procedure,
        summary,
        intro,
        getting_started,
        first_step,
        have_at_hand,
    ] = texts.map(|text| {
        if mark.is_empty() {
            text.to_string()
        } else {
            format!("{mark} {text}")
        }
    });
    Starter {
        site_title,
        site_description,
        company_name,
        first_procedure,
        summary,
        intro,
        getting_started,
        first_step,
        have_at_hand,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_are_written_out_and_others_marked() {
        for lang in LANGUAGES {
            let texts = starter(lang);
            assert!(!texts.site_title.contains(TO_TRANSLATE), "{lang}");
        }
        assert_ne!(starter("nl").company_name, starter("en").company_name);
        assert_eq!(starter("fr-be"), starter("fr"));
        let other = starter("ja");
        assert_eq!(other.company_name, "(translate) Company name");
        assert!(other.intro.starts_with("(translate) Who follows"));
    }
}
