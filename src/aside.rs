//! Freeing large values off the thread a build's author waits on. After a save at 10,000
//! initiatives, freeing the last model's and the earlier quarter's records, and the texts
//! of files no problem quotes, took milliseconds each of a build that should take tens.

/// Drops `value` on a thread of its own, so that freeing it does not hold up the build.
pub fn drop_aside<T: Send + 'static>(value: T) {
    // Without a thread (a system that refuses one), it is dropped here.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}
