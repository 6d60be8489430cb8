//! Gathering a burst of events into one batch.
//!
//! An editor's save is several events on several paths (temp file, rename, delete) within a
//! few milliseconds. notify's debouncers time each path on its own, so such a save could
//! come out as two batches and two rebuilds, the first with the record missing. Here a batch
//! ends only when no event has come for a quiet spell, so a save is always one batch.

use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long the folders must stay quiet before a batch ends. Editors finish a save well
/// within it; a person cannot save twice within it.
pub const QUIET: Duration = Duration::from_millis(40);

/// A batch ends after this long even if events keep coming (a `git checkout` of thousands
/// of files), so the site never falls far behind.
pub const LONGEST: Duration = Duration::from_millis(500);

/// Waits for an event, then gathers every event that follows until `quiet` passes without
/// one or `longest` has passed since the first. None once the sender is gone and nothing
/// is left.
#[cfg(test)]
pub fn collect<T>(events: &Receiver<T>, quiet: Duration, longest: Duration) -> Option<Vec<T>> {
    collect_after(Vec::new(), events, quiet, longest)
}

/// [`collect`], for a batch that has begun with `batch` (events already taken from
/// `events`); it waits for a first event only when `batch` is empty.
pub fn collect_after<T>(
    mut batch: Vec<T>,
    events: &Receiver<T>,
    quiet: Duration,
    longest: Duration,
) -> Option<Vec<T>> {
    if batch.is_empty() {
        batch.push(events.recv().ok()?);
    }
    let started = Instant::now();
    loop {
        let left = longest.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Some(batch);
        }
        match events.recv_timeout(quiet.min(left)) {
            Ok(event) => batch.push(event),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                return Some(batch);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::thread;

    #[test]
    fn events_already_waiting_form_one_batch() {
        let (tx, rx) = mpsc::channel();
        for n in 0..5 {
            tx.send(n).unwrap();
        }
        let batch = collect(&rx, QUIET, LONGEST).unwrap();
        assert_eq!(batch, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_quiet_spell_ends_the_batch() {
        let (tx, rx) = mpsc::channel();
        tx.send(1).unwrap();
        let sender = thread::spawn(move || {
            // Far longer than the quiet spell used below, so the first batch has ended.
            thread::sleep(Duration::from_secs(1));
            tx.send(2).unwrap();
        });
        assert_eq!(
            collect(&rx, Duration::from_millis(10), LONGEST),
            Some(vec![1])
        );
        assert_eq!(
            collect(&rx, Duration::from_millis(10), LONGEST),
            Some(vec![2])
        );
        sender.join().unwrap();
        assert_eq!(collect(&rx, QUIET, LONGEST), None);
    }

    #[test]
    fn a_steady_stream_is_cut_at_the_longest_wait() {
        let (tx, rx) = mpsc::channel();
        let sender = thread::spawn(move || {
            for n in 0.. {
                if tx.send(n).is_err() {
                    break;
                }
                thread::sleep(Duration::from_millis(2));
            }
        });
        let batch = collect(&rx, Duration::from_secs(10), Duration::from_millis(50)).unwrap();
        assert!(!batch.is_empty());
        drop(rx);
        sender.join().unwrap();
    }

    #[test]
    fn a_closed_channel_ends_the_loop() {
        let (tx, rx) = mpsc::channel::<u8>();
        drop(tx);
        assert_eq!(collect(&rx, QUIET, LONGEST), None);
    }
}
