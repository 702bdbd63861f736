//! One module per API family. Each operation is written once, here, in async Rust; the Python
//! bindings expose it both blocking and as an awaitable.

pub mod alert_actions;
pub mod alerts;
pub mod authenticated_scans;
pub mod device_health;
pub mod exports;
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
pub mod tvm;

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

/// `s` escaped as one URL path segment. Every path parameter goes through here, so this is where
/// a value that would change the path is refused before anything is sent: an empty segment, and
/// `.` or `..` (a URL parser resolves them, escaped as `%2E` or not, to this or the parent path).
pub(crate) fn encode_segment(s: &str) -> Result<String> {
    if is_dot_segment(s) || s.is_empty() {
        return Err(Error::invalid_argument(format!(
            "{s:?} cannot be used in a URL path (it would change the path)"
        )));
    }
    Ok(utf8_percent_encode(s, SEGMENT).to_string())
}

fn is_dot_segment(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
    )
}

/// Checks an identifier before it goes into a URL path: non-empty, no whitespace or path
/// characters, and only the characters `allowed` accepts.
pub(crate) fn validate_id(what: &str, id: &str, allowed: impl Fn(char) -> bool) -> Result<()> {
    if id.is_empty() {
        return Err(Error::invalid_argument(format!("{what} must not be empty")));
    }
    if id.len() > 256 || is_dot_segment(id) || !id.chars().all(allowed) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_refused_everywhere() {
        for id in [".", "..", "%2e", "%2E%2e", ".%2E", ""] {
            assert!(encode_segment(id).is_err(), "{id:?}");
            assert!(validate_id("id", id, |_| true).is_err(), "{id:?}");
        }
        assert_eq!(encode_segment("a.b").unwrap(), "a.b");
        assert_eq!(encode_segment("...").unwrap(), "...");
        assert_eq!(encode_segment("a/..").unwrap(), "a%2F..");
    }
}
