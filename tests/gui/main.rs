//! The window, driven through egui_kittest's accessibility tree. Built only
//! with the `gui` feature.

mod support;

mod help;
mod layout;
mod model_assist;
mod real_use;
mod review;
mod sentence_view;
mod side_panel;
#[cfg(feature = "snapshots")]
mod snapshots;
mod state;
mod suggestions;
mod tools;
mod workbench;
