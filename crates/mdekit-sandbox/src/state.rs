//! Everything a running sandbox shares between requests and its handle.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, RwLock};

use bytes::Bytes;
use serde_json::{Map, Value};

use crate::auth::{App, Signer};
use crate::books;
use crate::config::{Fault, RequestRecord, SandboxConfig};
use crate::directory::Identity;
use crate::hunting::Tables;
pub use crate::locks::{lock, read, write};
use crate::throttle::Limiter;

/// An entity with its JSON pre-rendered, so list pages are concatenations rather than re-serialisations.
pub struct Entity {
    pub value: Map<String, Value>,
    /// As stored (single GET, `$expand=evidence`).
    pub full: Bytes,
    /// As listed without `$expand`: `evidence` emptied when present.
    pub listed: Bytes,
}

impl Entity {
    pub fn new(mut value: Map<String, Value>) -> Entity {
        value.shift_remove("@odata.context");
        let full = Bytes::from(serde_json::to_vec(&value).unwrap_or_default());
        let listed = match value.get("evidence") {
            Some(Value::Array(a)) if !a.is_empty() => {
                let mut v = value.clone();
                v.insert("evidence".into(), Value::Array(Vec::new()));
                Bytes::from(serde_json::to_vec(&v).unwrap_or_default())
            }
            _ => full.clone(),
        };
        Entity {
            value,
            full,
            listed,
        }
    }
}

#[derive(Default)]
pub struct Store {
    pub items: Vec<Entity>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl Store {
    /// First entity wins on duplicate ids, so loaded data shadows synthetic data.
    pub fn push(&mut self, value: Map<String, Value>) {
        let idx = self.items.len();
        let key = |k: &str| {
            value.get(k).and_then(|v| match v {
                Value::String(s) => Some(s.to_lowercase()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
        };
        if let Some(id) = key("id") {
            self.by_id.entry(id).or_insert(idx);
        }
        if let Some(name) = key("computerDnsName") {
            self.by_name.entry(name).or_insert(idx);
        }
        self.items.push(Entity::new(value));
    }

    pub fn find(&self, id_or_name: &str) -> Option<&Entity> {
        let k = id_or_name.to_lowercase();
        self.by_id
            .get(&k)
            .or_else(|| self.by_name.get(&k))
            .and_then(|i| self.items.get(*i))
    }

    pub fn find_by_id(&self, id: &str) -> Option<&Entity> {
        self.by_id
            .get(&id.to_lowercase())
            .and_then(|i| self.items.get(*i))
    }

    /// Changes the entity with this id in place (re-rendering its JSON) and returns its new value.
    pub fn update(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut Map<String, Value>),
    ) -> Option<Map<String, Value>> {
        let i = *self.by_id.get(&id.to_lowercase())?;
        let e = self.items.get_mut(i)?;
        let mut value = e.value.clone();
        change(&mut value);
        *e = Entity::new(value.clone());
        Some(value)
    }
}

pub struct Records {
    next_seq: u64,
    items: Vec<(u64, RequestRecord)>,
}

pub struct State {
    pub config: SandboxConfig,
    pub base_url: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub signer: Signer,
    pub apps: RwLock<HashMap<String, App>>,
    /// Alerts and machines change (updates, tags, device values), so every read takes the lock.
    pub alerts: RwLock<Store>,
    pub machines: RwLock<Store>,
    pub vulnerabilities: Store,
    pub tables: Tables,
    faults: Mutex<VecDeque<Fault>>,
    records: Mutex<Records>,
    pub limiter: Mutex<Limiter>,
    /// Users, public apps and the state of the user flows.
    pub identity: Identity,
    /// The sandbox clock machine actions progress on.
    pub clock: books::SimClock,
    pub actions: Mutex<books::Actions>,
    pub indicators: Mutex<books::Indicators>,
    pub investigations: Mutex<books::Investigations>,
    pub live_response: Mutex<books::LiveResponse>,
    pub hunting_cpu: Mutex<crate::hunting_limits::CpuMeter>,
    /// What Graph updates and comments set on incidents.
    pub graph: Mutex<books::GraphSecurity>,
    /// Vulnerability management: the tenant's model and the authenticated-scan definitions.
    pub tvm: books::Tvm,
    /// Export file URLs handed out and the spool folder of generated files.
    pub exports: books::ExportBook,
}

/// `/api/v1.0/...` routes like `/api/...`; route segments compare case-insensitively.
pub fn normalise(path: &str) -> String {
    let lower = path.to_lowercase();
    match lower.strip_prefix("/api/v1.0") {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("/api{rest}"),
        _ => lower,
    }
}

pub struct Parts {
    pub config: SandboxConfig,
    pub base_url: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub signer: Signer,
    pub apps: HashMap<String, App>,
    pub alerts: Store,
    pub machines: Store,
    pub vulnerabilities: Store,
    pub tables: Tables,
}

impl State {
    pub fn new(p: Parts) -> State {
        let limiter = Limiter::new(
            p.config.rate_limit_scale,
            p.config.rate_window_scale,
            p.config.quota_time_scale,
        );
        let identity = Identity::seeded(p.config.seed);
        let mut apps = p.apps;
        // The emulated host's managed identity: app roles assigned to its service principal.
        apps.insert(
            identity.managed_identity_client_id.to_ascii_lowercase(),
            App {
                secret: crate::directory::opaque(40),
                roles: [
                    "Alert.Read.All",
                    "Machine.Read.All",
                    "AdvancedQuery.Read.All",
                    crate::auth::GRAPH_HUNTING_ROLE,
                ]
                .iter()
                .map(|r| r.to_string())
                .collect(),
                object_id: uuid::Uuid::new_v4().to_string(),
                ..Default::default()
            },
        );
        let hunting_cpu = crate::hunting_limits::CpuMeter::new(
            p.config.rate_window_scale,
            p.config.quota_time_scale,
        );
        State {
            config: p.config,
            base_url: p.base_url,
            tenant_id: p.tenant_id,
            client_id: p.client_id,
            client_secret: p.client_secret,
            signer: p.signer,
            apps: RwLock::new(apps),
            alerts: RwLock::new(p.alerts),
            machines: RwLock::new(p.machines),
            vulnerabilities: p.vulnerabilities,
            tables: p.tables,
            faults: Mutex::new(VecDeque::new()),
            records: Mutex::new(Records {
                next_seq: 0,
                items: Vec::new(),
            }),
            limiter: Mutex::new(limiter),
            identity,
            clock: Default::default(),
            actions: Default::default(),
            indicators: Default::default(),
            investigations: Default::default(),
            live_response: Default::default(),
            hunting_cpu: Mutex::new(hunting_cpu),
            graph: Default::default(),
            tvm: Default::default(),
            exports: Default::default(),
        }
    }

    pub fn inject(&self, fault: Fault) {
        if fault.count > 0 {
            lock(&self.faults).push_back(fault);
        }
    }

    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// Takes one use of the first queued fault that matches.
    pub fn take_fault(&self, method: &str, norm_path: &str) -> Option<Fault> {
        let mut q = lock(&self.faults);
        let pos = q.iter().position(|f| {
            f.method
                .as_ref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
                && norm_path.starts_with(&normalise(&f.path_prefix))
        })?;
        let f = q.get_mut(pos)?;
        f.count -= 1;
        let hit = f.clone();
        if f.count == 0 {
            q.remove(pos);
        }
        Some(hit)
    }

    pub fn record_start(&self, method: &str, path: &str, query: &str) -> u64 {
        let mut r = lock(&self.records);
        let seq = r.next_seq;
        r.next_seq += 1;
        r.items.push((
            seq,
            RequestRecord {
                method: method.into(),
                path: path.into(),
                query: query.into(),
                status: 0,
                faulted: false,
            },
        ));
        seq
    }

    pub fn record_finish(&self, seq: u64, status: u16, faulted: bool) {
        let mut r = lock(&self.records);
        if let Some((_, rec)) = r.items.iter_mut().rev().find(|(s, _)| *s == seq) {
            rec.status = status;
            rec.faulted = faulted;
        }
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.records)
            .items
            .iter()
            .map(|(_, r)| r.clone())
            .collect()
    }

    pub fn clear_requests(&self) {
        lock(&self.records).items.clear();
    }

    pub fn apps(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, App>> {
        self.apps.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn register_app(&self, client_id: &str, app: App) {
        self.apps
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(client_id.to_ascii_lowercase(), app);
    }
}
