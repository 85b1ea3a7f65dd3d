//! The window, driven through egui_kittest's accessibility tree. Built only
//! with the `gui` feature.

mod support;

mod layout;
mod review;
mod tools;
mod workbench;
