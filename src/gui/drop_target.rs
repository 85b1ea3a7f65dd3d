use std::path::PathBuf;

/// Folders dropped onto the window this frame.
pub fn dropped_folders(ctx: &egui::Context) -> Vec<PathBuf> {
    ctx.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .map(|file| file.path().to_path_buf())
            .filter(|path| path.is_dir())
            .collect()
    })
}
