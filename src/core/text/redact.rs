//! Keeping the API key out of everything a server could echo it into.

/// What stands in for the key.
pub const REDACTED: &str = "[redacted]";

/// The forms of a key a server may echo: the key as given and, when it differs, the key as
/// `fetch` sends it (header values lose surrounding whitespace).
pub fn key_forms(key: &str) -> impl Iterator<Item = &str> {
    let trimmed = key.trim_matches(|c| c == ' ' || c == '\t');
    std::iter::once(key)
        .chain((trimmed != key).then_some(trimmed))
        .filter(|k| !k.is_empty())
}

/// `text` with every form of `key` replaced by `[redacted]`.
pub fn redact(text: &str, key: &str) -> String {
    let mut out = text.to_string();
    redact_in_place(&mut out, key);
    out
}

/// Replaces every form of `key` in `text` by `[redacted]`.
pub fn redact_in_place(text: &mut String, key: &str) {
    for form in key_forms(key) {
        if text.contains(form) {
            *text = text.replace(form, REDACTED);
        }
    }
}

/// `text` cut to at most `max` characters (on a character boundary), with `…` when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_the_key_and_its_trimmed_form() {
        assert_eq!(
            redact("bad key sk_1 and sk_1", "sk_1"),
            "bad key [redacted] and [redacted]"
        );
        assert_eq!(redact("got 'sk_2'", "  sk_2 "), "got '[redacted]'");
        assert_eq!(redact("nothing", ""), "nothing");
    }

    #[test]
    fn truncates_on_character_boundaries() {
        assert_eq!(truncate_chars("héllo", 2), "hé…");
        assert_eq!(truncate_chars("hi", 2), "hi");
    }
}
