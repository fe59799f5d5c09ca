//! Several tabs on one storage: every write moves a version stamp on and logs which devices it
//! put or removed, in the same transaction, and applies only if the stamp is still the one the
//! writer read ([`crate::storage::Expect`]). A tab that finds a newer stamp reads just the logged
//! devices (or everything, past the log); a tab whose write lost the race reloads and runs its
//! change again. So no write is lost, whichever tab makes it, and no tab leads: closing any of
//! them loses nothing.

use crate::storage::{Expect, Write, META};

/// The stamp's key in the meta store.
pub const VERSION_KEY: &str = "version";

/// How many writes the log keeps; a tab further behind reloads whole.
pub const LOG_KEEP: u64 = 256;

/// A write naming more devices than this logs "everything changed" instead of each id (other
/// tabs reload whole, which is then faster than reading each device).
const MAX_LOGGED_IDS: usize = 2_000;

/// What one write changed, stored as text: `*` for everything, else a line per device, `+id`
/// put or `-id` removed (ids are GUIDs; the first character tells the two apart).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Devices added or changed.
    pub put: Vec<String>,
    /// Devices removed.
    pub removed: Vec<String>,
    /// Too much changed to list: read everything.
    pub whole: bool,
}

impl Entry {
    /// The entry of a write that put and removed these devices.
    pub fn of(put: Vec<String>, removed: Vec<String>) -> Entry {
        if put.len() + removed.len() > MAX_LOGGED_IDS {
            return Entry::whole();
        }
        Entry {
            put,
            removed,
            whole: false,
        }
    }

    /// The entry of a write that replaced everything.
    pub fn whole() -> Entry {
        Entry {
            whole: true,
            ..Entry::default()
        }
    }

    /// The entry as stored.
    pub fn to_text(&self) -> String {
        if self.whole {
            return "*".into();
        }
        let mut text = String::new();
        for (sign, ids) in [('+', &self.put), ('-', &self.removed)] {
            for id in ids {
                text.push(sign);
                text.push_str(id);
                text.push('\n');
            }
        }
        text
    }

    /// A stored entry; `None` when it is not one (read everything then).
    pub fn parse(text: &str) -> Option<Entry> {
        if text == "*" {
            return Some(Entry::whole());
        }
        let mut entry = Entry::default();
        for line in text.lines() {
            match line.split_at_checked(1)? {
                ("+", id) => entry.put.push(id.to_owned()),
                ("-", id) => entry.removed.push(id.to_owned()),
                _ => return None,
            }
        }
        Some(entry)
    }
}

/// The key of version `version`'s log entry in the meta store.
pub fn log_key(version: u64) -> String {
    format!("log:{version:020}")
}

/// The version a stored stamp (the version number as text) names: 0 when there is none
/// (storage written before stamps, or empty); `None` when it cannot be read.
pub fn version_of(raw: Option<&str>) -> Option<u64> {
    match raw {
        None => Some(0),
        Some(text) => text.parse().ok(),
    }
}

/// Makes `write` the write of version `next`: expects the stamp `read` (what the writer read),
/// stores the new stamp and `entry`, and forgets the entry that falls out of the log. Returns
/// the new stamp as stored.
pub fn stamp(write: &mut Write, read: Option<String>, next: u64, entry: &Entry) -> String {
    write.expect = Some(Expect {
        store: META,
        key: VERSION_KEY.into(),
        value: read,
    });
    let stamp = next.to_string();
    write.put(META, VERSION_KEY.into(), stamp.clone());
    write.put(META, log_key(next), entry.to_text());
    if next > LOG_KEEP {
        write.delete(META, log_key(next - LOG_KEEP));
    }
    stamp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_writes_log_everything_and_the_log_is_bounded() {
        let ids = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>();
        assert!(!Entry::of(ids(2_000), Vec::new()).whole);
        assert!(Entry::of(ids(1_500), ids(501)).whole);
        let mut write = Write::default();
        let new = stamp(&mut write, Some("300".into()), 301, &Entry::whole());
        assert_eq!(version_of(Some(&new)), Some(301));
        assert_eq!(write.deletes, vec![(META, log_key(301 - LOG_KEEP))]);
        assert!(log_key(9) < log_key(10), "log keys sort by version");
        assert_eq!(version_of(None), Some(0));
        assert_eq!(version_of(Some("7")), Some(7));
        assert_eq!(version_of(Some("garbage")), None);
        let entry = Entry::of(vec!["a-1".into(), "b-2".into()], vec!["c-3".into()]);
        assert_eq!(Entry::parse(&entry.to_text()), Some(entry));
        assert_eq!(Entry::parse("*"), Some(Entry::whole()));
        assert_eq!(Entry::parse(""), Some(Entry::default()));
        assert_eq!(Entry::parse("?x"), None);
    }
}
