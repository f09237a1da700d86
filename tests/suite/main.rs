//! Integration tests: the real binary on real projects, output read back as a user would.

mod common;

mod bounded;
mod browser;
mod changes;
mod ci_templates;
mod cli;
mod command_line;
mod docs;
mod drift;
mod errors;
mod fuzz_regressions;
mod hostile;
mod images;
mod incremental;
mod inputs;
mod languages;
mod layers;
mod navigation;
mod output;
mod page_markup;
mod page_script;
mod publish;
mod qr;
mod release;
mod scaffold;
mod screens;
mod seed;
mod serve;
mod site;
mod snapshots_model;
mod streaming;
mod verification;
mod verify;
mod warnings;
