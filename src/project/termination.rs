//! Being asked to end (SIGTERM, SIGHUP, SIGINT): the program saves what is
//! pending and then ends, instead of ending at once.

/// Calls `on_signal` on a background thread each time the process is asked
/// to end. While registered, those signals no longer end the process: the
/// caller must end it once its work is saved.
#[cfg(unix)]
pub fn on_termination(on_signal: impl Fn() + Send + 'static) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::Builder::new()
        .name("spanwright-signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                on_signal();
            }
        })?;
    Ok(())
}

/// Where there are no such signals, nothing is registered.
#[cfg(not(unix))]
pub fn on_termination(_on_signal: impl Fn() + Send + 'static) -> std::io::Result<()> {
    Ok(())
}
