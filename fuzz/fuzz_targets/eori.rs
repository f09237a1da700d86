//! The EORI validator: never panics, and what it accepts is normalised and accepted again as is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepbook::model::eori;

fuzz_target!(|text: &str| {
    let normal = eori::normalise(text);
    assert_eq!(
        eori::normalise(&normal),
        normal,
        "normalising is idempotent"
    );
    if let Ok(valid) = eori::validate(text) {
        assert_eq!(valid, normal);
        assert_eq!(eori::validate(&valid).ok().as_deref(), Some(valid.as_str()));
        assert!(valid.len() <= 17 && valid.is_ascii());
    }
});
