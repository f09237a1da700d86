//! Integration tests: the real binary on real projects, output read back as a user would.

mod common;

mod cli;
mod errors;
mod fuzz_regressions;
mod hostile;
mod inputs;
mod languages;
mod output;
mod seed;
mod site;
