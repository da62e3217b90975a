//! Reading a caller's option object field by field, each refusal naming the field
//! (`options.retry.maxRetries must be an integer from 0 to 100`). The host implements
//! [`Fields`] over its own values (JavaScript objects); the readers here are the one place that
//! knows each option's type and range.
//!
//! Options are read this way rather than through serde derives because they are many small
//! shapes, read once per call: one reader over a trait object keeps the library small, where a
//! derive per shape (and per deserializer) would multiply the code shipped to every browser.

pub use crate::core::fields::{Fields, Value};
use crate::core::model::WebhookError;

/// An option object at a path (`options`, `options.retry`).
pub struct Reader<'a> {
    fields: &'a dyn Fields,
    path: &'a str,
}

fn invalid(path: &str, key: &str, what: &str) -> WebhookError {
    WebhookError::invalid(format!("{path}.{key} {what}"))
}

impl<'a> Reader<'a> {
    /// Reads `fields`, naming it `path` in errors.
    pub fn new(fields: &'a dyn Fields, path: &'a str) -> Self {
        Reader { fields, path }
    }

    /// Refuses any key not in `known`: a typo such as `timeout` for `timeoutMs` must not be
    /// silently ignored.
    pub fn known(&self, known: &[&str]) -> Result<(), WebhookError> {
        match self
            .fields
            .keys()
            .into_iter()
            .find(|k| !known.contains(&k.as_str()))
        {
            Some(k) => Err(invalid(self.path, &k, "is not a known option")),
            None => Ok(()),
        }
    }

    /// A string field.
    pub fn string(&self, key: &str) -> Result<Option<String>, WebhookError> {
        match self.fields.field(key) {
            Value::Absent => Ok(None),
            Value::Text(s) => Ok(Some(s)),
            _ => Err(invalid(self.path, key, "must be a string")),
        }
    }

    /// A boolean field.
    pub fn boolean(&self, key: &str) -> Result<Option<bool>, WebhookError> {
        match self.fields.field(key) {
            Value::Absent => Ok(None),
            Value::Bool(b) => Ok(Some(b)),
            _ => Err(invalid(self.path, key, "must be a boolean")),
        }
    }

    /// A number field in `min..=max` (whole when `integer`).
    pub fn number(
        &self,
        key: &str,
        min: f64,
        max: f64,
        integer: bool,
    ) -> Result<Option<f64>, WebhookError> {
        match self.fields.field(key) {
            Value::Absent => Ok(None),
            Value::Number(n)
                if n.is_finite() && n >= min && n <= max && (!integer || n.fract() == 0.0) =>
            {
                Ok(Some(n))
            }
            _ => {
                let kind = if integer { "an integer" } else { "a number" };
                Err(invalid(
                    self.path,
                    key,
                    &format!("must be {kind} from {} to {}", min as i64, max as i64),
                ))
            }
        }
    }

    /// A string field that must be one of `choices` (returned as the matching choice).
    pub fn choice(
        &self,
        key: &str,
        choices: &[&'static str],
    ) -> Result<Option<&'static str>, WebhookError> {
        match self.fields.field(key) {
            Value::Absent => Ok(None),
            Value::Text(s) => choices
                .iter()
                .find(|c| **c == s)
                .copied()
                .map(Some)
                .ok_or_else(|| self.choice_error(key, choices)),
            _ => Err(self.choice_error(key, choices)),
        }
    }

    fn choice_error(&self, key: &str, choices: &[&str]) -> WebhookError {
        let list: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
        invalid(self.path, key, &format!("must be {}", list.join(" or ")))
    }

    /// The raw value of `key`, for fields of more than one type (`retry: object | false`).
    pub fn value(&self, key: &str) -> Value<'_> {
        self.fields.field(key)
    }

    /// The path of a nested field (`options.retry`).
    pub fn path_of(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }
}
