//! What the recommender writes: nothing outside the project (its model
//! never passes through the system's temporary folder), and suggestion
//! files only when the suggestions changed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

use spanwright::model::{
    BUILTIN_SOURCE, Span, TrainingData, TrainingOptions, TrainingSelection, refresh_builtin_suggestions,
    suggest_with_recommender, train,
};
use spanwright::project::Project;

fn spanwright(args: &[&str], tmpdir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_spanwright"))
        .args(args)
        .env("TMPDIR", tmpdir)
        .env("TMP", tmpdir)
        .env("TEMP", tmpdir)
        .env("HOME", tmpdir)
        .output()
        .expect("run spanwright")
}

/// Every file and folder below `root`, relative, sorted.
fn tree(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            found.push(path.strip_prefix(root).unwrap().to_path_buf());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Names created in the watched folders since `watch`, including files
/// created and removed again at once.
#[cfg(target_os = "linux")]
struct Watch(rustix::fd::OwnedFd);

#[cfg(target_os = "linux")]
impl Watch {
    fn new(folders: &[&Path]) -> Self {
        use rustix::fs::inotify;
        let fd = inotify::init(inotify::CreateFlags::NONBLOCK | inotify::CreateFlags::CLOEXEC).unwrap();
        for folder in folders {
            inotify::add_watch(
                &fd,
                *folder,
                inotify::WatchFlags::CREATE | inotify::WatchFlags::MOVED_TO,
            )
            .unwrap();
        }
        Self(fd)
    }

    fn created(&self) -> Vec<String> {
        use rustix::fs::inotify;
        let mut buffer = [std::mem::MaybeUninit::uninit(); 4096];
        let mut reader = inotify::Reader::new(&self.0, &mut buffer);
        let mut names = Vec::new();
        loop {
            match reader.next() {
                Ok(event) => names.push(
                    event
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                ),
                Err(rustix::io::Errno::WOULDBLOCK) => return names,
                Err(err) => panic!("inotify: {err}"),
            }
        }
    }
}

#[test]
fn training_and_suggesting_write_nothing_outside_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("project");
    spanwright::sample::install_sample_corpus(&root).unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    #[cfg(target_os = "linux")]
    let watch = Watch::new(&[&tmp, dir.path()]);
    let root_arg = root.to_str().unwrap();

    let trained = spanwright(&["train", root_arg, "--folds", "2"], &tmp);
    assert!(trained.status.success(), "{}", String::from_utf8_lossy(&trained.stderr));
    let suggested = spanwright(&["suggest", root_arg, "--backend", "builtin"], &tmp);
    assert!(
        suggested.status.success(),
        "{}",
        String::from_utf8_lossy(&suggested.stderr)
    );
    let stdout = String::from_utf8_lossy(&suggested.stdout);
    assert!(stdout.contains(BUILTIN_SOURCE), "{stdout}");

    assert_eq!(tree(&tmp), Vec::<PathBuf>::new(), "the temporary folder stays empty");
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside.len(), 2, "nothing beside the project: {beside:?}");
    #[cfg(target_os = "linux")]
    assert_eq!(
        watch.created(),
        Vec::<String>::new(),
        "nothing was created outside the project, not even for a moment"
    );
    // Nor is a model file left inside it.
    let cache = spanwright::model::cache_folder(&root);
    if cache.exists() {
        assert_eq!(tree(&cache), Vec::<PathBuf>::new());
    }
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn entities_of(project: &Project, id: &str) -> Vec<Span> {
    TrainingData::load(project, &TrainingSelection::of(vec!["alice".to_owned()]))
        .documents
        .into_iter()
        .find(|d| d.document.id() == id)
        .map(|d| d.entities)
        .unwrap_or_default()
}

#[test]
fn a_visit_that_finds_the_same_suggestions_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    spanwright::model::write_synthetic_project(dir.path(), 8, 10, "alice", 3).unwrap();
    // A document with no annotations yet.
    std::fs::write(
        dir.path().join("zz-fresh.txt"),
        "Interior Minister Greta Okafor met Samir Varga in Trieste.\n",
    )
    .unwrap();
    let project = Project::open(dir.path()).unwrap();
    let ids: Vec<String> = project.documents().iter().map(|d| d.id.clone()).collect();
    let (first, second) = (&ids[0], &ids[3]);
    let visit = |id: &str| {
        let document = project.load_text(id).unwrap();
        refresh_builtin_suggestions(&project, &document, entities_of(&project, id), "alice").unwrap()
    };
    let stored = |id: &str| {
        dir.path()
            .join("suggestions")
            .join(BUILTIN_SOURCE)
            .join(format!("{id}.json"))
    };

    // `spanwright suggest --backend builtin` stored them first.
    let data = TrainingData::load(&project, &TrainingSelection::of(vec!["alice".to_owned()]));
    let recommender = train(&data.documents, &TrainingOptions::for_project(&project)).unwrap();
    let run = suggest_with_recommender(&project, &recommender, std::slice::from_ref(first));
    assert_eq!(run.files_written, 1, "{:?}", run.problems);
    let opened = visit(first);
    assert!(opened.suggestions > 0);
    assert!(!opened.written, "the window finds what the command line stored");
    let when = modified(&stored(first));
    let bytes = std::fs::read(stored(first)).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));

    let again = visit(first);
    assert!(!again.written, "the same suggestions are not written again");
    // Away and back: the same annotations teach the same model.
    visit(second);
    let back = visit(first);
    assert!(!back.written, "a return visit writes nothing");
    assert_eq!(std::fs::read(stored(first)).unwrap(), bytes);
    assert_eq!(modified(&stored(first)), when);

    // A document where nothing is found and nothing was stored gets no file.
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "...\n").unwrap();
    let project = Project::open(dir.path()).unwrap();
    let document = project.load_text("empty.txt").unwrap();
    let nothing = refresh_builtin_suggestions(&project, &document, Vec::new(), "alice").unwrap();
    assert_eq!(nothing.suggestions, 0);
    assert!(!nothing.written);
    assert!(!stored("empty.txt").exists());

    // Different suggestions on disk are replaced.
    std::fs::write(stored(first), b"{}").unwrap();
    let project = Project::open(dir.path()).unwrap();
    let document = project.load_text(first).unwrap();
    let replaced = refresh_builtin_suggestions(&project, &document, entities_of(&project, first), "alice").unwrap();
    assert!(replaced.written);
    assert_eq!(std::fs::read(stored(first)).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn suggestions_are_never_written_through_a_link_out_of_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    spanwright::model::write_synthetic_project(dir.path(), 4, 6, "alice", 5).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("suggestions")).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let id = project.documents()[0].id.clone();
    let document = project.load_text(&id).unwrap();
    let err = refresh_builtin_suggestions(&project, &document, entities_of(&project, &id), "alice").unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(tree(outside.path()), Vec::<PathBuf>::new());
}
