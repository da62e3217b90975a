//! Decoding the contract's own shapes from callers (filters, plans, backups, audit lines) with
//! their serde derives, the field path kept, failures turned into field-named `invalid_input`
//! messages (`plan.items[2].id is required`).
//!
//! Hosts hand over a serde `Deserializer` (serde-wasm-bindgen in JavaScript, serde_json in native
//! tests). Where unknown keys must be refused (a filter: a typo must never widen a selection),
//! the keys are checked against the names the type's own derive declares ([`fields_of`]).

use crate::core::model::WebhookError;
use crate::core::text::id::id_problem;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt::Display;

/// Checks a caller's webhook id, naming it as `field` (`id`, `ids[3]`) in the error; the name
/// is only formatted for a bad id (`format_args!` keeps a stream of millions cheap).
pub fn check_id(id: &str, field: impl Display) -> Result<(), WebhookError> {
    match id_problem(id) {
        Some(problem) => Err(WebhookError::invalid(format!("{field} {problem}"))),
        None => Ok(()),
    }
}

/// The field names `T`'s derive accepts (with its renames and aliases): the one list of them.
pub fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    /// A deserializer that only notes the fields a struct asks for, then stops.
    struct Names<'a>(&'a mut &'static [&'static str]);
    impl<'de> Deserializer<'de> for Names<'_> {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            *self.0 = fields;
            Err(de::Error::custom("names taken"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }
    let mut names: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut names));
    names
}

/// Refuses a key of `keys` that `T` does not declare, naming it under `root`.
pub fn refuse_unknown<T: DeserializeOwned>(
    keys: &[String],
    root: &str,
    noun: &str,
) -> Result<(), WebhookError> {
    let known = fields_of::<T>();
    match keys.iter().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(WebhookError::invalid(format!(
            "{root}.{k} is not a known {noun}"
        ))),
        None => Ok(()),
    }
}

/// Decodes `T`; a failure becomes `invalid_input` naming the field under `root` (`plan`...).
pub fn decode<'de, T, D>(d: D, root: &str) -> Result<T, WebhookError>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    serde_path_to_error::deserialize::<_, T>(d).map_err(|e| {
        let path = e.path().to_string();
        WebhookError::invalid(field_message(root, &path, &e.inner().to_string()))
    })
}

/// `root` joined with a serde path (`.` is the root itself; `[3]` joins without a dot).
pub fn join_path(root: &str, path: &str) -> String {
    match path {
        "." | "" => root.to_string(),
        p if p.starts_with('[') => format!("{root}{p}"),
        p => format!("{root}.{p}"),
    }
}

/// What a serde type name means to a JavaScript caller.
fn plain(expected: &str) -> String {
    let e = expected.trim().trim_start_matches("one of ");
    match e {
        "f64" | "f32" | "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64" => "a number".into(),
        "a sequence" => "an array".into(),
        "a map" => "an object".into(),
        e if e.starts_with("struct ") => "an object".into(),
        e => e.replace('`', "\""),
    }
}

/// The field-named sentence for serde's message `inner` at `path`.
pub fn field_message(root: &str, path: &str, inner: &str) -> String {
    let field = join_path(root, path);
    if inner.starts_with("unknown field `") {
        return format!("{field} is not a known field");
    }
    if let Some(rest) = inner.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return format!("{field}.{name} is required");
    }
    if inner.starts_with("invalid type")
        || inner.starts_with("invalid value")
        || inner.starts_with("unknown variant")
    {
        if let Some((_, expected)) = inner.rsplit_once(", expected ") {
            return format!("{field} must be {}", plain(expected));
        }
    }
    format!("{field} {inner}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{DeletePlan, WebhookFilter};

    #[test]
    fn messages_name_the_field() {
        assert_eq!(
            field_message(
                "plan",
                "version",
                "invalid type: string \"x\", expected u32"
            ),
            "plan.version must be a number"
        );
        assert_eq!(
            field_message(
                "filter",
                "status",
                "unknown variant `paused`, expected `active` or `inactive`"
            ),
            "filter.status must be \"active\" or \"inactive\""
        );
        assert_eq!(
            field_message(
                "backup",
                ".",
                "invalid type: sequence, expected struct WebhookBackup"
            ),
            "backup must be an object"
        );
        assert_eq!(
            field_message("plan", "items[2]", "missing field `id`"),
            "plan.items[2].id is required"
        );
    }

    #[test]
    fn field_names_come_from_the_derive() {
        assert!(fields_of::<WebhookFilter>().contains(&"inactiveDays"));
        assert_eq!(
            fields_of::<DeletePlan>(),
            [
                "kind",
                "version",
                "provider",
                "baseUrl",
                "createdAt",
                "filter",
                "items"
            ]
        );
        let keys = vec!["inactiveDay".to_string()];
        assert_eq!(
            refuse_unknown::<WebhookFilter>(&keys, "filter", "filter field")
                .unwrap_err()
                .message,
            "filter.inactiveDay is not a known filter field"
        );
    }
}
