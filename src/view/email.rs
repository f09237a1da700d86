//! The view of an e-mail template: addresses, explanations, the subject and body split into
//! literal text and field placeholders, and a ready `mailto:` link.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::prose::{Resolver, localized};
use crate::model::{EmailTemplate, Library, Segment, Words, segments};

/// An e-mail to send, as every renderer shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EmailView {
    /// Template id (an anchor).
    pub id: String,
    /// Caption of the e-mail block (may be empty).
    pub title: String,
    /// The field holding the sender's address, if any.
    pub from_field: Option<String>,
    /// Who sends it.
    pub from_note: String,
    /// Recipients.
    pub to: Vec<String>,
    /// Who the recipients are.
    pub to_note: String,
    /// Copies.
    pub cc: Vec<String>,
    /// Who the copies go to.
    pub cc_note: String,
    /// The subject, in parts.
    pub subject: Vec<TemplatePart>,
    /// The body, in parts.
    pub body: Vec<TemplatePart>,
    /// A note under the body.
    pub body_note: String,
    /// Subject with placeholders shown as `[label]`.
    pub subject_text: String,
    /// Body with placeholders shown as `[label]`.
    pub body_text: String,
    /// A `mailto:` link with recipients, copies, subject and body, percent-encoded (RFC 6068).
    pub mailto: String,
    /// The authority copied from `content/countries.yaml`, if the template names one; its
    /// address for the site's country is already in `cc` and `mailto`.
    pub authority: Option<AuthorityView>,
}

/// The authority an e-mail copies, for every country that has one, so a page can switch the
/// address when the reader picks another country.
#[derive(Debug, Clone, Serialize)]
pub struct AuthorityView {
    /// The authority id (`flegt`).
    pub id: String,
    /// The country used by default (the site's `country`).
    pub country: String,
    /// The address for the default country.
    pub email: String,
    /// The field holding the company's country, if the procedure asks for it.
    pub country_field: Option<String>,
    /// Country code → address, for every country with this authority, as JSON (for a
    /// `data-` attribute).
    pub by_country: String,
}

/// Literal text or a field placeholder of a subject or body.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TemplatePart {
    /// Text sent as written.
    Text {
        /// The text.
        text: String,
    },
    /// A value the reader fills in.
    Field {
        /// The field id.
        id: String,
        /// The field's label in the page's language.
        label: String,
    },
}

pub(super) fn view(
    library: &Library,
    resolver: &Resolver,
    words: Option<&Words>,
    id: &str,
    template: &EmailTemplate,
) -> EmailView {
    let notes = words
        .and_then(|w| w.front.emails.get(id))
        .cloned()
        .unwrap_or_default();
    let source = library.source_language();
    let subject = parts(
        library,
        resolver.lang,
        template.subject.get(resolver.lang, source),
    );
    let body = parts(
        library,
        resolver.lang,
        template.body.get(resolver.lang, source).trim_end(),
    );
    let subject_text = plain(&subject);
    let body_text = plain(&body);
    let authority = template
        .cc_authority
        .as_ref()
        .and_then(|id| authority(library, id, template.country_field.as_deref().cloned()));
    let mut cc = template.cc.to_vec();
    cc.extend(authority.as_ref().map(|a| a.email.clone()));
    EmailView {
        id: id.to_string(),
        title: notes.title.unwrap_or_default(),
        from_field: template.from.as_deref().cloned(),
        from_note: notes.from.unwrap_or_default(),
        to: template.to.to_vec(),
        to_note: notes.to.unwrap_or_default(),
        cc_note: notes.cc.unwrap_or_default(),
        mailto: mailto(&template.to, &cc, &subject_text, &body_text),
        cc,
        authority,
        subject,
        body,
        body_note: notes.body.unwrap_or_default(),
        subject_text,
        body_text,
    }
}

/// The authority `id` of the site's country, with its address in every country.
fn authority(library: &Library, id: &str, country_field: Option<String>) -> Option<AuthorityView> {
    let country = library.site.country.as_deref().cloned()?;
    let email = library
        .countries
        .get(&country)?
        .authorities
        .get(id)?
        .email
        .value
        .clone();
    let by_country: std::collections::BTreeMap<&str, &str> = library
        .countries
        .iter()
        .filter_map(|(code, c)| Some((code.as_str(), c.authorities.get(id)?.email.as_str())))
        .collect();
    Some(AuthorityView {
        id: id.to_string(),
        country,
        email,
        country_field,
        by_country: serde_json::to_string(&by_country).unwrap_or_default(),
    })
}

/// Splits `{field}` placeholders from literal text.
fn parts(library: &Library, lang: &str, template: &str) -> Vec<TemplatePart> {
    segments(template)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => TemplatePart::Text {
                text: text.to_string(),
            },
            Segment::Placeholder(id) => TemplatePart::Field {
                id: id.to_string(),
                label: library.fields.get(id).map_or(id.to_string(), |f| {
                    localized(&f.label, lang, library.source_language()).to_string()
                }),
            },
        })
        .collect()
}

fn plain(parts: &[TemplatePart]) -> String {
    parts
        .iter()
        .map(|part| match part {
            TemplatePart::Text { text } => text.clone(),
            TemplatePart::Field { label, .. } => format!("[{label}]"),
        })
        .collect()
}

/// Everything but RFC 3986's unreserved characters is encoded in header values.
const HFVALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// Addresses keep their `@`.
const ADDRESS: &AsciiSet = &HFVALUE.remove(b'@');

/// A `mailto:` URI; line breaks become CRLF as RFC 6068 asks.
pub fn mailto(to: &[String], cc: &[String], subject: &str, body: &str) -> String {
    let join = |addresses: &[String]| {
        addresses
            .iter()
            .map(|a| utf8_percent_encode(a, ADDRESS).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut uri = format!("mailto:{}", join(to));
    let mut separator = '?';
    let body = body.replace("\r\n", "\n").replace('\n', "\r\n");
    for (name, value) in [
        ("cc", join(cc)),
        ("subject", encode(subject)),
        ("body", encode(&body)),
    ] {
        if !value.is_empty() {
            uri.push(separator);
            uri.push_str(name);
            uri.push('=');
            uri.push_str(&value);
            separator = '&';
        }
    }
    uri
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, HFVALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailto_encodes_subject_and_body() {
        let uri = mailto(
            &["sante-traces@ec.europa.eu".into()],
            &["flegt@environment.belgium.be".into()],
            "role request for a FLEGT timber importer",
            "Françoise\nPeeters & Co",
        );
        assert_eq!(
            uri,
            "mailto:sante-traces@ec.europa.eu?cc=flegt@environment.belgium.be&subject=role%20request%20for%20a%20FLEGT%20timber%20importer&body=Fran%C3%A7oise%0D%0APeeters%20%26%20Co"
        );
    }
}
