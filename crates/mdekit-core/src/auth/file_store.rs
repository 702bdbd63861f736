//! The opt-in persistent cache of the user flows: the refresh token of the signed-in user in a
//! JSON file only its owner can read (mode 0600, written to a temporary file and renamed), so a
//! notebook kernel restart does not force a new sign-in. Entries are keyed by sign-in host,
//! tenant and client, so one file can serve several apps. A file others can read is ignored
//! (and rewritten owner-only on the next sign-in), never trusted.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::user_session::RefreshStore;
use super::Secret;

pub struct FileRefreshStore {
    path: PathBuf,
    key: String,
}

impl fmt::Debug for FileRefreshStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileRefreshStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl FileRefreshStore {
    pub fn new(
        path: impl Into<PathBuf>,
        authority: &str,
        tenant_id: &str,
        client_id: &str,
    ) -> Self {
        FileRefreshStore {
            path: path.into(),
            key: format!(
                "{}|{}|{}",
                authority.trim_end_matches('/'),
                tenant_id.to_ascii_lowercase(),
                client_id.to_ascii_lowercase()
            ),
        }
    }

    fn owner_only(path: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            match std::fs::metadata(path) {
                Ok(m) => m.mode() & 0o077 == 0,
                Err(_) => false,
            }
        }
        #[cfg(not(unix))]
        {
            path.exists()
        }
    }

    fn read_all(&self) -> BTreeMap<String, String> {
        if !Self::owner_only(&self.path) {
            if self.path.exists() {
                tracing::warn!(
                    path = %self.path.display(),
                    "token cache file is readable by others; ignoring it"
                );
            }
            return BTreeMap::new();
        }
        std::fs::read(&self.path)
            .ok()
            .map(Zeroizing::new)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn write_all(&self, entries: &BTreeMap<String, String>) -> std::io::Result<()> {
        let dir = self
            .path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "mdekit-token-cache".into()),
            uuid::Uuid::new_v4()
        ));
        let body = Zeroizing::new(serde_json::to_vec(entries).unwrap_or_default());
        {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options.open(&tmp)?;
            f.write_all(&body)?;
            f.sync_all()?;
        }
        std::fs::rename(&tmp, &self.path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }
}

impl RefreshStore for FileRefreshStore {
    fn load(&self) -> Option<Secret> {
        self.read_all().remove(&self.key).map(Secret::new)
    }

    fn save(&self, token: Option<&Secret>) {
        let mut entries = self.read_all();
        match token {
            Some(t) => entries.insert(self.key.clone(), t.expose().to_owned()),
            None => entries.remove(&self.key),
        };
        if let Err(e) = self.write_all(&entries) {
            tracing::warn!(path = %self.path.display(), "could not write the token cache: {e}");
        }
        for v in entries.values_mut() {
            zeroize::Zeroize::zeroize(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_only_round_trip() {
        let dir = std::env::temp_dir().join(format!("mdekit-cache-{}", uuid::Uuid::new_v4()));
        let path = dir.join("tokens.json");
        let a = FileRefreshStore::new(&path, "https://login", "t", "c1");
        let b = FileRefreshStore::new(&path, "https://login", "t", "c2");
        assert!(a.load().is_none());
        a.save(Some(&Secret::new("rt-a")));
        b.save(Some(&Secret::new("rt-b")));
        assert_eq!(a.load().unwrap().expose(), "rt-a");
        assert_eq!(b.load().unwrap().expose(), "rt-b");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(a.load().is_none());
        }
        a.save(None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
