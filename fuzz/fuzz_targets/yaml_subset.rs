//! The two YAML readers held to each other: whatever document the subset reader accepts,
//! serde-saphyr must read with the same values and the same span for every node and key, as any
//! value, as a procedure and as a group of shared steps (`src/source/yaml/subset.rs`). A
//! difference panics with both readings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|yaml: &str| {
    stepbook::source::yaml::compare::agree_on_all(yaml);
});
