//! The emulated directory: users, public client apps, pending device codes, refresh tokens and the
//! authorization-code flow's sessions. Plain data the `State` holds; the grants that use it are in
//! `identity` and `user_flows`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

use crate::locks::lock;

/// Delegated permissions of WindowsDefenderATP (reference §2.7) plus Graph's hunting one.
pub const DELEGATED: &[&str] = &[
    "Alert.Read",
    "Alert.ReadWrite",
    "Machine.Read",
    "Machine.ReadWrite",
    "Machine.Isolate",
    "Machine.RestrictExecution",
    "Machine.Scan",
    "Machine.CollectForensics",
    "Machine.Offboard",
    "Machine.StopAndQuarantine",
    "Machine.LiveResponse",
    "Library.Manage",
    "AdvancedQuery.Read",
    "Ti.ReadWrite",
    "File.Read.All",
    "Ip.Read.All",
    "URL.Read.All",
    "User.Read.All",
    "Software.Read",
    "Vulnerability.Read",
    "SecurityRecommendation.Read",
    "Score.Read",
    "RemediationTask.Read",
    crate::auth::GRAPH_HUNTING_ROLE,
];

#[derive(Debug, Clone)]
pub struct User {
    pub upn: String,
    pub password: String,
    pub object_id: String,
    /// Conditional Access demands MFA: the password grant fails (AADSTS50076).
    pub mfa_required: bool,
    /// What the user may do (the MDE RBAC side of user context).
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PublicApp {
    /// Delegated permissions consented for the app.
    pub consented: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DeviceState {
    Pending,
    Approved(String),
    Declined,
    Redeemed,
}

#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub client_id: String,
    pub scope: String,
    pub user_code: String,
    pub expires_at: Instant,
    pub interval: Duration,
    pub last_poll: Option<Instant>,
    pub state: DeviceState,
}

#[derive(Debug, Clone)]
pub struct Grant {
    pub client_id: String,
    pub upn: String,
}

pub struct Identity {
    pub domain: String,
    pub public_client_id: String,
    /// The managed identity of the emulated Azure host (an app registration in `State::apps`).
    pub managed_identity_client_id: String,
    /// The `IDENTITY_HEADER` secret of the App Service-style endpoint.
    pub identity_header: String,
    pub users: Mutex<HashMap<String, User>>,
    pub public_apps: Mutex<HashMap<String, PublicApp>>,
    pub device_codes: Mutex<HashMap<String, DeviceCode>>,
    pub refresh_tokens: Mutex<HashMap<String, Grant>>,
    /// Sign-in sessions and authorization codes of the authorization-code flow (`user_flows`).
    pub pending: Mutex<HashMap<String, Value>>,
}

pub fn random_string(len: usize, alphabet: &[u8]) -> String {
    let mut r = rand::rng();
    (0..len)
        .map(|_| char::from(alphabet[r.random_range(0..alphabet.len())]))
        .collect()
}

pub fn opaque(len: usize) -> String {
    random_string(
        len,
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_",
    )
}

impl Identity {
    /// The seeded directory: one public client app consented for every delegated permission,
    /// `analyst@{domain}` (all permissions) and `mfa.analyst@{domain}` (MFA required).
    pub fn seeded(seed: u64) -> Identity {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_05e7);
        let mut guid = || {
            let mut b = [0u8; 16];
            rng.fill(&mut b);
            uuid::Builder::from_random_bytes(b).into_uuid().to_string()
        };
        let public_client_id = guid();
        let managed_identity_client_id = guid();
        let analyst_oid = guid();
        let mfa_oid = guid();
        let password: String = {
            let mut r = ChaCha8Rng::seed_from_u64(seed ^ 0x9a55);
            (0..16)
                .map(|_| {
                    char::from(
                        b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
                            [r.random_range(0..55)],
                    )
                })
                .collect::<String>()
                + "!7"
        };
        let domain = "contoso-sandbox.onmicrosoft.com".to_string();
        let all: Vec<String> = DELEGATED.iter().map(|s| s.to_string()).collect();
        let mut users = HashMap::new();
        for (name, oid, mfa) in [
            ("analyst", analyst_oid, false),
            ("mfa.analyst", mfa_oid, true),
        ] {
            let upn = format!("{name}@{domain}");
            users.insert(
                upn.clone(),
                User {
                    upn,
                    password: password.clone(),
                    object_id: oid,
                    mfa_required: mfa,
                    permissions: all.clone(),
                },
            );
        }
        let mut apps = HashMap::new();
        apps.insert(public_client_id.clone(), PublicApp { consented: all });
        Identity {
            domain,
            public_client_id,
            managed_identity_client_id,
            identity_header: opaque(32),
            users: Mutex::new(users),
            public_apps: Mutex::new(apps),
            device_codes: Mutex::new(HashMap::new()),
            refresh_tokens: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashMap::new()),
        }
    }

    pub fn default_user(&self) -> User {
        lock(&self.users)
            .get(&format!("analyst@{}", self.domain))
            .cloned()
            .unwrap_or_else(|| User {
                upn: String::new(),
                password: String::new(),
                object_id: String::new(),
                mfa_required: false,
                permissions: Vec::new(),
            })
    }

    pub fn add_user(&self, user: User) {
        lock(&self.users).insert(user.upn.to_ascii_lowercase(), user);
    }

    pub fn user(&self, upn: &str) -> Option<User> {
        lock(&self.users).get(&upn.to_ascii_lowercase()).cloned()
    }

    pub fn add_public_app(&self, client_id: &str, consented: Vec<String>) {
        lock(&self.public_apps).insert(client_id.to_ascii_lowercase(), PublicApp { consented });
    }

    pub fn public_app(&self, client_id: &str) -> Option<PublicApp> {
        lock(&self.public_apps)
            .get(&client_id.to_ascii_lowercase())
            .cloned()
    }

    pub fn new_refresh_token(&self, grant: Grant) -> String {
        let token = format!("0.A{}", opaque(120));
        lock(&self.refresh_tokens).insert(token.clone(), grant);
        token
    }

    /// Redeems (and so revokes) a refresh token: Entra rotates them on use.
    pub fn take_refresh_token(&self, token: &str) -> Option<Grant> {
        lock(&self.refresh_tokens).remove(token)
    }

    /// Revokes every refresh token of `upn` (tests: a password change, an admin revocation).
    pub fn revoke_refresh_tokens(&self, upn: &str) {
        lock(&self.refresh_tokens).retain(|_, g| !g.upn.eq_ignore_ascii_case(upn));
    }
}
