//! `mdekit-core`: the Microsoft Defender for Endpoint REST API client in pure async Rust.
//!
//! Layout: [`config`] (clouds and hosts), [`auth`] (credentials and token cache), [`builder`]
//! (credential selection, the environment, [`ClientBuilder`]), [`pipeline`]
//! (rate limit -> retry -> auth -> transport), [`odata`] (query options), [`paging`], and one
//! module per API family under [`api`]. No Python here: the bindings crate wraps this.

pub mod api;
#[cfg(feature = "arrow")]
pub mod arrow;
pub mod auth;
pub mod builder;
pub mod client;
pub mod config;
pub mod error;
pub mod odata;
pub mod paging;
pub mod pipeline;

pub use builder::{AppCredential, AppGrant, ClientBuilder};
pub use client::{ClientOptions, CredentialSpec, DefenderClient};
pub use error::{Error, ErrorKind, Result};
