//! What the window remembers between runs: the annotator's name, recent
//! projects and view preferences, in the platform's config folder.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

const MAX_RECENT_PROJECTS: usize = 10;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub annotator: Option<String>,
    pub recent_projects: Vec<PathBuf>,
    pub show_relations: bool,
    pub font_size: f32,
    /// Width of the side panel, as the user last dragged it.
    pub side_panel_width: f32,
    pub theme: ThemeChoice,
    /// Chips only under the pointer, relations only of the selected entity.
    pub compact_view: bool,
    /// One sentence per line instead of the text's own lines.
    pub sentence_view: bool,
    /// The document last open in each project (by project folder).
    pub last_documents: std::collections::BTreeMap<PathBuf, String>,
}

/// Light or dark: as the system says, or fixed by the user.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub fn next(self) -> Self {
        match self {
            Self::System => Self::Light,
            Self::Light => Self::Dark,
            Self::Dark => Self::System,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::System => "follows the system",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }
}

/// Text sizes the view offers, in points.
pub const FONT_SIZES: std::ops::RangeInclusive<f32> = 10.0..=32.0;
pub const DEFAULT_FONT_SIZE: f32 = 16.0;

/// Applies the remembered theme. egui's own Ctrl +/−/0 zoom is turned off:
/// those keys change the document's text size instead, which is remembered.
pub fn apply_appearance(ctx: &egui::Context, settings: &Settings) {
    ctx.options_mut(|options| {
        options.zoom_with_keyboard = false;
        options.theme_preference = match settings.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        };
    });
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            annotator: None,
            recent_projects: Vec::new(),
            show_relations: true,
            font_size: DEFAULT_FONT_SIZE,
            side_panel_width: 330.0,
            theme: ThemeChoice::System,
            compact_view: false,
            sentence_view: false,
            last_documents: std::collections::BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Where the document views break lines.
    pub fn lines(&self) -> crate::gui::document_view::Lines {
        if self.sentence_view {
            crate::gui::document_view::Lines::Sentences
        } else {
            crate::gui::document_view::Lines::AsWritten
        }
    }

    /// The document last shown in the project at `root`.
    pub fn last_document(&self, root: &Path) -> Option<&str> {
        self.last_documents.get(&canonical(root)).map(String::as_str)
    }

    /// Remembers `document` as the one shown in `root`; true when it changed.
    pub fn remember_document(&mut self, root: &Path, document: &str) -> bool {
        let root = canonical(root);
        if self.last_documents.get(&root).is_some_and(|d| d == document) {
            return false;
        }
        self.last_documents.insert(root, document.to_owned());
        true
    }

    pub fn remember_project(&mut self, root: &Path) {
        let root = canonical(root);
        self.recent_projects.retain(|p| p != &root);
        self.recent_projects.insert(0, root);
        self.recent_projects.truncate(MAX_RECENT_PROJECTS);
    }
}

fn canonical(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Where settings live; `None` keeps them in memory only (tests).
#[derive(Clone, Debug, Default)]
pub struct SettingsStore {
    path: Option<PathBuf>,
}

impl SettingsStore {
    pub fn in_memory() -> Self {
        Self { path: None }
    }

    pub fn at(path: PathBuf) -> Self {
        Self { path: Some(path) }
    }

    /// The platform's config folder, e.g. `~/.config/spanwright/settings.json`.
    pub fn platform() -> Self {
        Self {
            path: directories::ProjectDirs::from("org", "Spanwright", "Spanwright")
                .map(|dirs| dirs.config_dir().join("settings.json")),
        }
    }

    /// Loads the settings; a damaged file is reported, not overwritten
    /// silently: the caller shows the message and starts from defaults.
    pub fn load(&self) -> (Settings, Option<String>) {
        let Some(path) = &self.path else {
            return (Settings::default(), None);
        };
        match std::fs::read_to_string(path) {
            Ok(json) => match serde_json::from_str(&json) {
                Ok(settings) => (settings, None),
                Err(err) => (
                    Settings::default(),
                    Some(format!("{}: settings ignored: {err}", path.display())),
                ),
            },
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => (Settings::default(), None),
            Err(err) => (
                Settings::default(),
                Some(format!("{}: settings ignored: {err}", path.display())),
            ),
        }
    }

    pub fn save(&self, settings: &Settings) -> Result<(), String> {
        self.write_json(&to_json(settings)?)
    }

    /// Keeps nothing on disk (tests).
    pub fn is_in_memory(&self) -> bool {
        self.path.is_none()
    }

    /// Writes settings already turned into JSON; an unchanged file is left
    /// as it is.
    pub fn write_json(&self, json: &str) -> Result<(), String> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if std::fs::read_to_string(path).is_ok_and(|old| old == json) {
            return Ok(());
        }
        crate::project::atomic_write(path, json.as_bytes())
            .map_err(|err| format!("cannot save settings to {}: {err}", path.display()))
    }
}

/// The settings as they are written to their file.
pub fn to_json(settings: &Settings) -> Result<String, String> {
    serde_json::to_string_pretty(settings).map_err(|e| format!("cannot save settings: {e}"))
}
