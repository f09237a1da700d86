//! Integration tests: the real binary on real projects, output read back as a user would.

mod common;

mod browser;
mod changes;
mod cli;
mod docs;
mod drift;
mod errors;
mod fuzz_regressions;
mod hostile;
mod incremental;
mod inputs;
mod languages;
mod layers;
mod output;
mod page_script;
mod scaffold;
mod seed;
mod serve;
mod site;
mod snapshots_model;
mod streaming;
mod warnings;
