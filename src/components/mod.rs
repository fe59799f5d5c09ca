//! Reusable view pieces, built on the Fluent 2 tokens of `style/tokens.css`.

pub mod account;
pub mod autopilot;
pub mod badge;
pub mod breadcrumb;
pub mod bulk;
pub mod columns;
pub mod command_bar;
pub mod confirm;
pub mod connection;
pub mod demo_panel;
pub mod device_details;
pub mod device_table;
pub mod drawer;
pub mod empty_state;
pub mod filters;
pub mod hash_help;
pub mod message_bar;
pub mod pager;
pub mod progress;
pub mod register;
pub mod state_summary;
pub mod toast;
