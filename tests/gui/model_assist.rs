//! The built-in recommender in the window: trained in the background on the
//! annotator's own documents, its suggestions appear for the open document
//! without anything being annotated.

use crate::support::*;

use spanwright::model::BUILTIN_SOURCE;

#[test]
fn the_builtin_recommender_suggests_for_the_open_document() {
    let dir = sample_copy();
    // carol has annotated every document of alice's but the first one.
    let alice = dir.path().join("annotations/alice");
    let carol = dir.path().join("annotations/carol");
    std::fs::create_dir_all(&carol).unwrap();
    for entry in std::fs::read_dir(&alice).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name.starts_with("albania-centres") {
            continue;
        }
        let mut file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap();
        file["annotator"] = "carol".into();
        std::fs::write(carol.join(&name), file.to_string()).unwrap();
    }
    let mut window = open_window(dir.path(), "carol");
    run_until(&mut window, "the recommender's suggestions", |w| {
        w.state().suggestions_shown().iter().any(|s| s.source == BUILTIN_SOURCE)
    });
    let shown = window.state().suggestions_shown();
    assert!(
        shown
            .iter()
            .filter(|s| s.source == BUILTIN_SOURCE)
            .all(|s| s.score.is_some_and(|score| (0.0..=1.0).contains(&score)))
    );
    assert!(!annotation_path(dir.path(), "carol", "albania-centres.txt").exists());
    assert!(
        dir.path()
            .join("suggestions")
            .join(BUILTIN_SOURCE)
            .join("albania-centres.txt.json")
            .exists()
    );
}
