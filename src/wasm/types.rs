//! The TypeScript declarations of the contract's shapes (`types.d.ts`, emitted into the
//! package's `.d.ts`), and the argument types that name them in method signatures. A native
//! test checks every interface against the serde fields of its Rust type.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    /// `CallOptions`, as an optional last argument.
    #[wasm_bindgen(typescript_type = "CallOptions")]
    pub type CallOptionsArg;
    /// `ListOptions`.
    #[wasm_bindgen(typescript_type = "ListOptions")]
    pub type ListOptionsArg;
    /// `ListAllOptions`.
    #[wasm_bindgen(typescript_type = "ListAllOptions")]
    pub type ListAllOptionsArg;
    /// `ListAttemptsOptions`.
    #[wasm_bindgen(typescript_type = "ListAttemptsOptions")]
    pub type ListAttemptsOptionsArg;
    /// `BulkOptions`.
    #[wasm_bindgen(typescript_type = "BulkOptions")]
    pub type BulkOptionsArg;
    /// `DeleteWhereOptions`.
    #[wasm_bindgen(typescript_type = "DeleteWhereOptions")]
    pub type DeleteWhereOptionsArg;
    /// `DeleteInactiveOptions`.
    #[wasm_bindgen(typescript_type = "DeleteInactiveOptions")]
    pub type DeleteInactiveOptionsArg;
    /// `SelectOptions`.
    #[wasm_bindgen(typescript_type = "SelectOptions")]
    pub type SelectOptionsArg;
    /// `AuditLogOptions`.
    #[wasm_bindgen(typescript_type = "AuditLogOptions")]
    pub type AuditLogOptionsArg;
    /// `RestoreManyOptions`.
    #[wasm_bindgen(typescript_type = "RestoreManyOptions")]
    pub type RestoreManyOptionsArg;
}
