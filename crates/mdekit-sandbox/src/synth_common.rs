//! What both generators of the synthetic tenant (`synth`: machines and alerts, `synth_hunting`: hunting
//! rows) share: stable file hashes, the seeded user names, rows shaped by a table schema.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Map, Value};

use crate::hunting::Column;

pub(crate) fn hex(rng: &mut ChaCha8Rng, len: usize) -> String {
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[rng.random_range(0..16)]))
        .collect()
}

/// Hashes that stay the same for the same file name across machines, like real binaries.
pub(crate) fn file_hashes(name: &str) -> (String, String, String) {
    let seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    (hex(&mut r, 40), hex(&mut r, 64), hex(&mut r, 32))
}

pub(crate) const USERS: &[&str] = &[
    "adele.vance",
    "alex.wilber",
    "megan.bowen",
    "lee.gu",
    "nestor.wilke",
    "lidia.holloway",
    "joni.sherman",
    "isaiah.langer",
];

pub(crate) fn schema_row(columns: &[Column], mut values: Map<String, Value>) -> Map<String, Value> {
    columns
        .iter()
        .map(|c| {
            (
                c.name.clone(),
                values.remove(&c.name).unwrap_or(Value::Null),
            )
        })
        .collect()
}
