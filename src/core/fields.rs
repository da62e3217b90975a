//! An object as its host holds it, read field by field: how the core reads what callers pass as
//! options and what servers send in error answers, without a JSON value of its own and without
//! a serde derive per shape. The host implements [`Fields`] over its own values (JavaScript
//! objects; `serde_json` values in native tests).

/// An object as the host holds it.
pub trait Fields {
    /// The object's own keys, in order.
    fn keys(&self) -> Vec<String>;
    /// The value of `key` (`undefined` and `null` read as absent).
    fn field(&self, key: &str) -> Value<'_>;
}

/// One field's value.
pub enum Value<'a> {
    /// Not given (`undefined` or `null`).
    Absent,
    /// `true` or `false`.
    Bool(bool),
    /// A number (any, including non-finite ones).
    Number(f64),
    /// A string.
    Text(String),
    /// An array, item by item.
    List(Vec<Value<'a>>),
    /// A plain object.
    Object(Box<dyn Fields + 'a>),
    /// Anything else (a function, a class instance...).
    Other,
}

#[cfg(test)]
pub mod json {
    //! [`Fields`] over `serde_json` values, for native tests.
    use super::{Fields, Value};

    fn item(v: &serde_json::Value) -> Value<'_> {
        match v {
            serde_json::Value::Null => Value::Absent,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::Text(s.clone()),
            serde_json::Value::Array(items) => Value::List(items.iter().map(item).collect()),
            o @ serde_json::Value::Object(_) => Value::Object(Box::new(o.clone())),
        }
    }

    impl Fields for serde_json::Value {
        fn keys(&self) -> Vec<String> {
            self.as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        }

        fn field(&self, key: &str) -> Value<'_> {
            self.get(key).map_or(Value::Absent, item)
        }
    }
}
