//! Quota families: groups of operations that share one documented rate limit.
//!
//! The services count calls per application and tenant, per API (reference `mde-api-core.md`
//! §5.3-5.4, `mde-api-rest.md` §0.4). An operation whose page states "100 calls per minute and
//! 1500 calls per hour" gets the family of the row it belongs to in those tables.

/// Documented allowances; `None` where the page states none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    pub per_minute: Option<u32>,
    pub per_hour: Option<u32>,
}

const fn limits(per_minute: Option<u32>, per_hour: Option<u32>) -> Limits {
    Limits {
        per_minute,
        per_hour,
    }
}

const STANDARD: Limits = limits(Some(100), Some(1_500));

macro_rules! families {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $limits:expr; )*) => {
        /// A group of operations sharing one documented rate limit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Family {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Family {
            /// Every family, in declaration order.
            pub const ALL: &'static [Family] = &[$(Family::$variant),*];

            /// A stable snake_case name for logs, metrics and `mdekit.catalogue()`.
            pub const fn name(self) -> &'static str {
                match self { $(Family::$variant => $name,)* }
            }

            /// The documented allowances.
            pub const fn limits(self) -> Limits {
                match self { $(Family::$variant => $limits,)* }
            }

            /// Position in [`Family::ALL`].
            pub const fn index(self) -> usize {
                self as usize
            }

            pub fn from_name(name: &str) -> Option<Family> {
                Self::ALL.iter().copied().find(|f| f.name() == name)
            }
        }
    };
}

families! {
    /// List, get and update alerts, and the alert-related domains, files, IPs, machine and user.
    Alerts = "alerts", STANDARD;
    /// Batch update of alerts (batch-update-alerts: 10 a minute, 500 an hour).
    AlertsBatchUpdate = "alerts_batch_update", limits(Some(10), Some(500));
    /// Create alert by reference (15 a minute; no hourly limit documented).
    AlertsCreate = "alerts_create", limits(Some(15), None);
    /// List and get machines, find by IP or tag, logon users, machine alerts, tags, device value.
    Machines = "machines", STANDARD;
    /// A machine's discovered vulnerabilities (get-discovered-vulnerabilities: 50 a minute).
    MachineVulnerabilities = "machine_vulnerabilities", limits(Some(50), Some(1_500));
    /// Vulnerability-management reads whose pages state no limit: software, vulnerabilities,
    /// recommendations, scores, remediation activities, a machine's software,
    /// recommendations and missing KBs, the machinesVulnerabilities list.
    Tvm = "tvm", limits(None, None);
    /// List and get machine actions.
    MachineActions = "machine_actions", STANDARD;
    /// Isolate, unisolate, restrict, unrestrict, AV scan, collect package, offboard, stop and
    /// quarantine, cancel.
    MachineActionsWrite = "machine_actions_write", STANDARD;
    /// Get investigation package URI (2 a minute, 120 an hour).
    PackageUri = "package_uri", limits(Some(2), Some(120));
    /// Run live response (10 a minute; 25 concurrent sessions).
    LiveResponse = "live_response", limits(Some(10), None);
    /// Get live response result download link.
    LiveResponseResult = "live_response_result", STANDARD;
    /// Live response library list, upload and delete.
    Library = "library", STANDARD;
    /// Advanced hunting, through either endpoint: MDE's advancedqueries/run documents 45 a
    /// minute and 1,500 an hour; Graph's runHuntingQuery states no call limit and runs on the
    /// same hunting service and tenant CPU quota, so both share one budget.
    Hunting = "hunting", limits(Some(45), Some(1_500));
    /// Indicators list, submit and delete.
    Indicators = "indicators", STANDARD;
    /// Indicators import (30 a minute; no hourly limit documented).
    IndicatorsImport = "indicators_import", limits(Some(30), None);
    /// Indicators batch delete (30 a minute, 1,500 an hour).
    IndicatorsBatchDelete = "indicators_batch_delete", limits(Some(30), Some(1_500));
    /// Files, IPs, domains and users (each page: 100 a minute, 1,500 an hour).
    Pivots = "pivots", STANDARD;
    /// List and get investigations.
    Investigations = "investigations", STANDARD;
    /// Start investigation (50 an hour).
    StartInvestigation = "start_investigation", limits(None, Some(50));
    /// Microsoft Graph security incidents and alerts (v2). Their pages document no rate limit;
    /// Graph throttles with 429 and `Retry-After`, which the retry policy honours, so the
    /// client sets no budget of its own.
    GraphSecurity = "graph_security", limits(None, None);
    /// Device antivirus health, JSON (`/api/deviceavinfo`: 30 a minute, 1,000 an hour).
    DeviceHealth = "device_health", limits(Some(30), Some(1_000));
    /// Authenticated-scan definitions, agents and history (each page: 100 a minute, 1,500 an
    /// hour).
    AuthenticatedScans = "authenticated_scans", STANDARD;
    /// `client.request` calls that match no catalogue entry. Nothing documents their limit, so
    /// they get the allowance most MDE pages state (100 a minute, 1,500 an hour), one budget
    /// for both APIs: a conservative default rather than none.
    Request = "request", STANDARD;
    /// Export assessment JSON responses (`/api/machines/*ByMachine` and the delta export): 30
    /// calls a minute, 1,000 an hour.
    Exports = "exports", limits(Some(30), Some(1_000));
    /// Export assessment via files (`/api/machines/*Export`): 5 calls a minute, 20 an hour.
    ExportFiles = "export_files", limits(Some(5), Some(20));
    /// Requests that are not API operations (pre-signed storage downloads): no limit.
    Other = "other", limits(None, None);
}
