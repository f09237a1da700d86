//! A map that keeps where each of its keys is written, and refuses duplicate keys.
//!
//! The YAML reader already refuses a repeated key in any mapping (at the second key); the
//! check here stays for keys that are equal only once deserialized.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, MapAccess, Visitor};

use crate::source::{Span, Spanned};

/// An ordered map whose YAML form may not repeat a key; it reads as a `BTreeMap`, and
/// [`UniqueMap::span`] says where a key is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueMap<K, V> {
    map: BTreeMap<K, V>,
    spans: BTreeMap<K, Span>,
}

impl<K, V> Default for UniqueMap<K, V> {
    fn default() -> Self {
        UniqueMap {
            map: BTreeMap::new(),
            spans: BTreeMap::new(),
        }
    }
}

impl<K: Ord, V> UniqueMap<K, V> {
    /// Where `key` is written (an empty span at the start if it was not read from a file).
    pub fn span<Q>(&self, key: &Q) -> Span
    where
        K: std::borrow::Borrow<Q>,
        Q: Ord + ?Sized,
    {
        self.spans.get(key).copied().unwrap_or_default()
    }
}

impl<K, V> std::ops::Deref for UniqueMap<K, V> {
    type Target = BTreeMap<K, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

/// In a JSON Schema it is an ordinary map (JSON Schema cannot say "no duplicate keys"; the
/// loader does).
impl<K: schemars::JsonSchema, V: schemars::JsonSchema> schemars::JsonSchema for UniqueMap<K, V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        BTreeMap::<K, V>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BTreeMap::<K, V>::json_schema(generator)
    }
}

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + Ord + Clone + fmt::Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UniqueVisitor<K, V>(PhantomData<(K, V)>);

        impl<'de, K, V> Visitor<'de> for UniqueVisitor<K, V>
        where
            K: Deserialize<'de> + Ord + Clone + fmt::Display,
            V: Deserialize<'de>,
        {
            type Value = UniqueMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut unique = UniqueMap::default();
                while let Some(key) = access.next_key::<Spanned<K>>()? {
                    if unique.map.contains_key(&key.value) {
                        return Err(A::Error::custom(format_args!("duplicate key `{key}`")));
                    }
                    let value = access.next_value()?;
                    unique.spans.insert(key.value.clone(), key.span);
                    unique.map.insert(key.value, value);
                }
                Ok(unique)
            }
        }

        deserializer.deserialize_map(UniqueVisitor(PhantomData))
    }
}
