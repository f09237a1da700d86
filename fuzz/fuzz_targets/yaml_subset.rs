//! The two YAML readers held to each other: whatever document the subset reader accepts,
//! serde-saphyr must read with the same values and the same span for every node and key, as any
//! value, as a procedure and as a group of shared steps (`src/source/yaml/subset.rs`). A
//! difference panics with both readings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stepbook::model::{Procedure, SharedGroup};
use stepbook::source::yaml::compare;

fuzz_target!(|yaml: &str| {
    compare::agree_on_any(yaml);
    compare::agree::<Procedure>(yaml);
    compare::agree::<SharedGroup>(yaml);
});
