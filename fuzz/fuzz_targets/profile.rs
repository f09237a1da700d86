//! The company profile (`--profile`): whatever the text, a profile is read into values or
//! positioned problems, never a panic; an accepted EORI is normalised, and every problem quotes
//! at most a window of its line (a long line is never copied whole into a diagnostic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepbook::load::profile;
use stepbook::model::eori;
use stepbook::source::SourceFile;

fuzz_target!(|text: &str| {
    let file = SourceFile::new("company.yaml", text.to_string());
    match profile::parse(&file) {
        Ok(values) => {
            if let Some(value) = values.get("eori") {
                assert_eq!(eori::validate(value).ok().as_deref(), Some(value.as_str()));
            }
        }
        Err(problems) => {
            assert!(!problems.is_empty());
            for problem in problems {
                let at = &problem.location;
                assert!(at.line >= 1 && at.column >= 1);
                assert!(
                    at.source_line.len() <= 400,
                    "quoted {} bytes",
                    at.source_line.len()
                );
                let _ = problem.to_string();
            }
        }
    }
});
