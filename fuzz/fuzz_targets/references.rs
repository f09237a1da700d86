//! The `[[…]]` reference parser and the link rule: never panic, accept only slugs, and never let
//! a link through whose scheme is not http, https or mailto.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepbook::model::{Target, is_id};
use stepbook::validate::check_link;

fuzz_target!(|text: &str| {
    match Target::parse(text) {
        Some(Target::Step(id)) | Some(Target::Field(id)) => assert!(is_id(&id)),
        Some(Target::Label { system, id }) => assert!(is_id(&system) && is_id(&id)),
        None => {}
    }
    if check_link(text).is_none() {
        // What a browser would see as the scheme: leading C0 controls and spaces stripped,
        // tabs and newlines removed anywhere.
        let seen: String = text
            .trim_start_matches(|c: char| c <= ' ')
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        if let Some((scheme, _)) = seen.split_once(':')
            && !scheme.contains(['/', '?', '#'])
        {
            let scheme = scheme.to_ascii_lowercase();
            assert!(
                matches!(scheme.as_str(), "http" | "https" | "mailto"),
                "link with scheme `{scheme}` allowed: {text:?}"
            );
        }
        assert!(
            !seen.starts_with("//")
                && !seen.starts_with("\\\\")
                && !seen.starts_with("/\\")
                && !seen.starts_with("\\/"),
            "protocol-relative link allowed: {text:?}"
        );
    }
});
