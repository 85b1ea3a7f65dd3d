//! The right panel: the label palette, the selected annotation's editor and
//! the lists of entities and relations.

use super::actions::Action;
use super::app::SpanwrightApp;
use super::document_view::Selection;
use super::keyboard::shadowing_command;
use super::review::{self, Mode};
use super::store::DraftField;
use crate::annotations::{AttributeValue, Entity, Relation};
use crate::project::OpenDocument;
use crate::schema::LabelSchema;

/// Narrowest and widest the panel can be dragged to; never more than this
/// share of the window, so the text keeps room in a small window.
const PANEL_WIDTHS: std::ops::RangeInclusive<f32> = 200.0..=720.0;
const MAX_PANEL_SHARE: f32 = 0.38;

/// The panel has the width the user dragged it to (remembered in the
/// settings), whatever its contents: long rows are cut, never widen it, so
/// the text beside it never re-wraps. The label palette has a fixed place at
/// the top; the rest scrolls below it.
pub fn ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    remember_shown_document(app);
    let widest = (ui.ctx().content_rect().width() * MAX_PANEL_SHARE).clamp(*PANEL_WIDTHS.start(), *PANEL_WIDTHS.end());
    let width = app.settings.side_panel_width.clamp(*PANEL_WIDTHS.start(), widest);
    let left = ui.ctx().content_rect().max.x - width;
    ui.ctx().data_mut(|d| d.insert_temp(left_edge_id(), left));
    // An exact size: what the panel holds can never widen it. Its left edge
    // is a handle of our own that changes the remembered width.
    let shown = egui::Panel::right("side-panel")
        .resizable(false)
        .default_size(width)
        .size_range(width..=width)
        .show(ui, |ui| {
            // A row wider than the panel (a long suggestion) scrolls sideways
            // inside it: egui would otherwise move the panel's reserved edge.
            let inner_width = ui.available_width();
            egui::ScrollArea::horizontal()
                .id_salt("side-panel-overflow")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.set_max_width(inner_width);
                    panel_contents_ui(ui, app, actions);
                });
        });
    let edge = shown.response.rect;
    let handle = egui::Rect::from_min_max(
        egui::pos2(edge.min.x - 3.0, edge.min.y),
        egui::pos2(edge.min.x + 3.0, edge.max.y),
    );
    let response = ui.interact(handle, egui::Id::unique("side-panel-width"), egui::Sense::drag());
    let response = response.on_hover_cursor(egui::CursorIcon::ResizeHorizontal);
    if response.dragged() {
        let dragged = (width - response.drag_delta().x).clamp(*PANEL_WIDTHS.start(), widest);
        app.settings.side_panel_width = dragged.round();
    }
    if response.drag_stopped() {
        app.persist_settings();
    }
}

/// The document shown is the one reopened with its project next time.
fn remember_shown_document(app: &mut SpanwrightApp) {
    let Some(workspace) = app.workspace.as_ref() else {
        return;
    };
    let Some(current) = workspace.current.clone() else {
        return;
    };
    let root = workspace.project.root().to_path_buf();
    if app.settings.remember_document(&root, &current) {
        app.persist_settings();
    }
}

fn left_edge_id() -> egui::Id {
    egui::Id::unique("side-panel-left-edge")
}

/// Where the side panel begins this frame, so that the centre never lays
/// anything out beneath it.
pub fn left_edge(ctx: &egui::Context) -> Option<f32> {
    ctx.data(|d| d.get_temp(left_edge_id()))
}

fn panel_contents_ui(ui: &mut egui::Ui, app: &mut SpanwrightApp, actions: &mut Vec<Action>) {
    let editable = app
        .workspace
        .as_ref()
        .and_then(|w| w.current_document())
        .is_some_and(|d| d.read_only_reason().is_none());
    let Some(workspace) = app.workspace.as_ref() else {
        return;
    };
    match app.review.mode {
        Mode::Compare => return review::compare_panel::ui(ui, app, actions),
        Mode::Review => return review::review_panel::ui(ui, app, actions),
        Mode::Annotate | Mode::Curate => {}
    }
    let schema = workspace.project.schema();
    let shown = super::review::shown_in(app.workspace.as_ref(), &app.review).map(OpenDocument::set);
    palette_ui(ui, schema, shown, actions);
    ui.separator();
    // Below the palette, every section has a height of its own that nothing
    // arriving in the background changes: suggestions coming and going never
    // move the editor or the lists under the pointer.
    let below_palette = ui.available_height();
    let editor_height = (below_palette * 0.38).max(110.0);
    fixed_height_section_ui(ui, "side-panel-editor", editor_height, |ui| {
        let Some(workspace) = app.workspace.as_ref() else {
            return;
        };
        let schema = workspace.project.schema();
        let Some(open) = app.shown_document() else {
            return;
        };
        let editable = open.read_only_reason().is_none();
        ui.add_enabled_ui(editable, |ui| {
            selected_ui(ui, app, schema, open, actions);
        });
    });
    ui.separator();
    if app.review.mode == Mode::Annotate && app.workspace.as_ref().is_some_and(|w| w.current_document().is_some()) {
        let suggestions_height = (below_palette * 0.30).max(90.0);
        super::suggestions_panel::ui(ui, app, editable, suggestions_height, actions);
        ui.separator();
    }
    let Some(open) = app.shown_document() else {
        return;
    };
    if app.review.mode == Mode::Curate {
        review::curation_panel::ui(ui, app, actions);
    } else {
        annotation_lists_ui(ui, &app.selection, open, actions);
    }
}

/// A section exactly `height` tall whatever it holds; what does not fit
/// scrolls inside it.
fn fixed_height_section_ui(ui: &mut egui::Ui, id: &str, height: f32, add_contents: impl FnOnce(&mut egui::Ui)) {
    egui::ScrollArea::vertical()
        .id_salt(id)
        .min_scrolled_height(height)
        .max_height(height)
        .auto_shrink([false, false])
        .show(ui, add_contents);
}

fn palette_ui(
    ui: &mut egui::Ui,
    schema: &LabelSchema,
    shown: Option<&crate::annotations::AnnotationSet>,
    actions: &mut Vec<Action>,
) {
    ui.heading("Labels");
    ui.horizontal_wrapped(|ui| {
        for entity in &schema.entities {
            let [r, g, b] = entity.rgb();
            let hotkey = entity.hotkey.as_deref().unwrap_or("");
            let count = shown.map_or(0, |set| set.label_count(&entity.name));
            let chip_text = |count: &str| {
                if hotkey.is_empty() {
                    format!("{} {count}", entity.name)
                } else {
                    format!("{} [{hotkey}] {count}", entity.name)
                }
            };
            // Each chip is as wide as with a three-digit count, so a count
            // growing from 9 to 10 never re-wraps the palette and moves
            // everything below it.
            let widest = ui.fonts_mut(|f| {
                f.layout_no_wrap(
                    chip_text("999"),
                    egui::TextStyle::Button.resolve(ui.style()),
                    egui::Color32::WHITE,
                )
                .size()
                .x
            });
            let fill = egui::Color32::from_rgb(r, g, b);
            let button = egui::Button::new(
                egui::RichText::new(chip_text(&count.to_string())).color(super::document_view::paint::text_on(fill)),
            )
            .fill(fill)
            .min_size(egui::vec2(widest + 2.0 * ui.spacing().button_padding.x, 0.0));
            let mut tip = entity.description.clone();
            if let Some(command) = shadowing_command(hotkey) {
                tip.push_str(&format!(
                    "\nThe key {hotkey} is taken by “{}”; use this button instead.",
                    command.text()
                ));
            }
            if ui.add(button).on_hover_text(tip).clicked() {
                actions.push(Action::ApplyLabel(entity.name.clone()));
            }
        }
    });
    egui::CollapsingHeader::new("Relation types")
        .default_open(false)
        .show(ui, |ui| {
            for relation in &schema.relations {
                let arrow = if relation.symmetric { "↔" } else { "→" };
                ui.label(format!(
                    "{}: {} {arrow} {}",
                    relation.name,
                    relation.head.join("|"),
                    relation.tail.join("|")
                ))
                .on_hover_text(&relation.description);
            }
        });
}

fn selected_ui(
    ui: &mut egui::Ui,
    app: &SpanwrightApp,
    schema: &LabelSchema,
    open: &OpenDocument,
    actions: &mut Vec<Action>,
) {
    match &app.selection {
        Selection::Entity(id) => {
            if let Some(entity) = open.set().entity(id) {
                let draft = app.draft(&DraftField::EntityNote(id.clone()));
                entity_editor_ui(ui, schema, open, entity, draft, actions);
            }
        }
        Selection::Relation(id) => {
            if let Some(relation) = open.set().relation(id) {
                let draft = app.draft(&DraftField::RelationNote(id.clone()));
                relation_editor_ui(ui, schema, open, relation, draft, actions);
            }
        }
        Selection::Text { start, end } => {
            ui.label(format!("Selected text {start}–{end}"));
            ui.label("Press a label's key or click a label to annotate it.");
        }
        Selection::Nothing => {
            ui.label("Drag over text to select it; click an entity to edit it.");
        }
    }
}

fn entity_editor_ui(
    ui: &mut egui::Ui,
    schema: &LabelSchema,
    open: &OpenDocument,
    entity: &Entity,
    draft: Option<&str>,
    actions: &mut Vec<Action>,
) {
    let text = open.document().slice(entity.start, entity.end).unwrap_or_default();
    ui.strong(format!("{} {} “{}”", entity.id, entity.label, text));
    ui.label(format!("Offsets {}–{}", entity.start, entity.end));
    ui.horizontal(|ui| {
        let caption = ui.label("Label");
        egui::ComboBox::from_id_salt("entity-label")
            .selected_text(&entity.label)
            .show_ui(ui, |ui| {
                for entity_type in &schema.entities {
                    if ui
                        .selectable_label(entity_type.name == entity.label, &entity_type.name)
                        .clicked()
                    {
                        actions.push(Action::ApplyLabel(entity_type.name.clone()));
                    }
                }
            })
            .response
            .labelled_by(caption.id);
    });
    for attribute in schema.attributes_for(&entity.label) {
        let current = entity.attributes.get(&attribute.name);
        let set = |value: Option<AttributeValue>| Action::SetEntityAttribute {
            id: entity.id.clone(),
            name: attribute.name.clone(),
            value,
        };
        match &attribute.values {
            None => {
                let mut flag = matches!(current, Some(AttributeValue::Flag(true)));
                if ui.checkbox(&mut flag, &attribute.name).changed() {
                    actions.push(set(flag.then_some(AttributeValue::Flag(true))));
                }
            }
            Some(values) => {
                ui.horizontal(|ui| {
                    let caption = ui.label(&attribute.name);
                    let shown = current.map_or_else(|| "—".to_owned(), ToString::to_string);
                    egui::ComboBox::from_id_salt(("attribute", &attribute.name))
                        .selected_text(shown)
                        .show_ui(ui, |ui| {
                            if ui.selectable_label(current.is_none(), "—").clicked() {
                                actions.push(set(None));
                            }
                            for value in values {
                                let chosen = current == Some(&AttributeValue::Choice(value.clone()));
                                if ui.selectable_label(chosen, value).clicked() {
                                    actions.push(set(Some(AttributeValue::Choice(value.clone()))));
                                }
                            }
                        })
                        .response
                        .labelled_by(caption.id);
                });
            }
        }
    }
    review::review_panel::reviewer_comment_ui(ui, entity.comment.as_deref());
    note_ui(
        ui,
        DraftField::EntityNote(entity.id.clone()),
        entity.note.as_deref(),
        draft,
        actions,
    );
    ui.horizontal(|ui| {
        if ui.button("Relation from here… (R)").clicked() {
            actions.push(Action::Command(super::commands::Command::StartRelation));
        }
        if ui.button("Delete entity").clicked() {
            actions.push(Action::DeleteEntity(entity.id.clone()));
        }
    });
}

fn relation_editor_ui(
    ui: &mut egui::Ui,
    schema: &LabelSchema,
    open: &OpenDocument,
    relation: &Relation,
    draft: Option<&str>,
    actions: &mut Vec<Action>,
) {
    let set = open.set();
    let describe = |id: &str| {
        set.entity(id).map_or_else(
            || id.to_owned(),
            |e| {
                format!(
                    "{} “{}”",
                    e.label,
                    open.document().slice(e.start, e.end).unwrap_or_default()
                )
            },
        )
    };
    ui.strong(format!("{} {}", relation.id, relation.label));
    ui.label(format!("{} → {}", describe(&relation.head), describe(&relation.tail)));
    let (head_label, tail_label) = (
        set.entity(&relation.head).map(|e| e.label.as_str()).unwrap_or_default(),
        set.entity(&relation.tail).map(|e| e.label.as_str()).unwrap_or_default(),
    );
    ui.horizontal(|ui| {
        let caption = ui.label("Type");
        egui::ComboBox::from_id_salt("relation-label")
            .selected_text(&relation.label)
            .show_ui(ui, |ui| {
                for allowed in schema.relations_between(head_label, tail_label) {
                    if ui
                        .selectable_label(allowed.name == relation.label, &allowed.name)
                        .clicked()
                    {
                        actions.push(Action::RelabelRelation {
                            id: relation.id.clone(),
                            label: allowed.name.clone(),
                        });
                    }
                }
            })
            .response
            .labelled_by(caption.id);
    });
    review::review_panel::reviewer_comment_ui(ui, relation.comment.as_deref());
    note_ui(
        ui,
        DraftField::RelationNote(relation.id.clone()),
        relation.note.as_deref(),
        draft,
        actions,
    );
    if ui.button("Delete relation").clicked() {
        actions.push(Action::DeleteRelation(relation.id.clone()));
    }
}

/// A note field. What is typed is a draft of the shown document, kept by the
/// store under this document and item, so it never shows anywhere else; it
/// becomes one edit when the field loses focus, or the selection, document
/// or mode changes, or before quitting.
fn note_ui(ui: &mut egui::Ui, field: DraftField, note: Option<&str>, draft: Option<&str>, actions: &mut Vec<Action>) {
    let mut text = draft.or(note).unwrap_or_default().to_owned();
    let label = ui.label("Note");
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                // An id of its own: the panel above it changes as suggestions come and go.
                .id(egui::Id::unique(("note-field", &field)))
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    super::probe::record(ui.ctx(), "note", response.rect);
    if response.changed() {
        actions.push(Action::SetDraft { field, text });
    }
    if response.lost_focus() {
        actions.push(Action::CommitDrafts);
    }
}

pub(super) fn annotation_lists_ui(
    ui: &mut egui::Ui,
    selection: &Selection,
    open: &OpenDocument,
    actions: &mut Vec<Action>,
) {
    let set = open.set();
    let document = open.document();
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
    ui.strong(format!("Entities ({})", set.entities().len()));
    egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .max_height((ui.available_height() - 60.0).max(80.0) * 0.55)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, set.entities().len(), |ui, rows| {
            for entity in &set.entities()[rows] {
                let text: String = document
                    .slice(entity.start, entity.end)
                    .unwrap_or_default()
                    .chars()
                    .take(48)
                    .collect();
                let selected = *selection == Selection::Entity(entity.id.clone());
                if ui
                    .selectable_label(selected, format!("{} {} · {}", entity.id, entity.label, text))
                    .clicked()
                {
                    actions.push(Action::SelectEntity {
                        id: entity.id.clone(),
                        scroll: true,
                    });
                }
            }
        });
    ui.separator();
    ui.strong(format!("Relations ({})", set.relations().len()));
    egui::ScrollArea::vertical()
        .id_salt("relation-list")
        .auto_shrink([false, true])
        .show_rows(ui, row_height, set.relations().len(), |ui, rows| {
            for relation in &set.relations()[rows] {
                let name = |id: &str| {
                    set.entity(id)
                        .and_then(|e| document.slice(e.start, e.end))
                        .map(|t| t.chars().take(24).collect::<String>())
                        .unwrap_or_else(|| id.to_owned())
                };
                let selected = *selection == Selection::Relation(relation.id.clone());
                let text = format!(
                    "{} {} · {} → {}",
                    relation.id,
                    relation.label,
                    name(&relation.head),
                    name(&relation.tail)
                );
                if ui.selectable_label(selected, text).clicked() {
                    actions.push(Action::SelectRelation {
                        id: relation.id.clone(),
                        scroll: true,
                    });
                }
            }
        });
}
