//! One unit of work at a time in one tab: a call that changed memory and is waiting for its
//! write must not have another call of the same tab build on that change (if the write then
//! failed, the other call would store part of it). Single-threaded, like the tab.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::poll_fn;
use std::task::{Poll, Waker};

/// Lets one holder through at a time, the others in turn.
#[derive(Default)]
pub struct Gate {
    busy: Cell<bool>,
    waiting: RefCell<VecDeque<Waker>>,
}

/// Held while a unit of work runs; opens the gate for the next when dropped, however the unit
/// ends.
pub struct Pass<'a>(&'a Gate);

impl Gate {
    /// Waits for the gate to be free and takes it.
    pub async fn enter(&self) -> Pass<'_> {
        poll_fn(|cx| {
            if self.busy.get() {
                self.waiting.borrow_mut().push_back(cx.waker().clone());
                Poll::Pending
            } else {
                self.busy.set(true);
                Poll::Ready(())
            }
        })
        .await;
        Pass(self)
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        self.0.busy.set(false);
        let next = self.0.waiting.borrow_mut().pop_front();
        if let Some(next) = next {
            next.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::pin::pin;
    use std::task::Context;

    #[test]
    fn a_second_holder_waits_until_the_first_is_done() {
        let gate = Gate::default();
        let mut cx = Context::from_waker(Waker::noop());
        let first = gate.enter();
        let mut first = pin!(first);
        let Poll::Ready(pass) = first.as_mut().poll(&mut cx) else {
            panic!("the gate is free");
        };
        let second = gate.enter();
        let mut second = pin!(second);
        assert!(second.as_mut().poll(&mut cx).is_pending(), "waits");
        drop(pass);
        assert!(
            second.as_mut().poll(&mut cx).is_ready(),
            "goes once the first is done"
        );
    }
}
