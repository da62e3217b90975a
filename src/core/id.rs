//! Webhook ids: validation, and encoding as exactly one URL path segment.

use super::error::WebhookError;

/// The longest id accepted, in characters.
pub const MAX_ID_CHARS: usize = 512;

/// Checks an id against the contract: 1 to 512 characters, not blank, not `.` or `..`, no control
/// characters. `field` names the argument in the error (e.g. `id` or `ids[3]`).
pub fn validate_id(id: &str, field: &str) -> Result<(), WebhookError> {
    let chars = id.chars().count();
    let problem = if chars == 0 {
        "must not be empty"
    } else if chars > MAX_ID_CHARS {
        "must be at most 512 characters"
    } else if id.trim().is_empty() {
        "must not be blank"
    } else if id == "." || id == ".." {
        "must not be \".\" or \"..\""
    } else if id.chars().any(char::is_control) {
        "must not contain control characters"
    } else {
        return Ok(());
    };
    Err(WebhookError::invalid(format!("{field} {problem}")))
}

/// Percent-encodes `id` as one path segment: everything but RFC 3986 unreserved characters is
/// escaped, so `/`, `?`, `#` and `%` in an id can never change the URL's shape.
pub fn encode_segment(id: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(id.len());
    for &b in id.as_bytes() {
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

/// Encodes a query-string value (same rules as a path segment).
pub fn encode_query(value: &str) -> String {
    encode_segment(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        for id in ["webhook_1234567890", "wh_exa_01", "a", "id with space", "ünïcode", "a/b"] {
            assert!(validate_id(id, "id").is_ok(), "{id}");
        }
        assert!(validate_id(&"x".repeat(512), "id").is_ok());
    }

    #[test]
    fn refuses_bad_ids_naming_the_field() {
        for id in ["", "   ", ".", "..", "a\nb", "a\u{0}b", "\t"] {
            let err = validate_id(id, "ids[2]").unwrap_err();
            assert_eq!(err.code, crate::core::error::ErrorCode::InvalidInput);
            assert!(err.message.starts_with("ids[2] "), "{}", err.message);
        }
        assert!(validate_id(&"x".repeat(513), "id").is_err());
    }

    #[test]
    fn encodes_one_segment() {
        assert_eq!(encode_segment("wh_1"), "wh_1");
        assert_eq!(encode_segment("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
        assert_eq!(encode_segment("../x"), "..%2Fx");
        assert_eq!(encode_segment("é"), "%C3%A9");
    }
}
