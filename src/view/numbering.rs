//! How steps are numbered, decided once for every renderer and for cross-references.
//!
//! Sections count 1, 2, 3; their steps a, b, c (as in the original procedure); steps nested one
//! level deeper 1, 2, 3; then i, ii, iii; then a, b, c again. The options of a choice are a, b, …
//! A step's full number joins the levels with dots: `2.d.b.3`.

use std::collections::BTreeMap;

use crate::model::{Procedure, Step};

/// The number of the `index`th (0-based) step at `depth` (1 for a section's own steps).
pub fn step_number(depth: usize, index: usize) -> String {
    match depth % 3 {
        1 => letters(index),
        2 => (index + 1).to_string(),
        _ => roman(index + 1),
    }
}

/// The number of the `index`th (0-based) option of a choice.
pub fn option_number(index: usize) -> String {
    letters(index)
}

/// Full numbers of every section, step and option, by id, for `[[#id]]` references.
pub fn paths(procedure: &Procedure) -> BTreeMap<String, String> {
    let mut paths = BTreeMap::new();
    for (index, section) in procedure.sections.iter().enumerate() {
        let number = (index + 1).to_string();
        paths.insert(section.id.value.clone(), number.clone());
        step_paths(&section.steps, &number, 1, &mut paths);
    }
    paths
}

fn step_paths(steps: &[Step], parent: &str, depth: usize, paths: &mut BTreeMap<String, String>) {
    for (index, step) in steps.iter().enumerate() {
        let path = format!("{parent}.{}", step_number(depth, index));
        step_paths(&step.substeps, &path, depth + 1, paths);
        for (index, option) in step.choice.iter().enumerate() {
            let option_path = format!("{path}.{}", option_number(index));
            step_paths(&option.steps, &option_path, depth + 1, paths);
            paths.insert(option.id.value.clone(), option_path);
        }
        paths.insert(step.id.value.clone(), path);
    }
}

/// a, b, …, z, aa, ab, …
fn letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn roman(mut n: usize) -> String {
    const NUMERALS: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_alternate_by_depth() {
        assert_eq!(step_number(1, 3), "d");
        assert_eq!(step_number(2, 2), "3");
        assert_eq!(step_number(3, 1), "ii");
        assert_eq!(step_number(4, 0), "a");
        assert_eq!(option_number(1), "b");
        assert_eq!(letters(26), "aa");
        assert_eq!(roman(14), "xiv");
    }
}
