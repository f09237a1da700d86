//! Integration tests: the real binary on real projects, output read back as a user would.

mod common;

mod changes;
mod cli;
mod errors;
mod languages;
mod seed;
mod site;
mod warnings;
