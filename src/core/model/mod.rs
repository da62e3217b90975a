//! The shapes of the public contract (`../shared/API.md`), named once: each derives its
//! JavaScript/JSON form with serde (camelCase), and the TypeScript declarations in
//! `src/wasm/types.d.ts` are checked against these names by a native test. Imports only `text`.

pub mod backup;
pub mod error;
pub mod metadata;
pub mod plan;
pub mod provider;
pub mod result;
pub mod stats;
pub mod webhook;

pub use backup::{RestoreBulkResult, RestoreItem, RestoreOutcome, RestoreResult, WebhookBackup};
pub use error::{Cause, ErrorCode, WebhookError, WebhookErrorInfo};
pub use metadata::Metadata;
pub use plan::{DeletePlan, PlanItem, PlanKind, Selection, WebhookFilter};
pub use provider::Provider;
pub use result::{BulkItem, BulkOutcome, BulkProgress, BulkResult, DeleteResult, DeletedStatus};
pub use webhook::{
    event_set, AttemptPage, FinalStatistics, Webhook, WebhookAttempt, WebhookPage, WebhookStatus,
};
