//! A faithful local emulator of the Entra ID token endpoint, the Microsoft Defender for Endpoint REST API and
//! Microsoft Graph's `runHuntingQuery`, for tests, notebooks and the `mdekit sandbox` command.
//!
//! Behaviour follows `reference/mde-api-core.md`; where the documentation is unsure, the module that makes the
//! choice says which documented behaviour it picked.

mod actions;
mod alerts;
mod assertion;
mod auth;
mod books;
mod config;
mod conn;
mod directory;
mod discovery;
mod error;
mod export_rows;
mod exports;
mod extract;
mod graph_security;
mod hunting;
mod hunting_api;
mod hunting_limits;
mod identity;
mod indicators;
mod investigations;
mod kql;
mod kql_value;
mod live_response;
mod load;
mod locks;
mod machine_extras;
mod machines;
mod managed_identity;
mod middleware;
mod odata;
mod pivots;
mod respond;
mod router;
mod server;
mod state;
mod synth;
mod synth_common;
mod synth_hunting;
mod throttle;
mod time;
mod tls;
mod token;
mod tvm;
mod tvm_model;
mod user_flows;

pub use config::{Fault, FaultKind, RequestRecord, SandboxConfig, SandboxError};
pub use hunting_limits::HuntingLimits;
pub use server::Sandbox;
