//! The window, driven through egui_kittest's accessibility tree. Built only
//! with the `gui` feature.

mod support;

mod review;
mod suggestions;
mod state;
mod tools;
mod workbench;
