//! One module per API family. Each operation is written once, here, in async Rust; the Python
//! bindings expose it both blocking and as an awaitable.

pub mod alert_actions;
pub mod alerts;
pub mod graph_security;
pub mod hunting;
pub mod hunting_params;
pub mod hunting_split;
pub mod incidents;
pub mod indicators;
pub mod investigations;
pub mod live_response;
pub mod machine_actions;
pub mod machine_extras;
pub mod machines;
pub mod pivots;
pub mod request;
pub mod security_alerts;

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

use crate::error::{Error, Result};

/// Characters escaped in a path segment (everything that could end or change the segment).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'?')
    .add(b'\\')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

pub(crate) fn encode_segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// Checks an identifier before it goes into a URL path: non-empty, no whitespace or path
/// characters, and only the characters `allowed` accepts.
pub(crate) fn validate_id(what: &str, id: &str, allowed: impl Fn(char) -> bool) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_argument(format!("{what} must not be empty")));
    }
    if id.len() > 256 || !id.chars().all(allowed) {
        return Err(Error::invalid_argument(format!(
            "{what} {id:?} is not a valid identifier"
        )));
    }
    Ok(())
}

/// The documented spelling of an enum value from its catalogue domain, matched without case;
/// `what` names the parameter in the error.
pub(crate) fn canonical(
    what: &str,
    value: &str,
    domain: &'static mdekit_spec::Domain,
) -> Result<&'static str> {
    domain.canonical(value).ok_or_else(|| {
        Error::invalid_argument(format!(
            "{what} {value:?} is not one of {}",
            domain.values.join(", ")
        ))
    })
}
