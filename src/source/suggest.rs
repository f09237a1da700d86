//! "Did you mean …?": the known name closest to one that was mistyped.
//!
//! The distance is strsim's optimal string alignment (Damerau–Levenshtein without repeated
//! edits: a swapped pair of letters counts once). A name is suggested only when it is close
//! enough to be the same name mistyped: at most one edit for every three characters (rustc's
//! rule), so `sav` finds `save` but `vat` does not find `email`.

/// The candidate closest to `wanted`, if one is close enough to be a typo of it. Among equally
/// close candidates the first in `candidates`' order wins, so the answer is deterministic when
/// the candidates come in a fixed order.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (wanted.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == wanted {
            continue;
        }
        let distance = strsim::osa_distance(wanted, candidate);
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, name)| name.to_string())
}

/// The words added to a message for a suggestion: `; did you mean `x`?`, or nothing.
pub fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion
        .as_ref()
        .map(|name| format!("; did you mean `{name}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_nothing_else() {
        let labels = ["app:save", "app:open", "species-plus:search"];
        assert_eq!(closest("app:sav", labels).as_deref(), Some("app:save"));
        assert_eq!(
            closest("species-plus:serach", labels).as_deref(),
            Some("species-plus:search")
        );
        assert_eq!(closest("app:delete", labels), None);
        assert_eq!(closest("vat", ["email", "eori"]), None);
        assert_eq!(closest("x", Vec::<&str>::new()), None);
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        assert_eq!(closest("ab", ["ac", "ad"]).as_deref(), Some("ac"));
    }

    #[test]
    fn words_for_a_suggestion() {
        assert_eq!(did_you_mean(&Some("a".into())), "; did you mean `a`?");
        assert_eq!(did_you_mean(&None), "");
    }
}
