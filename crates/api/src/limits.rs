//! The API's limits and header names: one constant each, used by the server to enforce them and
//! by the portal to stay within them.

pub use autopilot_service::bulk::MAX_BULK;
pub use autopilot_service::service::MAX_BATCH;

/// Devices per list page when `$top` is absent.
pub const DEFAULT_TOP: usize = 100;

/// Largest `$top`: the portal lists the tenant in pages of this size.
pub const MAX_TOP: usize = 1_000;

/// Most ids one `devices:query` may ask for: the portal follows pending devices in chunks of it.
pub const MAX_QUERY_IDS: usize = 1_000;

/// Most devices one demo sign-in may name (a whole large tenant, in one transaction).
pub const MAX_SIGN_IN_IDS: usize = 100_000;

/// Most days one clock advance may move.
pub const MAX_ADVANCE_DAYS: u32 = 3_650;

/// Request header naming an import batch, so a retried batch is never registered twice.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// Request header of OData preferences; `return=minimal` asks an import's answer to leave the
/// hardware hashes out (the client sent them, and they are most of the bytes).
pub const PREFER: &str = "prefer";

/// The preference that leaves the hashes out of an import's answer.
pub const RETURN_MINIMAL: &str = "return=minimal";

/// Response header naming the preferences the server applied.
pub const PREFERENCE_APPLIED: &str = "preference-applied";

/// Response header set on the answer to a batch sent again under its key.
pub const REPLAYED: &str = "idempotent-replayed";

/// Response header carrying the request id (as Graph names it).
pub const REQUEST_ID: &str = "request-id";

/// Request header a client may send to correlate; echoed back unchanged.
pub const CLIENT_REQUEST_ID: &str = "client-request-id";
