//! The upload's Assigned Users against a real tenant's directory, once the files are read
//! (`portal_model::users`): a few requests at a time, with progress, before Register devices can
//! be selected. A user the directory does not have leaves the row out; one without a licence is a
//! warning. A backend without a directory answers at once, and nothing changes.

use crate::backend::BackendError;
use crate::store::DeviceStore;
use autopilot_i18n::t;
use autopilot_reader::ImportReport;
use leptos::prelude::*;
use leptos::task::spawn_local;
use portal_model::backend::UserStanding;
use portal_model::locale::number;
use portal_model::users::{self, MAX_USERS_CHECKED, USERS_PER_CHECK};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::{Arc, Weak};

/// Requests to the directory at once.
const AT_ONCE: usize = 4;

/// The check of one report at a time; a new report (or none) ends the one before.
#[derive(Clone, Copy)]
pub struct UserCheck {
    /// Users answered and asked about, while checking.
    pub progress: RwSignal<Option<(usize, usize)>>,
    /// What the admin should know about the check (users left unchecked, a failed check).
    pub note: RwSignal<Option<String>>,
    /// Counts checks: an answer to an older one is dropped.
    generation: StoredValue<u64>,
    /// The report last checked, so it is not checked again. Weak, so its memory (and address)
    /// is not reused for another report while it is remembered.
    checked: StoredValue<Option<Weak<ImportReport>>>,
}

/// The directory's answer to one request.
type Answer = Result<Option<Vec<UserStanding>>, BackendError>;

/// What the tasks of one check share.
struct Shared {
    /// The users, [`USERS_PER_CHECK`] a request.
    chunks: Vec<Vec<String>>,
    /// The next request to send.
    next: Cell<usize>,
    /// Users answered.
    done: Cell<usize>,
    /// Tasks still sending.
    running: Cell<usize>,
    /// Each request's answer, in order.
    answers: RefCell<Vec<Option<Answer>>>,
}

impl UserCheck {
    /// Checks every report `report` holds, as it comes.
    pub fn new(report: RwSignal<Option<Arc<ImportReport>>>, store: DeviceStore) -> Self {
        let check = UserCheck {
            progress: RwSignal::new(None),
            note: RwSignal::new(None),
            generation: StoredValue::new(0),
            checked: StoredValue::new(None),
        };
        Effect::new(move |_| match report.get() {
            Some(current) if !check.is_checked(&current) => check.start(current, report, store),
            Some(_) => {}
            None => {
                check.checked.set_value(None);
                check.generation.update_value(|g| *g += 1);
                check.progress.set(None);
                check.note.set(None);
            }
        });
        check
    }

    fn is_checked(&self, report: &Arc<ImportReport>) -> bool {
        self.checked.with_value(|checked| {
            checked
                .as_ref()
                .is_some_and(|c| Weak::ptr_eq(c, &Arc::downgrade(report)))
        })
    }

    /// Takes `report` as checked: what is left of a checked one (a stopped submission's rest).
    pub fn checked_as_is(&self, report: &Arc<ImportReport>) {
        self.checked.set_value(Some(Arc::downgrade(report)));
    }

    fn start(
        self,
        current: Arc<ImportReport>,
        report: RwSignal<Option<Arc<ImportReport>>>,
        store: DeviceStore,
    ) {
        self.generation.update_value(|g| *g += 1);
        let generation = self.generation.get_value();
        self.checked_as_is(&current);
        self.note.set(None);
        let backend = store.backend();
        let (asked, more) = users::to_check(&current);
        if asked.is_empty() || backend.is_demo() {
            self.progress.set(None);
            return;
        }
        let total = asked.len();
        self.progress.set(Some((0, total)));
        let current_check = move || self.generation.try_get_value() == Some(generation);
        // `AT_ONCE` tasks take the next users from one queue; each answer goes in its place.
        let chunks: Vec<Vec<String>> = asked
            .chunks(USERS_PER_CHECK)
            .map(<[String]>::to_vec)
            .collect();
        let shared = Rc::new(Shared {
            next: Cell::new(0),
            done: Cell::new(0),
            running: Cell::new(AT_ONCE),
            answers: RefCell::new((0..chunks.len()).map(|_| None).collect()),
            chunks,
        });
        for _ in 0..AT_ONCE {
            let (shared, backend) = (shared.clone(), backend.clone());
            spawn_local(async move {
                // A new upload, or the fly-in closed: nothing more is asked.
                while current_check() {
                    let i = shared.next.get();
                    let Some(chunk) = shared.chunks.get(i).cloned() else {
                        break;
                    };
                    shared.next.set(i + 1);
                    let n = chunk.len();
                    let answer = backend.check_users(chunk).await;
                    shared.answers.borrow_mut()[i] = Some(answer);
                    shared.done.set(shared.done.get() + n);
                    if current_check() {
                        let _ = self.progress.try_set(Some((shared.done.get(), total)));
                    }
                }
                shared.running.set(shared.running.get() - 1);
                if shared.running.get() == 0 {
                    self.finish(&shared, generation, more, report);
                }
            });
        }
    }

    /// Applies the answers once every task is done.
    fn finish(
        self,
        shared: &Shared,
        generation: u64,
        more: usize,
        report: RwSignal<Option<Arc<ImportReport>>>,
    ) {
        let current_check = self.generation.try_get_value() == Some(generation);
        if !current_check {
            return;
        }
        let mut standings = Vec::new();
        let mut failed = None;
        let answers = shared.answers.take();
        for (chunk, answer) in shared.chunks.iter().zip(answers) {
            match answer.unwrap_or(Ok(None)) {
                Ok(Some(s)) => standings.extend(chunk.iter().cloned().zip(s)),
                Ok(None) => break, // no directory to ask
                Err(err) => {
                    failed = Some(err);
                    break;
                }
            }
        }
        let lang = crate::i18n::lang();
        let note = match failed {
            Some(err) if standings.is_empty() => Some(t!(
                lang,
                "users-not-checked",
                why = err.message(crate::i18n::lang())
            )),
            Some(err) => Some(t!(
                lang,
                "users-partly-checked",
                checked = number(standings.len()),
                total = number(shared.chunks.iter().map(Vec::len).sum()),
                why = err.message(crate::i18n::lang())
            )),
            None if more > 0 => Some(t!(
                lang,
                "users-over-limit",
                count = more,
                n = number(more),
                max = number(MAX_USERS_CHECKED)
            )),
            None => None,
        };
        let _ = self.note.try_set(note);
        if standings.iter().any(|(_, s)| *s != UserStanding::Licensed) {
            let _ = report.try_update(|r| {
                if let Some(r) = r {
                    users::apply(Arc::make_mut(r), &standings, crate::i18n::lang());
                    self.checked_as_is(r);
                }
            });
        }
        let _ = self.progress.try_set(None);
    }
}
