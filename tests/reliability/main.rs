//! Nothing lost: crashes, full disks, locks, history, re-anchoring, fuzzed
//! and hand-made bad inputs, long sessions.

mod support;

mod autosave;
mod bad_inputs;
mod crash;
mod fuzz;
mod history;
mod links;
mod locks;
mod long_session;
mod reanchor;
mod reanchor_edges;
mod save_race;
mod small_holes;
mod special_files;
