//! The registration API's contract, written once: the server and the portal's HTTP backend both
//! compile it, so a change to a path, a limit or a field breaks both builds, never a demo.
//! [`paths`]: every route; [`limits`]: page sizes, id counts, header names; [`wire`]: Graph's
//! Autopilot shapes with `@mmd.*` annotations; [`time`]: ISO timestamps.

pub mod audit;
pub mod limits;
pub mod paths;
pub mod time;
pub mod wire;

pub use time::{iso, parse_iso, NEVER};
pub use wire::*;
