//! Writes the window's settings off the UI thread: one write at a time,
//! the newest settings last, and nothing at all when they did not change.

use super::settings::{Settings, SettingsStore, to_json};
use super::tasks::Task;

pub struct SettingsWriter {
    store: SettingsStore,
    /// What the file holds (or will once the write under way ends).
    written: Option<String>,
    writing: Option<Task<Result<(), String>>>,
    /// Newer settings, written when the write under way ends.
    waiting: Option<String>,
}

impl SettingsWriter {
    pub fn new(store: SettingsStore) -> Self {
        Self {
            store,
            written: None,
            writing: None,
            waiting: None,
        }
    }

    /// Asks for `settings` to be written; the write happens in the
    /// background.
    pub fn save(&mut self, settings: &Settings, ctx: &egui::Context) -> Result<(), String> {
        if self.store.is_in_memory() {
            return Ok(());
        }
        let json = to_json(settings)?;
        let newest = self.waiting.as_ref().or(self.written.as_ref());
        if newest == Some(&json) {
            return Ok(());
        }
        if self.writing.is_some() {
            self.waiting = Some(json);
        } else {
            self.start(json, ctx);
        }
        Ok(())
    }

    fn start(&mut self, json: String, ctx: &egui::Context) {
        let store = self.store.clone();
        self.written = Some(json.clone());
        self.writing = Some(Task::spawn("settings", Some(ctx), move || store.write_json(&json)));
    }

    /// Takes a finished write, starts the next one; the error of a failed
    /// write, to be shown.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<String> {
        let task = self.writing.take()?;
        let result = match task.try_take() {
            Ok(result) => result.unwrap_or_else(|stopped| Err(format!("cannot save settings: {stopped}"))),
            Err(task) => {
                self.writing = Some(task);
                return None;
            }
        };
        if result.is_err() {
            // Not on disk after all: the next save tries again.
            self.written = None;
        }
        if let Some(json) = self.waiting.take() {
            self.start(json, ctx);
        }
        result.err()
    }

    /// A write is under way or waiting.
    pub fn is_writing(&self) -> bool {
        self.writing.is_some() || self.waiting.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(writer: &mut SettingsWriter, ctx: &egui::Context) {
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while writer.is_writing() {
            assert!(std::time::Instant::now() < give_up, "the write never ended");
            assert_eq!(writer.poll(ctx), None);
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }

    #[test]
    fn the_newest_settings_are_written_last_and_unchanged_ones_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let ctx = egui::Context::default();
        let mut writer = SettingsWriter::new(SettingsStore::at(path.clone()));
        let mut settings = Settings::default();
        for size in [14.0, 15.0, 16.0, 17.0] {
            settings.font_size = size;
            writer.save(&settings, &ctx).unwrap();
        }
        wait(&mut writer, &ctx);
        let (on_disk, problem) = SettingsStore::at(path.clone()).load();
        assert_eq!(problem, None);
        assert_eq!(on_disk.font_size, 17.0);

        let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
        writer.save(&settings, &ctx).unwrap();
        assert!(!writer.is_writing(), "unchanged settings start a write");
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), modified);
    }

    #[test]
    fn a_failed_write_is_reported_and_tried_again_next_time() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: the write fails.
        let path = dir.path().join("settings.json");
        std::fs::create_dir(&path).unwrap();
        let ctx = egui::Context::default();
        let mut writer = SettingsWriter::new(SettingsStore::at(path.clone()));
        let settings = Settings::default();
        writer.save(&settings, &ctx).unwrap();
        let give_up = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let error = loop {
            if let Some(error) = writer.poll(&ctx) {
                break error;
            }
            assert!(std::time::Instant::now() < give_up, "no error reported");
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        assert!(error.contains("settings.json"), "{error}");
        std::fs::remove_dir(&path).unwrap();
        writer.save(&settings, &ctx).unwrap();
        assert!(writer.is_writing(), "the same settings are not tried again");
        wait(&mut writer, &ctx);
        assert!(path.is_file());
    }
}
