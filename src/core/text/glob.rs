//! URL globs of `WebhookFilter.url`: `*` matches any run of characters, `?` exactly one, and
//! everything else itself; the glob must match the whole URL.

/// Whether `text` matches `pattern` as a whole. Iterative, with one backtrack point, so a
/// hostile pattern cannot make it slow (time is at most `pattern × text`).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn matches_whole_urls() {
        assert!(glob_match(
            "https://*.ngrok-free.app/*",
            "https://abc.ngrok-free.app/hooks/exa"
        ));
        assert!(!glob_match(
            "https://*.ngrok-free.app/*",
            "https://abc.example.com/hooks"
        ));
        assert!(glob_match("*", ""));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
        assert!(!glob_match("abc", "abcd"));
        assert!(glob_match("*hooks*", "https://x/hooks/1"));
        assert!(!glob_match("https://x/*", "http://x/a"));
    }

    #[test]
    fn hostile_patterns_stay_linear_enough() {
        let text = "a".repeat(2000);
        assert!(!glob_match(&format!("{}b", "*a".repeat(50)), &text));
    }
}
