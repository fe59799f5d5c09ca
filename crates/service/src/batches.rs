//! Idempotent import batches, one rule for every backend: a batch sent again under the same key
//! (a retry after a lost answer) registers nothing twice and gets the first answer's devices as
//! they are now; a key reused for other devices is refused. Keys are remembered for a day.

use crate::device::{Device, Millis, Profile, RealTime, DAY};
use crate::service::{ActionError, Service, Submission};
use crate::unit::Changes;
use autopilot_hash::sha256x4;
use serde::{Deserialize, Serialize};

/// How long an import batch's key is remembered (real time).
pub const BATCH_RETENTION: Millis = DAY;

/// Longest idempotency key accepted (a UUID is 36 characters).
pub const MAX_KEY_LEN: usize = 255;

/// An import batch remembered under its idempotency key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    /// The client's key.
    pub key: String,
    /// [`digest`] of what the batch asked for, to refuse a key reused for other devices.
    pub digest: String,
    /// The ids the batch's devices got, in request order.
    pub ids: Vec<String>,
    /// When it was first accepted (real time).
    pub created_at: RealTime,
}

impl Batch {
    /// Whether the key is forgotten at real time `now`: a batch this old is a new batch.
    pub fn is_expired(&self, real_now: RealTime) -> bool {
        real_now - self.created_at > BATCH_RETENTION
    }
}

/// Whether `key` can name a batch: 1 to [`MAX_KEY_LEN`] visible ASCII characters.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= MAX_KEY_LEN && key.bytes().all(|b| b.is_ascii_graphic())
}

/// SHA-256 (hex) of what a batch asks for: the profile and every field of every device, each
/// length-prefixed so that no two different batches write the same bytes. Not of the request's
/// bytes: a client may serialise a retry differently.
pub fn digest(profile: Profile, batch: &[Submission]) -> String {
    let mut bytes = Vec::with_capacity(64 + batch.len() * 4_200);
    let mut field = |text: Option<&str>| match text {
        None => bytes.push(0),
        Some(text) => {
            bytes.push(1);
            bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
            bytes.extend_from_slice(text.as_bytes());
        }
    };
    field(Some(profile.id()));
    for s in batch {
        field(Some(&s.serial));
        field(Some(&s.manufacturer));
        field(Some(&s.model));
        field(Some(&s.assigned_user));
        field(s.hardware_hash.as_deref());
        field(s.source.as_ref().map(|s| s.file.as_str()));
        let line = s.source.as_ref().map(|s| s.line.to_string());
        field(line.as_deref());
    }
    sha256x4::digest_one(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// The batch was new: its devices, Registration Pending.
    New(Vec<Device>),
    /// The batch was accepted before under this key: nothing was registered; the first answer's
    /// devices as they are now (those removed since are left out).
    Replayed(Vec<Device>),
}

impl Imported {
    /// The devices of the answer.
    pub fn devices(&self) -> &[Device] {
        match self {
            Imported::New(d) | Imported::Replayed(d) => d,
        }
    }

    /// The devices of the answer, owned.
    pub fn into_devices(self) -> Vec<Device> {
        match self {
            Imported::New(d) | Imported::Replayed(d) => d,
        }
    }
}

impl Service {
    /// Accepts one import batch, at most once per key. `remembered` is what the backend's storage
    /// holds under `key` (expired batches count as absent). A new keyed batch is added to
    /// `changes`, so it is stored in the same transaction as its devices.
    pub fn import(
        &mut self,
        key: Option<&str>,
        remembered: Option<&Batch>,
        batch: Vec<Submission>,
        profile: Profile,
        real_now: RealTime,
        changes: &mut Changes,
    ) -> Result<Imported, ActionError> {
        let Some(key) = key else {
            let added = self.submit(batch, profile, real_now)?;
            changes.put_all(added.iter().map(|d| d.id.clone()));
            return Ok(Imported::New(added));
        };
        if !valid_key(key) {
            return Err(ActionError::Invalid(format!(
                "An idempotency key is 1 to {MAX_KEY_LEN} visible ASCII characters, e.g. a UUID."
            )));
        }
        let digest = digest(profile, &batch);
        if let Some(first) = remembered.filter(|b| b.key == key && !b.is_expired(real_now)) {
            if first.digest != digest {
                return Err(ActionError::KeyReused);
            }
            let devices = self
                .devices_as_asked(&first.ids)
                .into_iter()
                .cloned()
                .collect();
            return Ok(Imported::Replayed(devices));
        }
        let added = self.submit(batch, profile, real_now)?;
        let ids: Vec<String> = added.iter().map(|d| d.id.clone()).collect();
        changes.put_all(ids.iter().cloned());
        changes.remember(Batch {
            key: key.to_owned(),
            digest,
            ids,
            created_at: real_now,
        });
        Ok(Imported::New(added))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::fleet::{self, GenOptions};
    use crate::service::ServiceSettings;
    use crate::time::{Millis, RealTime};
    use crate::unit;

    const NOW: RealTime = RealTime(1_800_000_000_000);

    fn empty() -> Service {
        let mut s = crate::demo::demo(NOW, ServiceSettings::default());
        s.devices.clear();
        s
    }

    fn batch(n: usize, seed: u64) -> Vec<Submission> {
        let options = GenOptions {
            seed,
            hash_len: 400,
            ..GenOptions::default()
        };
        fleet::submissions(n, &options, "a.csv")
    }

    /// Imports as a backend does: look the key up in `stored`, run one unit, keep its batch.
    fn import(
        s: &mut Service,
        stored: &mut Vec<Batch>,
        key: Option<&str>,
        devices: Vec<Submission>,
        at: RealTime,
    ) -> Result<Imported, ActionError> {
        let remembered = key.and_then(|k| stored.iter().find(|b| b.key == k).cloned());
        let (result, changes) = unit::run(s, at, |s, now, changes| {
            s.import(
                key,
                remembered.as_ref(),
                devices,
                Profile::Standard,
                now,
                changes,
            )
        });
        if let Some(batch) = changes.write(s).and_then(|w| w.batch.cloned()) {
            stored.retain(|b| b.key != batch.key);
            stored.push(batch);
        }
        result
    }

    #[test]
    fn a_batch_sent_again_registers_nothing_twice_and_answers_the_first_devices() {
        let mut s = empty();
        let mut stored = Vec::new();
        let first = import(&mut s, &mut stored, Some("k1"), batch(3, 1), NOW).expect("new");
        let Imported::New(added) = &first else {
            panic!("first time is new: {first:?}")
        };
        assert_eq!(stored.len(), 1, "the key is stored with the devices");
        assert_eq!(
            stored[0].ids,
            added.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
        );

        let again = import(
            &mut s,
            &mut stored,
            Some("k1"),
            batch(3, 1),
            NOW + Millis(1_000),
        )
        .expect("ok");
        assert_eq!(s.devices.len(), 3, "nothing registered twice");
        let Imported::Replayed(devices) = again else {
            panic!("a replay: {again:?}")
        };
        let ids: Vec<&str> = devices.iter().map(|d| d.id.as_str()).collect();
        let first_ids: Vec<&str> = added.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids, first_ids,
            "the first answer's devices, in request order"
        );
    }

    #[test]
    fn a_key_reused_for_other_devices_is_refused_without_a_change() {
        let mut s = empty();
        let mut stored = Vec::new();
        import(&mut s, &mut stored, Some("k1"), batch(2, 1), NOW).expect("new");
        let before = s.clone();
        assert_eq!(
            import(
                &mut s,
                &mut stored,
                Some("k1"),
                batch(2, 2),
                NOW + Millis(1)
            ),
            Err(ActionError::KeyReused)
        );
        assert_eq!(s, before);
    }

    #[test]
    fn keys_are_forgotten_after_a_day_and_unkeyed_batches_are_always_new() {
        let mut s = empty();
        let mut stored = Vec::new();
        import(&mut s, &mut stored, Some("k1"), batch(1, 1), NOW).expect("new");
        let later = NOW + BATCH_RETENTION + Millis(1);
        let again = import(&mut s, &mut stored, Some("k1"), batch(1, 1), later).expect("ok");
        assert!(matches!(again, Imported::New(_)), "{again:?}");
        for _ in 0..2 {
            let unkeyed = import(&mut s, &mut stored, None, batch(1, 1), later).expect("ok");
            assert!(matches!(unkeyed, Imported::New(_)));
        }
        assert_eq!(s.devices.len(), 4);
        assert!(matches!(
            import(&mut s, &mut stored, Some("with space"), batch(1, 1), later),
            Err(ActionError::Invalid(_))
        ));
    }

    #[test]
    fn the_digest_sees_every_field_and_no_two_batches_collide_by_concatenation() {
        let base = batch(2, 3);
        let d = |b: &[Submission]| digest(Profile::Standard, b);
        assert_eq!(d(&base), d(&batch(2, 3)));
        assert_ne!(digest(Profile::Kiosk, &base), d(&base));
        let changes: [fn(&mut Submission); 6] = [
            |s| s.serial.push('X'),
            |s| s.manufacturer.push('X'),
            |s| s.model.push('X'),
            |s| s.assigned_user.push('X'),
            |s| s.hardware_hash = None,
            |s| s.source = None,
        ];
        for change in changes {
            let mut other = base.clone();
            change(&mut other[1]);
            assert_ne!(d(&other), d(&base));
        }
        let mut shifted = base.clone();
        shifted[0].serial = "AB".into();
        shifted[0].manufacturer = "C".into();
        let mut moved = base.clone();
        moved[0].serial = "A".into();
        moved[0].manufacturer = "BC".into();
        assert_ne!(d(&shifted), d(&moved));
    }
}
