//! The batch's worker threads: units made in parallel, their results handed to the calling
//! thread as they come.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Runs `work` on `count` items over `threads` threads; `collect` takes the results on the
/// calling thread as they come. Items not started when `stop()` turns true are left out. A
/// worker waits when `collect` falls behind by a few results, so they cannot pile up.
pub(super) fn parallel<R: Send>(
    count: usize,
    threads: usize,
    stop: impl Fn() -> bool + Sync,
    work: impl Fn(usize) -> R + Sync,
    collect: impl FnOnce(Results<R>),
) {
    let next = AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel(2 * threads.max(1));
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, count.max(1)) {
            let tx = tx.clone();
            let (next, work, stop) = (&next, &work, &stop);
            s.spawn(move || {
                loop {
                    if stop() {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        break;
                    }
                    if tx.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        collect(Results { rx });
    });
}

/// The results of [`parallel`]'s workers, as they come.
pub(super) struct Results<R> {
    rx: std::sync::mpsc::Receiver<(usize, R)>,
}

pub(super) enum Next<R> {
    Result(usize, R),
    /// The deadline passed before another result came.
    Deadline,
    /// Every worker has finished and every result was taken.
    End,
}

impl<R> Results<R> {
    /// The next result, waiting for it until `deadline` at most, when there is one.
    pub(super) fn next(&self, deadline: Option<Instant>) -> Next<R> {
        use std::sync::mpsc::RecvTimeoutError;
        let got = match deadline {
            Some(t) => self
                .rx
                .recv_timeout(t.saturating_duration_since(Instant::now())),
            None => self.rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match got {
            Ok((i, r)) => Next::Result(i, r),
            Err(RecvTimeoutError::Timeout) => Next::Deadline,
            Err(RecvTimeoutError::Disconnected) => Next::End,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Next, parallel};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::{Duration, Instant};

    #[test]
    fn parallel_does_every_item_once_on_workers_and_hands_results_to_the_caller() {
        let caller = std::thread::current().id();
        let mut seen = vec![0; 50];
        parallel(
            50,
            2,
            || false,
            |i| (i, std::thread::current().id()),
            |results| {
                while let Next::Result(i, (item, worker)) = results.next(None) {
                    assert_eq!(std::thread::current().id(), caller);
                    assert_ne!(worker, caller);
                    assert_eq!(i, item);
                    seen[i] += 1;
                }
            },
        );
        assert_eq!(seen, vec![1; 50]);
    }

    #[test]
    fn parallel_starts_no_item_once_stopped() {
        let started = AtomicUsize::new(0);
        let mut done = 0;
        parallel(
            1000,
            2,
            || started.load(Ordering::Relaxed) >= 10,
            |_| started.fetch_add(1, Ordering::Relaxed),
            |results| {
                while let Next::Result(..) = results.next(None) {
                    done += 1;
                }
            },
        );
        // Each of the two workers may take one more item between its check and the count.
        let started = started.load(Ordering::Relaxed);
        assert!((10..=11).contains(&started), "{started} started");
        assert_eq!(done, started);
    }

    #[test]
    fn the_caller_hears_of_a_deadline_passed_while_a_worker_is_busy() {
        let mut order = Vec::new();
        parallel(
            2,
            1,
            || false,
            |i| {
                if i == 1 {
                    std::thread::sleep(Duration::from_millis(300));
                }
                i
            },
            |results| {
                let mut deadline = None;
                loop {
                    match results.next(deadline) {
                        Next::Result(i, _) => {
                            order.push(format!("result {i}"));
                            deadline = Some(Instant::now() + Duration::from_millis(20));
                        }
                        Next::Deadline => {
                            order.push("deadline".to_string());
                            deadline = None;
                        }
                        Next::End => break,
                    }
                }
            },
        );
        assert_eq!(order, ["result 0", "deadline", "result 1"]);
    }
}
