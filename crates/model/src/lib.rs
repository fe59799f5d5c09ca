//! The portal's pure model: what the Devices workspace shows and how its state changes, without a
//! browser. Views ask it ("which actions does this device offer?", "how many rows are left
//! out?") instead of re-deriving a rule; signals in `src/` only wrap it. Tested natively.

pub mod actions;
pub mod auth;
pub mod backend;
pub mod config;
pub mod export;
pub mod index;
pub mod locale;
pub mod reading;
pub mod register;
pub mod selection;
pub mod store;
pub mod users;
pub mod words;
pub mod workspace;
