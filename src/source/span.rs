//! Values that remember where they were written: [`Span`] (a byte range of a source file),
//! [`Spanned`] (one value and its span) and [`SpannedList`] (a list and the span of each item).
//!
//! The YAML reader ([`super::yaml`]) fills the spans from the parser's own positions, so a
//! problem found after reading ("duplicate id", "unknown key") is reported exactly where the
//! value is written, never where a search for its text would land (such as a comment).
//!
//! In the JSON schemas these wrappers are invisible: a `Spanned<String>` is a string.

use std::borrow::Cow;
use std::ops::{Deref, DerefMut, Range};

/// A byte range of a source file: where a YAML node is written (quotes of a quoted scalar
/// included; [`super::SourceFile::locate_node`] underlines what is between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span as a range of bytes.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A value read from a source file, with where it was written. It reads as the value itself
/// (`Deref`); its `span` is for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it is written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// A value that was not read from a file (a default): its span is empty, at the start.
    pub fn new(value: T) -> Self {
        Spanned {
            value,
            span: Span::default(),
        }
    }
}

impl<T> Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Spanned<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: std::fmt::Display> std::fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<'a, T> IntoIterator for &'a Spanned<T>
where
    &'a T: IntoIterator,
{
    type Item = <&'a T as IntoIterator>::Item;
    type IntoIter = <&'a T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&self.value).into_iter()
    }
}

impl<'a, T> IntoIterator for &'a mut Spanned<T>
where
    &'a mut T: IntoIterator,
{
    type Item = <&'a mut T as IntoIterator>::Item;
    type IntoIter = <&'a mut T as IntoIterator>::IntoIter;
    fn into_iter(self) -> Self::IntoIter {
        (&mut self.value).into_iter()
    }
}

/// In a JSON schema a spanned value is the value.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A list read from a source file, with where each item was written. It reads as the list
/// (`Deref<Target = Vec<T>>`); [`SpannedList::span`] says where an item is.
#[derive(Debug, Clone)]
pub struct SpannedList<T> {
    items: Vec<T>,
    spans: Vec<Span>,
    list: Span,
}

impl<T> Default for SpannedList<T> {
    fn default() -> Self {
        SpannedList {
            items: Vec::new(),
            spans: Vec::new(),
            list: Span::default(),
        }
    }
}

impl<T> SpannedList<T> {
    /// Where the list itself is written.
    pub fn list_span(&self) -> Span {
        self.list
    }

    /// Where the item at `index` is written (an empty span at the start if it was not read
    /// from a file).
    pub fn span(&self, index: usize) -> Span {
        self.spans.get(index).copied().unwrap_or_default()
    }

    /// The items with their spans, in order.
    pub fn spanned(&self) -> impl Iterator<Item = (&T, Span)> {
        self.items
            .iter()
            .enumerate()
            .map(|(index, item)| (item, self.span(index)))
    }
}

impl<T> From<Spanned<Vec<Spanned<T>>>> for SpannedList<T> {
    fn from(list: Spanned<Vec<Spanned<T>>>) -> Self {
        let spans = list.value.iter().map(|item| item.span).collect();
        let items = list.value.into_iter().map(|item| item.value).collect();
        SpannedList {
            items,
            spans,
            list: list.span,
        }
    }
}

impl<T> From<Vec<T>> for SpannedList<T> {
    fn from(items: Vec<T>) -> Self {
        SpannedList {
            items,
            spans: Vec::new(),
            list: Span::default(),
        }
    }
}

impl<T> Deref for SpannedList<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<'a, T> IntoIterator for &'a SpannedList<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

/// In a JSON schema a spanned list is the list.
impl<T: schemars::JsonSchema> schemars::JsonSchema for SpannedList<T> {
    fn inline_schema() -> bool {
        Vec::<T>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        Vec::<T>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        Vec::<T>::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<T>::json_schema(generator)
    }
}

/// Written out as the value (the JSON schemas show a field's default this way).
impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Written out as the list.
impl<T: serde::Serialize> serde::Serialize for SpannedList<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(serializer)
    }
}

impl PartialEq<str> for Spanned<String> {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl PartialEq<&str> for Spanned<String> {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl PartialEq<String> for Spanned<String> {
    fn eq(&self, other: &String) -> bool {
        self.value == *other
    }
}
