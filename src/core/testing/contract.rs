//! The TypeScript declarations (`src/wasm/types.d.ts`, emitted into the package's `.d.ts`) and
//! the Rust types cannot drift apart: each interface's fields must be exactly the serde fields of
//! its Rust type (or the keys an options reader accepts). Renaming a field on one side only fails
//! here.

use crate::core::audit::AuditEntry;
use crate::core::model::*;
use crate::core::options::calls::*;
use crate::core::options::client::{CLIENT_OPTIONS, RETRY_OPTIONS};
use crate::core::options::decode::fields_of;
use std::collections::BTreeSet;

const DECLARATIONS: &str = include_str!("../../wasm/types.d.ts");

/// Interfaces whose objects the host layer builds by hand (errors, call results that pair two
/// values) or that callers implement (a journal): nothing on the Rust side to compare them with.
const BUILT_BY_HAND: &[&str] = &[
    "ClientDescription",
    "WebhookError",
    "BulkJournal",
    "DeleteInactiveResult",
    "DeleteWhereResult",
    "Cancelled",
    "DeleteWithBackupResult",
];

/// Every `export interface` of the declarations: its own fields and the interfaces it extends.
fn interfaces(text: &str) -> Vec<(String, Vec<String>, BTreeSet<String>)> {
    // Comments first: a field named in a comment is not a field.
    let mut clean = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        clean.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    clean.push_str(rest);
    let clean: String = clean
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    for (at, _) in clean.match_indices("export interface ") {
        let head_end = at + clean[at..].find('{').expect("an interface has a body");
        let head = &clean[at + "export interface ".len()..head_end];
        let (name, extends) = match head.split_once(" extends ") {
            Some((n, e)) => (
                n.trim(),
                e.split(',').map(|s| s.trim().to_string()).collect(),
            ),
            None => (head.trim(), Vec::new()),
        };
        // The body, to its matching brace; fields are the names at depth 0 before `:`, `?:` or `(`.
        let mut depth = 0;
        let mut fields = BTreeSet::new();
        let mut token = String::new();
        let mut previous = ' ';
        for c in clean[head_end..].chars() {
            // The `>` of an arrow (`=>`) closes nothing.
            let c = if c == '>' && previous == '=' { ' ' } else { c };
            previous = c;
            match c {
                '{' | '(' | '<' | '[' => {
                    if depth == 1 && c == '(' && !token.is_empty() {
                        fields.insert(std::mem::take(&mut token));
                    }
                    depth += 1;
                }
                '}' | ')' | '>' | ']' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ':' | '?' if depth == 1 && !token.is_empty() => {
                    fields.insert(std::mem::take(&mut token));
                }
                ':' | '?' => {}
                c if depth == 1 && (c.is_alphanumeric() || c == '_') => token.push(c),
                _ if depth == 1 => token.clear(),
                _ => {}
            }
            if depth != 1 && c != '{' {
                token.clear();
            }
        }
        out.push((name.to_string(), extends, fields));
    }
    out
}

/// An interface's fields, its parents' included.
fn fields_with_parents(
    all: &[(String, Vec<String>, BTreeSet<String>)],
    name: &str,
) -> BTreeSet<String> {
    let (_, extends, own) = all
        .iter()
        .find(|(n, _, _)| n == name)
        .unwrap_or_else(|| panic!("no interface {name}"));
    let mut fields = own.clone();
    for parent in extends.iter().filter(|p| *p != "Error") {
        fields.extend(fields_with_parents(all, parent));
    }
    fields
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Each checked interface and the field names its Rust side declares.
fn rust_side() -> Vec<(&'static str, BTreeSet<String>)> {
    vec![
        ("Webhook", set(fields_of::<Webhook>())),
        ("FinalStatistics", set(fields_of::<FinalStatistics>())),
        ("WebhookPage", set(fields_of::<WebhookPage>())),
        ("WebhookAttempt", set(fields_of::<WebhookAttempt>())),
        ("AttemptPage", set(fields_of::<AttemptPage>())),
        ("DeleteResult", set(fields_of::<DeleteResult>())),
        ("BulkItemResult", set(fields_of::<BulkItem>())),
        ("BulkResult", set(fields_of::<BulkResult>())),
        ("BulkProgress", set(fields_of::<BulkProgress>())),
        ("WebhookBackup", set(fields_of::<WebhookBackup>())),
        ("RestoreResult", set(fields_of::<RestoreResult>())),
        ("RestoreItem", set(fields_of::<RestoreItem>())),
        ("RestoreBulkResult", set(fields_of::<RestoreBulkResult>())),
        ("WebhookFilter", set(fields_of::<WebhookFilter>())),
        ("Selection", set(fields_of::<Selection>())),
        ("DeletePlan", set(fields_of::<DeletePlan>())),
        ("PlanItem", set(fields_of::<PlanItem>())),
        ("WebhookErrorInfo", set(fields_of::<WebhookErrorInfo>())),
        ("AuditEntry", set(fields_of::<AuditEntry>())),
        ("ClientOptions", set(CLIENT_OPTIONS)),
        ("RetryOptions", set(RETRY_OPTIONS)),
        ("CallOptions", set(CALL_OPTIONS)),
        ("ListOptions", set(LIST_OPTIONS)),
        ("ListAllOptions", set(LIST_ALL_OPTIONS)),
        ("ListAttemptsOptions", set(LIST_ATTEMPTS_OPTIONS)),
        ("BulkOptions", set(BULK_OPTIONS)),
        ("DeleteWhereOptions", set(DELETE_WHERE_OPTIONS)),
        ("DeleteInactiveOptions", set(DELETE_INACTIVE_OPTIONS)),
        ("SelectOptions", set(SELECT_OPTIONS)),
        ("RestoreManyOptions", set(RESTORE_MANY_OPTIONS)),
        ("AuditLogOptions", set(AUDIT_LOG_OPTIONS)),
    ]
}

#[test]
fn every_interface_matches_its_rust_type() {
    let all = interfaces(DECLARATIONS);
    let mut drift = Vec::new();
    for (name, rust) in rust_side() {
        let ts = fields_with_parents(&all, name);
        if ts != rust {
            let only_ts: Vec<_> = ts.difference(&rust).collect();
            let only_rust: Vec<_> = rust.difference(&ts).collect();
            drift.push(format!(
                "{name}: only in the .d.ts {only_ts:?}, only in Rust {only_rust:?}"
            ));
        }
    }
    assert!(
        drift.is_empty(),
        "the declarations drifted from the Rust types:\n{}",
        drift.join("\n")
    );
}

#[test]
fn every_interface_is_checked_or_built_by_hand() {
    let checked: Vec<&str> = rust_side().into_iter().map(|(n, _)| n).collect();
    let unclassified: Vec<String> = interfaces(DECLARATIONS)
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| !checked.contains(&n.as_str()) && !BUILT_BY_HAND.contains(&n.as_str()))
        .collect();
    assert!(
        unclassified.is_empty(),
        "interfaces neither checked against Rust nor listed as built by hand: {unclassified:?}"
    );
}

#[test]
fn the_parser_sees_a_renamed_field() {
    let renamed = DECLARATIONS.replace(
        "  webhookId: string; action: AuditAction;",
        "  hookId: string; action: AuditAction;",
    );
    assert_ne!(
        renamed, DECLARATIONS,
        "the field to rename is where the test expects it"
    );
    let all = interfaces(&renamed);
    let ts = fields_with_parents(&all, "AuditEntry");
    assert!(ts.contains("hookId") && !ts.contains("webhookId"));
    assert_ne!(
        ts,
        set(fields_of::<AuditEntry>()),
        "a rename on one side only must be seen as drift"
    );
}
