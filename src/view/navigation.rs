//! How procedures are found among many: the index's groups (the site's categories, in their
//! declared order) with its tag chips, and each page's "other procedures" list with previous
//! and next links.
//!
//! Made once per language from the summaries ([`Catalogue::new`]), then asked per page
//! ([`Catalogue::page`]), which costs at most [`NAV_CAP`] links whatever the size of the
//! category: a site of 1 000 procedures in one category stays linear in output, not 1 000
//! links on each of 1 000 pages.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::ProcedureSummary;
use super::prose::localized;
use crate::model::Library;

/// The most procedures a page's navigation lists; a larger category shows the ones around
/// the page and links to the whole category on the index.
pub const NAV_CAP: usize = 10;

/// One group of the index: a category, or the procedures without one.
#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    /// The category id; none for the procedures without a category.
    pub id: Option<String>,
    /// The category's title in the page's language (empty for the procedures without one:
    /// the theme names that group).
    pub title: String,
    /// The category's description in the page's language (may be empty).
    pub description: String,
    /// The group's element id on the index, which pages link to.
    pub anchor: String,
    /// How many procedures at the front of the group follow the category's `order`.
    pub ordered: usize,
    /// The procedures, in the order shown.
    pub procedures: Vec<ProcedureSummary>,
}

/// A tag with the number of procedures that carry it.
#[derive(Debug, Clone, Serialize)]
pub struct TagView {
    /// The tag as written.
    pub name: String,
    /// How many procedures of the language carry it.
    pub count: usize,
}

/// A link to a procedure in a page's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavLink {
    /// Procedure id (its folder and URL segment).
    pub id: String,
    /// Title in the page's language.
    pub title: String,
    /// Whether it is the page itself.
    pub current: bool,
}

/// A page's "other procedures" navigation: its group, a window of it, previous and next.
#[derive(Debug, Clone, Serialize)]
pub struct NavView {
    /// The category's title (empty for the procedures without one, as on the index).
    pub title: String,
    /// The category id, if the page has one.
    pub category: Option<String>,
    /// The group's element id on the index.
    pub anchor: String,
    /// How many procedures the group has.
    pub total: usize,
    /// At most [`NAV_CAP`] procedures around the page, the page among them.
    pub links: Vec<NavLink>,
    /// The position in the group of the first of `links`, from 1 (an ordered list's `start`).
    pub start: usize,
    /// Whether `links` leaves some of the group out (then the template links to the index).
    pub partial: bool,
    /// Whether the page follows its category's order (the list is then numbered).
    pub ordered: bool,
    /// The previous procedure in the category's order.
    pub prev: Option<NavLink>,
    /// The next procedure in the category's order.
    pub next: Option<NavLink>,
}

/// The groups of one language and where each procedure is in them.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The groups, in the order of the index.
    pub groups: Vec<GroupView>,
    /// Every tag, sorted, with its count.
    pub tags: Vec<TagView>,
    /// Whether the site declares categories (else the index is one list without heading).
    pub categorised: bool,
    /// Procedure id → (group, position in the group).
    places: HashMap<String, (usize, usize)>,
}

/// The element id of the group of procedures without a category.
const UNCATEGORISED: &str = "sb-uncategorised";

impl Catalogue {
    /// The groups of `summaries` (one language's procedures): each declared category in its
    /// declared order, the procedures its `order` names first, the others by title; then the
    /// procedures without a category. Empty categories are left out.
    pub fn new(library: &Library, lang: &str, summaries: &[ProcedureSummary]) -> Self {
        let source = library.source_language();
        let categories = &library.site.categories;
        let index_of: HashMap<&str, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        // Per category, its members in the library's order; the rest go to the last bucket.
        let mut buckets: Vec<Vec<&ProcedureSummary>> = vec![Vec::new(); categories.len() + 1];
        for summary in summaries {
            let bucket = summary
                .category
                .as_deref()
                .and_then(|c| index_of.get(c).copied())
                .unwrap_or(categories.len());
            buckets[bucket].push(summary);
        }
        let mut groups = Vec::new();
        for (i, members) in buckets.into_iter().enumerate() {
            if members.is_empty() {
                continue;
            }
            let category = categories.get(i);
            let order: HashMap<&str, usize> = category
                .map(|c| c.order.iter().enumerate().map(|(k, id)| (id.as_str(), k)))
                .into_iter()
                .flatten()
                .collect();
            let (mut ordered, mut rest): (Vec<_>, Vec<_>) = members
                .into_iter()
                .partition(|s| order.contains_key(s.id.as_str()));
            ordered.sort_by_key(|s| order.get(s.id.as_str()).copied());
            // The rest alphabetically by title in the page's language, as a reader looks for
            // them (ids break ties, so the order is the same on every build).
            rest.sort_by_cached_key(|s| (s.title.to_lowercase(), s.id.clone()));
            let count = ordered.len();
            groups.push(GroupView {
                id: category.map(|c| c.id.value.clone()),
                title: category.map_or_else(String::new, |c| {
                    let title = localized(&c.title, lang, source);
                    if title.is_empty() {
                        c.id.value.clone()
                    } else {
                        title.to_string()
                    }
                }),
                description: category.map_or_else(String::new, |c| {
                    localized(&c.description, lang, source).to_string()
                }),
                anchor: category.map_or_else(
                    || UNCATEGORISED.to_string(),
                    |c| format!("category-{}", c.id.as_str()),
                ),
                ordered: count,
                procedures: ordered.into_iter().chain(rest).cloned().collect(),
            });
        }
        let places = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group
                    .procedures
                    .iter()
                    .enumerate()
                    .map(move |(k, s)| (s.id.clone(), (g, k)))
            })
            .collect();
        let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
        for summary in summaries {
            for tag in &summary.tags {
                *tags.entry(tag.as_str()).or_default() += 1;
            }
        }
        Catalogue {
            groups,
            tags: tags
                .into_iter()
                .map(|(name, count)| TagView {
                    name: name.to_string(),
                    count,
                })
                .collect(),
            categorised: !categories.is_empty(),
            places,
        }
    }

    /// The navigation of procedure `id`'s page (none if it is not in this language's list).
    pub fn page(&self, id: &str) -> Option<NavView> {
        let &(g, k) = self.places.get(id)?;
        let group = &self.groups[g];
        let total = group.procedures.len();
        let start = k
            .saturating_sub(NAV_CAP / 2)
            .min(total.saturating_sub(NAV_CAP));
        let end = (start + NAV_CAP).min(total);
        let link = |i: usize| {
            let s = &group.procedures[i];
            NavLink {
                id: s.id.clone(),
                title: s.title.clone(),
                current: i == k,
            }
        };
        let ordered = k < group.ordered;
        Some(NavView {
            title: group.title.clone(),
            category: group.id.clone(),
            anchor: group.anchor.clone(),
            total,
            links: (start..end).map(link).collect(),
            start: start + 1,
            partial: end - start < total,
            ordered,
            prev: (ordered && k > 0).then(|| link(k - 1)),
            next: (ordered && k + 1 < group.ordered).then(|| link(k + 1)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(id: &str, category: Option<&str>) -> ProcedureSummary {
        ProcedureSummary {
            id: id.into(),
            title: id.to_uppercase(),
            summary: String::new(),
            version: "1".into(),
            status: crate::model::Status::Published,
            verification: crate::model::Verification::NotVerified { labels: 0 },
            step_count: 1,
            category: category.map(Into::into),
            tags: Vec::new(),
        }
    }

    fn catalogue(groups: Vec<Vec<usize>>) -> Catalogue {
        // One group of `n` procedures with the first `ordered` in order, built by hand.
        let groups = groups
            .into_iter()
            .map(|g| GroupView {
                id: Some("c".into()),
                title: "C".into(),
                description: String::new(),
                anchor: "category-c".into(),
                ordered: g[1],
                procedures: (0..g[0])
                    .map(|i| summary(&format!("p{i}"), Some("c")))
                    .collect(),
            })
            .collect::<Vec<_>>();
        let places = groups[0]
            .procedures
            .iter()
            .enumerate()
            .map(|(k, s)| (s.id.clone(), (0, k)))
            .collect();
        Catalogue {
            groups,
            tags: Vec::new(),
            categorised: true,
            places,
        }
    }

    #[test]
    fn a_large_category_shows_a_window_around_the_page() {
        let catalogue = catalogue(vec![vec![1000, 0]]);
        for (id, first) in [("p0", "p0"), ("p500", "p495"), ("p999", "p990")] {
            let nav = catalogue.page(id).expect("listed");
            assert_eq!(nav.links.len(), NAV_CAP);
            assert!(nav.partial);
            assert_eq!(nav.links[0].id, first, "{id}");
            assert_eq!(nav.start, first[1..].parse::<usize>().expect("number") + 1);
            assert_eq!(
                nav.links.iter().filter(|l| l.current).count(),
                1,
                "{id} is in its own window"
            );
            assert!(
                nav.prev.is_none() && nav.next.is_none(),
                "no order, no pager"
            );
        }
    }

    #[test]
    fn previous_and_next_follow_the_ordered_part_only() {
        let catalogue = catalogue(vec![vec![4, 2]]);
        let first = catalogue.page("p0").expect("listed");
        assert!(first.prev.is_none());
        assert_eq!(first.next.as_ref().map(|l| l.id.as_str()), Some("p1"));
        let second = catalogue.page("p1").expect("listed");
        assert_eq!(second.prev.as_ref().map(|l| l.id.as_str()), Some("p0"));
        assert!(second.next.is_none(), "p2 is not in the order");
        let unordered = catalogue.page("p2").expect("listed");
        assert!(unordered.prev.is_none() && unordered.next.is_none());
        assert!(!unordered.partial);
        assert_eq!(unordered.links.len(), 4);
    }
}
