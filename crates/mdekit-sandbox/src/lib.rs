//! A faithful local emulator of the Entra ID token endpoint, the Microsoft Defender for Endpoint REST API and
//! Microsoft Graph's `runHuntingQuery`, for tests, notebooks and the `mdekit sandbox` command.
//!
//! Behaviour follows `reference/mde-api-core.md`; where the documentation is unsure, the module that makes the
//! choice says which documented behaviour it picked.

mod api;
mod auth;
mod config;
mod hunting;
mod hunting_limits;
mod kql;
mod load;
mod odata;
mod server;
mod state;
mod synth;
mod synth_hunting;
mod throttle;
mod time;

pub use config::{Fault, FaultKind, RequestRecord, SandboxConfig, SandboxError};
pub use hunting_limits::HuntingLimits;
pub use server::Sandbox;
