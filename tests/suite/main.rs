//! Integration tests: the real binary on real projects, output read back as a user would.

mod common;

mod browser;
mod changes;
mod cli;
mod errors;
mod incremental;
mod languages;
mod page_script;
mod scaffold;
mod seed;
mod serve;
mod site;
mod streaming;
mod warnings;
