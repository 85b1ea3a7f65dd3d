//! Where the window placed what a real-window test needs to click: with
//! `SPANWRIGHT_PROBE=FILE` set, each frame that changes them writes the
//! rectangles of a few named widgets, and of the first occurrence in the
//! shown text of each phrase listed in `SPANWRIGHT_PROBE_TEXT` (separated
//! by `|`), to FILE as JSON, in physical pixels from the window's corner.
//! Without the variable nothing is recorded or written.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use super::app::SpanwrightApp;
use super::document_view::Selection;

struct Config {
    file: PathBuf,
    phrases: Vec<String>,
}

fn config() -> Option<&'static Config> {
    static CONFIG: OnceLock<Option<Config>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let file = PathBuf::from(std::env::var_os("SPANWRIGHT_PROBE")?);
            let phrases = std::env::var("SPANWRIGHT_PROBE_TEXT")
                .unwrap_or_default()
                .split('|')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect();
            Some(Config { file, phrases })
        })
        .as_ref()
}

type Rects = BTreeMap<String, [f32; 4]>;

fn rects_id() -> egui::Id {
    egui::Id::unique("spanwright-probe-rects")
}

/// Notes where the widget `name` was drawn this frame.
pub fn record(ctx: &egui::Context, name: &str, rect: egui::Rect) {
    if config().is_none() {
        return;
    }
    ctx.data_mut(|data| {
        data.get_temp_mut_or_default::<Rects>(rects_id())
            .insert(name.to_owned(), [rect.min.x, rect.min.y, rect.max.x, rect.max.y]);
    });
}

/// Writes what this frame placed, if it differs from the last write. A
/// frame whose actions changed the state drew the state before them: it is
/// not written, and the next frame (asked for here) draws and writes the new.
pub fn flush(ctx: &egui::Context, app: &SpanwrightApp, acted: bool) {
    let Some(config) = config() else {
        return;
    };
    let widgets = ctx.data_mut(|data| data.remove_temp::<Rects>(rects_id()).unwrap_or_default());
    if acted {
        ctx.request_repaint();
        return;
    }
    let mut phrases = Rects::new();
    if let Some(open) = app.shown_document() {
        let text = open.document().text();
        for phrase in &config.phrases {
            if let Some(rect) = phrase_rect(app, text, phrase) {
                phrases.insert(phrase.clone(), rect);
            }
        }
    }
    let scale = ctx.pixels_per_point();
    let to_pixels = |rects: Rects| -> Rects { rects.into_iter().map(|(k, r)| (k, r.map(|v| v * scale))).collect() };
    let report = serde_json::json!({
        "annotator": app.annotator(),
        "document": app.workspace().and_then(|w| w.current.clone()),
        "window_focused": ctx.input(|i| i.focused),
        "dialog_open": app.dialogs.is_modal_open(),
        "typing": ctx.text_edit_focused(),
        "annotator_draft": app.dialogs.annotator_draft,
        "selected": selected(app),
        "note_draft": note_draft(app),
        "widgets": to_pixels(widgets),
        "text": to_pixels(phrases),
    });
    let json = report.to_string();
    let last_id = egui::Id::unique("spanwright-probe-last");
    if ctx.data(|d| d.get_temp::<String>(last_id)).as_deref() == Some(json.as_str()) {
        return;
    }
    let partial = config.file.with_extension("partial");
    // Written beside and renamed, so a reader never sees half a file.
    if std::fs::write(&partial, &json).is_ok() && std::fs::rename(&partial, &config.file).is_ok() {
        ctx.data_mut(|d| d.insert_temp(last_id, json));
    }
}

/// The note being typed for the selected entity, if any.
fn note_draft(app: &SpanwrightApp) -> Option<String> {
    let Selection::Entity(id) = app.selection() else {
        return None;
    };
    app.draft(&super::store::DraftField::EntityNote(id.clone()))
        .map(str::to_owned)
}

/// What is selected: its kind, text and label.
fn selected(app: &SpanwrightApp) -> serde_json::Value {
    let Some(open) = app.shown_document() else {
        return serde_json::Value::Null;
    };
    let slice = |start: usize, end: usize| open.document().slice(start, end).unwrap_or_default().to_owned();
    match app.selection() {
        Selection::Nothing => serde_json::Value::Null,
        Selection::Text { start, end } => serde_json::json!({"kind": "text", "text": slice(*start, *end)}),
        Selection::Entity(id) => match open.set().entity(id) {
            Some(e) => serde_json::json!({
                "kind": "entity", "label": e.label, "text": slice(e.start, e.end), "note": e.note,
            }),
            None => serde_json::Value::Null,
        },
        Selection::Relation(id) => match open.set().relation(id) {
            Some(r) => serde_json::json!({"kind": "relation", "label": r.label}),
            None => serde_json::Value::Null,
        },
    }
}

/// From the left edge of the phrase's first character to the right edge of
/// its last, where both are on screen.
fn phrase_rect(app: &SpanwrightApp, text: &str, phrase: &str) -> Option<[f32; 4]> {
    let byte = text.find(phrase)?;
    let start = text[..byte].chars().count();
    let last = start + phrase.chars().count().checked_sub(1)?;
    let first = app.char_rect(start)?;
    let end = app.char_rect(last)?;
    Some([first.min.x, first.min.y, end.max.x, end.max.y])
}
