//! The project folder on disk: listing, loading checks, saving, every kind of
//! bad input with the message a user sees, and the `validate` and `stats`
//! commands.

use crate::common;

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt as _;
use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{ANNOTATION_SCHEMA, Fixture, UnwritableFolder, read_json, repo_path, schema_violations};
use serde_json::{Value, json};
use spanwright::annotations::{AnnotationFile, AnnotationSet, EditError, Status};
use spanwright::cli::stats::stats_output;
use spanwright::cli::validate::validate_project;
use spanwright::project::{AnnotatorStats, ProjectStats, project_stats};
use spanwright::project::{DocumentSummary, OpenDocument, Project, SaveError, SaveOutcome, SchemaOrigin};
use spanwright::qa::project_problems;
use spanwright::schema::LabelSchema;

const DOC: &str = "news/rome-talks.txt";
const FILE: &str = "annotations/alice/news/rome-talks.txt.json";
/// Written for these tests: CRLF endings, an emoji flag, curly quotes.
const TEXT: &str = "Interior Minister Anna Kowalska met 🇮🇹 officials in Rome.\r\n\
                    The “Baltic Plan” was signed on 4 May.\r\n";

/// Code-point span of the first `needle` in `text`.
fn span(text: &str, needle: &str) -> (usize, usize) {
    let byte = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let start = text[..byte].chars().count();
    (start, start + needle.chars().count())
}

/// A project with one annotated document (five entities, three relations)
/// and one that nobody has annotated.
fn annotated_project() -> (Fixture, AnnotationSet) {
    let fixture = Fixture::new();
    fixture.write(DOC, TEXT);
    fixture.write("other.txt", "Nothing annotated here.\n");
    let project = Project::open(fixture.root()).unwrap();
    let schema = project.schema().clone();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    for (label, needle) in [
        ("ROLE", "Interior Minister"),
        ("PERSON", "Anna Kowalska"),
        ("LOCATION", "Rome"),
        ("AGREEMENT", "Baltic Plan"),
        ("DATE", "4 May"),
    ] {
        let (start, end) = span(TEXT, needle);
        open.apply(open.set().add_entity_edit(label, start, end), &schema)
            .unwrap();
    }
    for (label, head, tail) in [
        ("HOLDS_ROLE", "e2", "e1"),
        ("LOCATED_IN", "e2", "e3"),
        ("OCCURS_ON", "e4", "e5"),
    ] {
        open.apply(open.set().add_relation_edit(label, head, tail), &schema)
            .unwrap();
    }
    open.apply(open.set().set_status_edit(Status::InProgress).unwrap(), &schema)
        .unwrap();
    assert!(matches!(open.save_now(), Ok(SaveOutcome::Written { .. })));
    (fixture, open.set().clone())
}

/// `annotated_project` with its annotation file changed by `change`.
fn broken_project(change: impl FnOnce(&mut Value)) -> Fixture {
    let (fixture, _) = annotated_project();
    let mut value = read_json(&fixture.path(FILE));
    change(&mut value);
    fixture.write(FILE, serde_json::to_string_pretty(&value).unwrap());
    fixture
}

fn entity_mut<'a>(value: &'a mut Value, id: &str) -> &'a mut Value {
    value["entities"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["id"] == id)
        .unwrap()
}

fn relation_mut<'a>(value: &'a mut Value, id: &str) -> &'a mut Value {
    value["relations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|r| r["id"] == id)
        .unwrap()
}

/// The problem must be reported by `spanwright validate` on one line naming
/// the file and containing `fragments` (the id among them), exit code 1; and
/// opening the document must show it read-only with every annotation kept,
/// refuse edits and leave the file untouched.
fn assert_reported(fixture: &Fixture, fragments: &[&str]) {
    assert_reported_as(fixture, fragments, fragments);
}

/// [`assert_reported`] where the read-only reason words it differently.
fn assert_reported_as(fixture: &Fixture, fragments: &[&str], when_opened: &[&str]) {
    let output = validate_project(fixture.root(), false);
    assert_eq!(output.exit_code, 1, "{}", output.stdout);
    let lines: Vec<&str> = output.stdout.lines().collect();
    let (summary, problems) = lines.split_last().unwrap();
    let plural = if problems.len() == 1 { "problem" } else { "problems" };
    assert_eq!(*summary, format!("{} {plural}", problems.len()));
    assert!(
        problems
            .iter()
            .any(|line| line.starts_with(&format!("{FILE}:")) && fragments.iter().all(|f| line.contains(f))),
        "no line names {FILE} with {fragments:?}:\n{}",
        output.stdout
    );

    let bytes_before = fixture.read(FILE);
    let stored: Option<AnnotationFile> = AnnotationFile::parse(FILE, &String::from_utf8_lossy(&bytes_before)).ok();
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let reason = open.read_only_reason().expect("opens read-only").to_owned();
    assert!(reason.starts_with(FILE), "{reason}");
    let everything: Vec<String> = std::iter::once(reason.clone())
        .chain(open.problems().iter().map(ToString::to_string))
        .collect();
    assert!(
        everything.iter().any(|m| when_opened.iter().all(|f| m.contains(f))),
        "{when_opened:?} not in {everything:#?}"
    );
    if let Some(stored) = stored {
        assert_eq!(
            open.set(),
            &stored.to_set(),
            "every stored annotation is kept as stored"
        );
    }
    let add = open.set().add_entity_edit("PERSON", 0, 3);
    assert_eq!(
        open.apply(add, project.schema()),
        Err(EditError::ReadOnly(reason.clone()))
    );
    assert!(matches!(open.undo(project.schema()), Some(Err(EditError::ReadOnly(_)))));
    assert!(open.save_job().is_none());
    assert_eq!(open.save_now().unwrap(), SaveOutcome::Unchanged);
    assert_eq!(fixture.read(FILE), bytes_before, "the file is untouched");
}

// ---------------------------------------------------------------------------
// Bad input, one test each

#[test]
fn invalid_json_names_file_line_and_column() {
    let fixture = annotated_project().0;
    fixture.write(
        FILE,
        "{\n  \"format\": \"spanwright.annotations\",\n  \"version\": 1\n  \"document\": {}\n}\n",
    );
    let err = AnnotationFile::load(&fixture.path(FILE), FILE).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!("{FILE}:4:3: invalid JSON")),
        "{err}"
    );
    assert_reported(&fixture, &[":4:3: invalid JSON: expected `,` or `}`"]);
}

#[test]
fn unknown_label_is_reported_with_the_entity_id() {
    let fixture = broken_project(|v| entity_mut(v, "e3")["label"] = "CITY".into());
    assert_reported(&fixture, &["e3: unknown label \"CITY\""]);
}

#[test]
fn offsets_past_the_end_are_reported() {
    let length = TEXT.chars().count();
    let fixture = broken_project(|v| {
        let entity = entity_mut(v, "e5");
        entity["start"] = (length - 2).into();
        entity["end"] = (length + 4).into();
    });
    let expected = format!(
        "e5: offsets {}..{} run past the end of the text ({length} characters)",
        length - 2,
        length + 4
    );
    assert_reported(&fixture, &[&expected]);
}

#[test]
fn a_label_with_a_line_break_is_still_one_line() {
    let fixture = broken_project(|v| entity_mut(v, "e3")["label"] = "CITY\nTOWN".into());
    let output = validate_project(fixture.root(), false);
    assert_eq!(
        output.stdout,
        format!(
            "{FILE}: e3: unknown label \"CITY\\nTOWN\"\n\
             {FILE}: r2: LOCATED_IN does not allow PERSON → CITY\\nTOWN\n\
             2 problems\n"
        )
    );
}

#[test]
fn start_not_before_end_is_reported() {
    let fixture = broken_project(|v| entity_mut(v, "e1")["end"] = 0.into());
    assert_reported(&fixture, &["e1: start 0 is not before end 0"]);
}

#[test]
fn stored_entity_text_that_differs_from_the_text_is_reported() {
    let fixture = broken_project(|v| entity_mut(v, "e2")["text"] = "Anna Kowalski".into());
    assert_reported(
        &fixture,
        &["e2: stored text \"Anna Kowalski\" differs", "\"Anna Kowalska\""],
    );
}

#[test]
fn relation_to_a_missing_entity_is_reported() {
    let fixture = broken_project(|v| relation_mut(v, "r2")["tail"] = "e42".into());
    assert_reported(&fixture, &["r2: tail \"e42\" is not an entity of this file"]);
}

#[test]
fn relation_with_types_the_schema_forbids_is_reported() {
    let fixture = broken_project(|v| relation_mut(v, "r1")["label"] = "SIGNS".into());
    assert_reported(&fixture, &["r1: SIGNS does not allow PERSON → ROLE"]);
}

#[test]
fn duplicate_ids_are_reported() {
    let fixture = broken_project(|v| entity_mut(v, "e4")["id"] = "e3".into());
    assert_reported(&fixture, &["e3: duplicate id \"e3\""]);
    let fixture = broken_project(|v| relation_mut(v, "r3")["id"] = "e1".into());
    assert_reported(&fixture, &["e1: duplicate id \"e1\""]);
}

#[test]
fn a_newer_format_version_is_reported_and_left_untouched() {
    let fixture = broken_project(|v| {
        v["version"] = 2.into();
        v["spans"] = json!([]);
    });
    assert_reported(&fixture, &["written by a newer Spanwright (format version 2"]);
}

#[test]
fn a_non_utf8_text_is_reported_and_the_rest_of_the_corpus_opens() {
    let (fixture, set) = annotated_project();
    fixture.write("news/latin1.txt", b"Caf\xE9 talks in Lisbon.\n");
    let mut copied = read_json(&fixture.path(FILE));
    copied["document"]["id"] = "news/latin1.txt".into();
    fixture.write("annotations/alice/news/latin1.txt.json", copied.to_string());

    let project = Project::open(fixture.root()).unwrap();
    let ids: Vec<&str> = project.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["news/latin1.txt", DOC, "other.txt"]);
    let err = OpenDocument::open(&project, "news/latin1.txt", "alice").unwrap_err();
    assert_eq!(err.to_string(), "news/latin1.txt: not valid UTF-8 at byte 3");
    for id in [DOC, "other.txt"] {
        let open = OpenDocument::open(&project, id, "alice").unwrap();
        assert_eq!(open.read_only_reason(), None, "{id}");
    }
    assert_eq!(OpenDocument::open(&project, DOC, "alice").unwrap().set(), &set);

    let output = validate_project(fixture.root(), false);
    assert_eq!(output.stdout, "news/latin1.txt: not valid UTF-8 at byte 3\n1 problem\n");
    assert_eq!(output.exit_code, 1);
}

#[test]
fn an_unreadable_annotation_file_is_reported_and_opens_read_only() {
    // Permission bits do not stop root, which runs these tests in many
    // containers; a folder where the file should be fails to read for anyone.
    let (fixture, _) = annotated_project();
    std::fs::remove_file(fixture.path(FILE)).unwrap();
    std::fs::create_dir(fixture.path(FILE)).unwrap();
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let reason = open.read_only_reason().unwrap().to_owned();
    assert!(reason.starts_with(&format!("{FILE}: cannot read: ")), "{reason}");
    let add = open.set().add_entity_edit("PERSON", 0, 3);
    assert_eq!(open.apply(add, project.schema()), Err(EditError::ReadOnly(reason)));
    assert!(open.save_job().is_none());
    assert!(fixture.path(FILE).is_dir(), "nothing written over it");

    let summary = DocumentSummary::read(&project, "alice", DOC);
    assert!(summary.error.unwrap().starts_with(&format!("{FILE}: cannot read: ")));
    let stats = project_stats(&project);
    assert_eq!(stats.unreadable.len(), 1);
    assert!(stats.unreadable[0].starts_with(FILE));
    let output = validate_project(fixture.root(), false);
    assert!(
        output.stdout.starts_with(&format!("{FILE}: cannot read: ")),
        "{}",
        output.stdout
    );
    assert_eq!(output.exit_code, 1);
}

#[test]
fn an_unreadable_text_is_reported_with_its_name() {
    let (fixture, _) = annotated_project();
    let project = Project::open(fixture.root()).unwrap();
    // The text turns into something unreadable after the folder was listed.
    std::fs::remove_file(fixture.path(DOC)).unwrap();
    std::fs::create_dir(fixture.path(DOC)).unwrap();
    let err = OpenDocument::open(&project, DOC, "alice").unwrap_err();
    assert!(err.to_string().starts_with(&format!("{DOC}: cannot read: ")), "{err}");
    assert!(OpenDocument::open(&project, "other.txt", "alice").is_ok());
}

#[test]
fn a_text_without_read_permission_is_reported_when_permissions_apply() {
    use std::os::unix::fs::PermissionsExt as _;
    let (fixture, _) = annotated_project();
    let path = fixture.path(DOC);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&path).is_ok() {
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        eprintln!(
            "skipped: this user reads files without read permission (root); \
             an_unreadable_text_is_reported_with_its_name covers the same error"
        );
        return;
    }
    let project = Project::open(fixture.root()).unwrap();
    let err = OpenDocument::open(&project, DOC, "alice").unwrap_err();
    assert!(err.to_string().starts_with(&format!("{DOC}: cannot read: ")), "{err}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
}

/// Edits made, then the save fails: the user gets the error, the edits stay
/// in memory and are saved once the folder can be written again.
#[test]
fn saving_into_a_folder_that_cannot_be_created_keeps_the_edits() {
    let fixture = Fixture::new();
    fixture.write(DOC, TEXT);
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let (start, end) = span(TEXT, "Rome");
    open.apply(open.set().add_entity_edit("LOCATION", start, end), project.schema())
        .unwrap();
    // A plain file where the annotations folder should be: no user, root
    // included, can create folders inside it.
    fixture.write("annotations", "in the way");

    // The save stops at its first step that needs the folder: storing the
    // copy of the annotated text.
    let err = open.save_now().unwrap_err();
    assert!(matches!(err, SaveError::TextSnapshot { .. }), "{err}");
    assert!(
        err.to_string()
            .ends_with("annotations/alice/news/rome-talks.txt.json was not saved"),
        "{err}"
    );
    assert!(open.is_dirty());
    assert_eq!(open.set().entities().len(), 1);
    assert_eq!(fixture.read("annotations"), b"in the way");

    std::fs::remove_file(fixture.path("annotations")).unwrap();
    assert!(matches!(open.save_now(), Ok(SaveOutcome::Written { .. })));
    assert!(!open.is_dirty());
    let saved = AnnotationFile::load(&fixture.path(FILE), FILE).unwrap();
    assert_eq!(saved.to_set(), *open.set());
}

#[test]
fn saving_into_a_read_only_folder_keeps_the_edits_and_the_file() {
    let (fixture, _) = annotated_project();
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    open.apply(open.set().set_status_edit(Status::Done).unwrap(), project.schema())
        .unwrap();
    let folder = fixture.path("annotations/alice/news");
    let before = fixture.read(FILE);

    let guard = match UnwritableFolder::new(&folder) {
        Ok(guard) => guard,
        Err(reason) => {
            eprintln!("skipped: cannot make a folder read-only here: {reason}");
            return;
        }
    };
    let err = open.save_now().unwrap_err();
    assert!(err.to_string().starts_with(&format!("cannot write {FILE}: ")), "{err}");
    assert!(open.is_dirty());
    assert_eq!(open.set().status(), Status::Done);
    assert_eq!(fixture.read(FILE), before, "the file is untouched");
    let names: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        // The save's lock file stays beside the file; it is no temporary.
        .filter(|name| name != ".rome-talks.txt.json.lock")
        .collect();
    assert_eq!(names, ["rome-talks.txt.json"], "no temporary file is left behind");

    drop(guard);
    assert!(matches!(open.save_now(), Ok(SaveOutcome::Written { .. })));
    assert_eq!(
        AnnotationFile::load(&fixture.path(FILE), FILE).unwrap().status,
        Status::Done
    );
}

// ---------------------------------------------------------------------------
// Loading checks

#[test]
fn a_changed_text_opens_read_only_with_every_annotation() {
    let (fixture, set) = annotated_project();
    // Same length, outside every entity: only the hash tells.
    fixture.write(DOC, TEXT.replace("officials", "Officials"));
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let reason = open.read_only_reason().unwrap().to_owned();
    assert!(
        reason.starts_with(&format!("{FILE}: the text of {DOC} changed since it was annotated")),
        "{reason}"
    );
    assert_eq!(open.problems().len(), 1);
    assert_eq!(open.set(), &set, "nothing dropped or shifted");
    let add = open.set().add_entity_edit("PERSON", 0, 3);
    assert!(matches!(open.apply(add, project.schema()), Err(EditError::ReadOnly(_))));

    // An edit inside an entity: the hash and that entity are both reported.
    fixture.write(DOC, TEXT.replace("Kowalska", "Kowalski"));
    let open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let problems: Vec<String> = open.problems().iter().map(ToString::to_string).collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[1].starts_with(&format!("{FILE}: e2: stored text \"Anna Kowalska\" differs")));
    assert!(open.read_only_reason().unwrap().ends_with("(and 1 more problems)"));
    assert_eq!(open.set(), &set);
}

#[test]
fn a_stored_text_mismatch_opens_read_only_with_every_annotation() {
    let (fixture, set) = annotated_project();
    let mut value = read_json(&fixture.path(FILE));
    entity_mut(&mut value, "e4")["text"] = "Baltic plan".into();
    fixture.write(FILE, serde_json::to_string_pretty(&value).unwrap());
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    assert!(
        open.read_only_reason()
            .unwrap()
            .starts_with(&format!("{FILE}: e4: stored text"))
    );
    assert_eq!(open.set(), &set);
    assert_eq!(open.set().relations().len(), 3);
    let remove = open.set().remove_entity_edit("e4").unwrap();
    assert!(matches!(
        open.apply(remove, project.schema()),
        Err(EditError::ReadOnly(_))
    ));
}

// ---------------------------------------------------------------------------
// Saving

#[test]
fn saving_replaces_the_file_in_one_rename_and_leaves_no_temporary_file() {
    let (fixture, _) = annotated_project();
    let inode_before = std::fs::metadata(fixture.path(FILE)).unwrap().ino();
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let remove = open.set().remove_entity_edit("e3").unwrap();
    open.apply(remove, project.schema()).unwrap();
    let written = open.save_now().unwrap();

    let bytes = fixture.read(FILE);
    assert_eq!(bytes, open.to_file().to_json().into_bytes());
    let SaveOutcome::Written { sha256 } = written else {
        panic!("{written:?}")
    };
    assert_eq!(sha256, spanwright::text::sha256_hex(&bytes));
    // A new file renamed over the old one, not the old one rewritten in place.
    assert_ne!(std::fs::metadata(fixture.path(FILE)).unwrap().ino(), inode_before);
    let mut names: Vec<_> = std::fs::read_dir(fixture.path("annotations/alice/news"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    // Beside the file: only the (empty) lock file that serializes its saves.
    assert_eq!(names, [".rome-talks.txt.json.lock", "rome-talks.txt.json"]);
}

#[test]
fn saving_skips_documents_that_did_not_change() {
    let (fixture, _) = annotated_project();
    let path = fixture.path(FILE);
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(long_ago)
        .unwrap();
    let before = (fixture.read(FILE), std::fs::metadata(&path).unwrap().ino());
    let project = Project::open(fixture.root()).unwrap();

    let mut untouched = OpenDocument::open(&project, DOC, "alice").unwrap();
    assert!(untouched.save_job().is_none());
    assert_eq!(untouched.save_now().unwrap(), SaveOutcome::Unchanged);

    // Changed and changed back: the same bytes, so nothing is written.
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let remove = open.set().remove_entity_edit("e1").unwrap();
    open.apply(remove, project.schema()).unwrap();
    open.undo(project.schema()).unwrap().unwrap();
    assert_eq!(open.save_now().unwrap(), SaveOutcome::Unchanged);
    assert!(!open.is_dirty());

    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), long_ago);
    assert_eq!((fixture.read(FILE), std::fs::metadata(&path).unwrap().ino()), before);
}

#[test]
fn saving_refuses_to_overwrite_a_file_changed_on_disk() {
    let (fixture, _) = annotated_project();
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let remove = open.set().remove_entity_edit("e5").unwrap();
    open.apply(remove, project.schema()).unwrap();

    // Another window saved a different version meanwhile.
    let mut theirs = read_json(&fixture.path(FILE));
    theirs["status"] = "done".into();
    let theirs = serde_json::to_string_pretty(&theirs).unwrap();
    fixture.write(FILE, &theirs);

    let err = open.save_now().unwrap_err();
    assert!(matches!(err, SaveError::Conflict { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "{FILE} changed on disk since it was loaded (another program or Spanwright window wrote it); not overwritten"
        )
    );
    assert_eq!(fixture.read(FILE), theirs.as_bytes());
    assert!(open.is_dirty(), "the edits are still there to save elsewhere");
    assert!(open.set().entity("e5").is_none());

    // The same when there was no file at load time and one appeared.
    let mut fresh = OpenDocument::open(&project, "other.txt", "alice").unwrap();
    fresh
        .apply(fresh.set().add_entity_edit("PERSON", 0, 7), project.schema())
        .unwrap();
    fixture.write("annotations/alice/other.txt.json", "written by someone else");
    assert!(matches!(fresh.save_now(), Err(SaveError::Conflict { .. })));
    assert_eq!(
        fixture.read("annotations/alice/other.txt.json"),
        b"written by someone else"
    );
}

#[test]
fn saving_creates_the_folders_it_needs() {
    let fixture = Fixture::new();
    fixture.write("2024/05/rome-talks.txt", TEXT);
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, "2024/05/rome-talks.txt", "Zoë Martín").unwrap();
    let (start, end) = span(TEXT, "Anna Kowalska");
    open.apply(open.set().add_entity_edit("PERSON", start, end), project.schema())
        .unwrap();
    assert!(!fixture.path("annotations").exists());
    open.save_now().unwrap();
    let file = AnnotationFile::load(
        &fixture.path("annotations/Zoë Martín/2024/05/rome-talks.txt.json"),
        "annotations/Zoë Martín/2024/05/rome-talks.txt.json",
    )
    .unwrap();
    assert_eq!(file.document.id, "2024/05/rome-talks.txt");
    assert_eq!(file.annotator, "Zoë Martín");
    assert_eq!(file.entities[0].text, "Anna Kowalska");
    assert_eq!(project.annotators(), ["Zoë Martín"]);
}

#[test]
fn a_never_annotated_document_writes_nothing() {
    let fixture = Fixture::new();
    fixture.write(DOC, TEXT);
    let project = Project::open(fixture.root()).unwrap();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    assert!(open.save_job().is_none());
    assert_eq!(open.save_now().unwrap(), SaveOutcome::Unchanged);

    let (start, end) = span(TEXT, "Rome");
    open.apply(open.set().add_entity_edit("LOCATION", start, end), project.schema())
        .unwrap();
    assert!(open.is_dirty());
    open.undo(project.schema()).unwrap().unwrap();
    assert!(!open.is_dirty(), "back to never annotated");
    assert_eq!(open.save_now().unwrap(), SaveOutcome::Unchanged);
    assert!(!fixture.path("annotations").exists());

    // Marking it done is work worth keeping, even with no entity.
    open.apply(open.set().set_status_edit(Status::Done).unwrap(), project.schema())
        .unwrap();
    assert!(matches!(open.save_now(), Ok(SaveOutcome::Written { .. })));
    assert_eq!(
        AnnotationFile::load(&fixture.path(FILE), FILE).unwrap().status,
        Status::Done
    );
}

// ---------------------------------------------------------------------------
// The project folder

#[test]
fn every_text_below_the_folder_is_listed_in_natural_order() {
    let fixture = Fixture::new();
    for name in [
        "sub/annotations/kept.txt",
        "doc10.txt",
        "b/doc10.txt",
        "Doc2.txt",
        "b/doc9.txt",
        "deep/er/still.txt",
        "a.txt",
        // Not texts, hidden, or annotation folders: never listed.
        "notes.md",
        "a.txt.json",
        ".hidden.txt",
        ".git/x.txt",
        "sub/.cache/y.txt",
        "annotations/alice/x.txt",
        "annotations/stray.txt",
    ] {
        fixture.write(name, "text\n");
    }
    let expected = [
        "a.txt",
        "b/doc9.txt",
        "b/doc10.txt",
        "deep/er/still.txt",
        "Doc2.txt",
        "doc10.txt",
        "sub/annotations/kept.txt",
    ];
    let project = Project::open(fixture.root()).unwrap();
    let ids: Vec<&str> = project.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, expected);
    for entry in project.documents() {
        assert_eq!(entry.path, fixture.path(&entry.id));
    }
    assert_eq!(
        Project::open(fixture.root()).unwrap().documents(),
        project.documents(),
        "stable"
    );
}

#[test]
fn a_file_name_that_is_not_valid_unicode_still_opens() {
    use std::os::unix::ffi::OsStrExt as _;
    let fixture = Fixture::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9-talks.txt");
    std::fs::write(fixture.root().join(name), "Talks in a café.\n").unwrap();
    let project = Project::open(fixture.root()).unwrap();
    let id = project.documents()[0].id.clone();
    assert_eq!(id, "caf\u{FFFD}-talks.txt");
    assert_eq!(project.load_text(&id).unwrap().text(), "Talks in a café.\n");
}

#[test]
fn the_schema_comes_from_the_project_or_else_the_bundled_one() {
    let fixture = Fixture::new();
    fixture.write("a.txt", "Tallinn hosted the talks.\n");
    let project = Project::open(fixture.root()).unwrap();
    assert_eq!(project.schema_origin(), &SchemaOrigin::Bundled);
    assert_eq!(project.schema(), &LabelSchema::bundled());

    let own = r##"{"name": "cities", "entities": [{"name": "CITY", "color": "#123456", "hotkey": "c"}]}"##;
    fixture.write("spanwright-schema.json", own);
    let project = Project::open(fixture.root()).unwrap();
    assert_eq!(project.schema_origin(), &SchemaOrigin::Project);
    assert_eq!(project.schema(), &LabelSchema::from_json("x", own).unwrap());
    let mut open = OpenDocument::open(&project, "a.txt", "alice").unwrap();
    open.apply(open.set().add_entity_edit("CITY", 0, 7), project.schema())
        .unwrap();
    let person = open.set().add_entity_edit("PERSON", 8, 14);
    assert_eq!(
        open.apply(person, project.schema()),
        Err(EditError::UnknownEntityType("PERSON".into()))
    );
}

#[test]
fn an_invalid_project_schema_is_an_error_with_its_json_path() {
    let fixture = Fixture::new();
    fixture.write("a.txt", "text\n");
    fixture.write(
        "spanwright-schema.json",
        r##"{"name": "t", "entities": [{"name": "PERSON", "color": "#ff0000"}],
            "relations": [{"name": "LIVES_IN", "head": ["PERSON"], "tail": ["CITY"]}]}"##,
    );
    let err = Project::open(fixture.root()).unwrap_err().to_string();
    assert!(err.contains("spanwright-schema.json: invalid label schema"), "{err}");
    assert!(
        err.contains("$.relations[0].tail[0]: unknown entity type \"CITY\""),
        "{err}"
    );

    fixture.write(
        "spanwright-schema.json",
        "{\n  \"name\": \"t\",\n  \"entities\": [,]\n}",
    );
    let err = Project::open(fixture.root()).unwrap_err().to_string();
    assert!(
        err.contains("spanwright-schema.json:3:16: invalid label schema JSON"),
        "{err}"
    );
    let output = validate_project(fixture.root(), false);
    assert_eq!(output.exit_code, 2);
    assert!(
        output.stderr.starts_with("spanwright: ") && output.stderr.contains(":3:16:"),
        "{}",
        output.stderr
    );
}

/// 10,000 files that would fail to load as text (not UTF-8) are listed all
/// the same, in natural order. Access times show that none was read: each is
/// set far in the past first, and on this file system (unless mounted
/// `noatime`, checked with a control read) reading a file updates it.
#[test]
fn listing_ten_thousand_documents_reads_none_of_them() {
    let fixture = Fixture::new();
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for i in 1..=10_000 {
        let path = fixture.write(&format!("docs/d{i}.txt"), b"\xFF\xFE not UTF-8");
        let times = std::fs::FileTimes::new().set_accessed(long_ago);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_times(times)
            .unwrap();
    }
    let project = Project::open(fixture.root()).unwrap();
    let ids: Vec<&str> = project.documents().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), 10_000);
    assert_eq!(&ids[..3], ["docs/d1.txt", "docs/d2.txt", "docs/d3.txt"]);
    assert_eq!(ids[9_999], "docs/d10000.txt");
    let accessed = |id: &str| std::fs::metadata(fixture.path(id)).unwrap().accessed().unwrap();
    let untouched = ids.iter().filter(|id| accessed(id) == long_ago).count();

    assert!(project.load_text("docs/d5000.txt").is_err());
    if accessed("docs/d5000.txt") == long_ago {
        eprintln!("access times are not updated here (noatime): only listing without error is checked");
        return;
    }
    assert_eq!(untouched, 10_000, "listing read some texts");
}

// ---------------------------------------------------------------------------
// Command line

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn validate_finds_no_problem_in_the_sample_corpus() {
    let sample = repo_path("assets/sample-corpus");
    let project = Project::open(&sample).unwrap();
    assert_eq!(project.documents().len(), 6);
    assert_eq!(project_problems(&project), []);
    let output = validate_project(&sample, false);
    assert_eq!(output.stdout, "ok: 6 documents, no problems\n");
    assert_eq!((output.exit_code, output.stderr.as_str()), (0, ""));
}

#[test]
fn validate_prints_one_line_per_problem_naming_file_and_id() {
    let fixture = Fixture::new();
    copy_folder(&repo_path("assets/sample-corpus"), fixture.root());
    let edit = |name: &str, change: &dyn Fn(&mut Value)| {
        let file = format!("annotations/alice/{name}.json");
        let mut value = read_json(&fixture.path(&file));
        change(&mut value);
        fixture.write(&file, serde_json::to_string_pretty(&value).unwrap());
    };
    edit("albania-centres.txt", &|v| {
        relation_mut(v, "r1")["tail"] = "e999".into()
    });
    edit("channel-crossings.txt", &|v| {
        entity_mut(v, "e2")["label"] = "NATION".into()
    });
    edit("italy-uk-taskforce.txt", &|v| {
        let entity = entity_mut(v, "e6");
        let text = entity["text"].as_str().unwrap().to_uppercase();
        entity["text"] = text.into();
    });
    let truncated = fixture.read("annotations/alice/g7-ministers-meeting.txt.json")[..200].to_vec();
    fixture.write("annotations/alice/g7-ministers-meeting.txt.json", truncated);

    let output = validate_project(fixture.root(), false);
    assert_eq!(output.exit_code, 1);
    let lines: Vec<&str> = output.stdout.lines().collect();
    // The relabelled "UK" also makes the corpus inconsistent: a warning.
    assert_eq!(lines.len(), 6, "{}", output.stdout);
    let expected_starts = [
        "annotations/alice/albania-centres.txt.json: r1: tail \"e999\" is not an entity of this file",
        "annotations/alice/channel-crossings.txt.json: e2: unknown label \"NATION\"",
        "annotations/alice/g7-ministers-meeting.txt.json:7:8: ",
        "annotations/alice/italy-uk-taskforce.txt.json: e6: stored text ",
        "warning: inconsistent: \"UK\" is labelled ",
        "4 problems, 1 warning",
    ];
    for (line, start) in lines.iter().zip(expected_starts) {
        assert!(line.starts_with(start), "{line:?} should start with {start:?}");
    }
    assert!(lines[2].contains("invalid JSON: EOF while parsing"), "{}", lines[2]);
}

/// Three documents; alice annotated two, bob two plus one he could not save
/// properly (invalid JSON): the numbers below are counted by hand.
fn two_annotator_project() -> Fixture {
    let fixture = Fixture::new();
    fixture.write("a.txt", "Anna Kowalska, Interior Minister, met Jonas Berg.\n");
    fixture.write("b.txt", "Estonia and Latvia signed the Riga Accord.\n");
    fixture.write("c.txt", "No names here.\n");
    let project = Project::open(fixture.root()).unwrap();
    let schema = project.schema().clone();
    let annotate = |annotator: &str, doc: &str, entities: &[(&str, &str)], relations: &[(&str, &str, &str)], status| {
        let mut open = OpenDocument::open(&project, doc, annotator).unwrap();
        let text = open.document().text().to_owned();
        for (label, needle) in entities {
            let (start, end) = span(&text, needle);
            open.apply(open.set().add_entity_edit(label, start, end), &schema)
                .unwrap();
        }
        for (label, head, tail) in relations {
            open.apply(open.set().add_relation_edit(label, head, tail), &schema)
                .unwrap();
        }
        if let Some(edit) = open.set().set_status_edit(status) {
            open.apply(edit, &schema).unwrap();
        }
        open.save_now().unwrap();
    };
    annotate(
        "alice",
        "a.txt",
        &[
            ("PERSON", "Anna Kowalska"),
            ("ROLE", "Interior Minister"),
            ("PERSON", "Jonas Berg"),
        ],
        &[("HOLDS_ROLE", "e1", "e2"), ("MEETS", "e1", "e3")],
        Status::Done,
    );
    annotate(
        "alice",
        "b.txt",
        &[
            ("COUNTRY", "Estonia"),
            ("COUNTRY", "Latvia"),
            ("AGREEMENT", "Riga Accord"),
        ],
        &[("SIGNS", "e1", "e3")],
        Status::InProgress,
    );
    annotate("bob", "a.txt", &[("PERSON", "Anna Kowalska")], &[], Status::Reviewed);
    annotate("bob", "c.txt", &[], &[], Status::Done);
    fixture.write("annotations/bob/b.txt.json", "{ not json");
    fixture
}

#[test]
fn stats_counts_are_exact_on_a_two_annotator_project() {
    let fixture = two_annotator_project();
    let stats = project_stats(&Project::open(fixture.root()).unwrap());
    let counts = |pairs: &[(&str, usize)]| -> BTreeMap<String, usize> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
    };
    let expected = ProjectStats {
        documents: 3,
        annotated_documents: 2,
        annotators: BTreeMap::from([
            (
                "alice".to_owned(),
                AnnotatorStats {
                    documents: 2,
                    done: 1,
                    entities: 6,
                    relations: 3,
                    entities_per_label: counts(&[("AGREEMENT", 1), ("COUNTRY", 2), ("PERSON", 2), ("ROLE", 1)]),
                    relations_per_label: counts(&[("HOLDS_ROLE", 1), ("MEETS", 1), ("SIGNS", 1)]),
                },
            ),
            (
                "bob".to_owned(),
                AnnotatorStats {
                    documents: 2,
                    done: 2,
                    entities: 1,
                    relations: 0,
                    entities_per_label: counts(&[("PERSON", 1)]),
                    relations_per_label: counts(&[]),
                },
            ),
        ]),
        entities_per_label: counts(&[("AGREEMENT", 1), ("COUNTRY", 2), ("PERSON", 3), ("ROLE", 1)]),
        relations_per_label: counts(&[("HOLDS_ROLE", 1), ("MEETS", 1), ("SIGNS", 1)]),
        unreadable: vec![
            "annotations/bob/b.txt.json:1:3: invalid JSON: key must be a string at line 1 column 3".into(),
        ],
    };
    assert_eq!(stats, expected);

    let tables = stats_output(fixture.root(), false);
    assert_eq!(tables.exit_code, 0);
    assert!(
        tables
            .stdout
            .starts_with("documents            3\nannotated documents  2\n"),
        "{}",
        tables.stdout
    );
    assert!(
        tables
            .stdout
            .contains("\nalice                    2      1         6          3\n"),
        "{}",
        tables.stdout
    );
    assert!(
        tables
            .stdout
            .contains("\nPERSON                 3          2          1\n"),
        "{}",
        tables.stdout
    );
    assert_eq!(
        tables.stderr,
        format!("spanwright: skipped {}\n", expected.unreadable[0])
    );
}

#[test]
fn stats_json_has_the_documented_shape() {
    let fixture = two_annotator_project();
    let output = stats_output(fixture.root(), true);
    assert_eq!(output.exit_code, 0);
    let value: Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(
        value,
        json!({
            "documents": 3,
            "annotated_documents": 2,
            "annotators": {
                "alice": {
                    "documents": 2, "done": 1, "entities": 6, "relations": 3,
                    "entities_per_label": {"AGREEMENT": 1, "COUNTRY": 2, "PERSON": 2, "ROLE": 1},
                    "relations_per_label": {"HOLDS_ROLE": 1, "MEETS": 1, "SIGNS": 1}
                },
                "bob": {
                    "documents": 2, "done": 2, "entities": 1, "relations": 0,
                    "entities_per_label": {"PERSON": 1},
                    "relations_per_label": {}
                }
            },
            "entities_per_label": {"AGREEMENT": 1, "COUNTRY": 2, "PERSON": 3, "ROLE": 1},
            "relations_per_label": {"HOLDS_ROLE": 1, "MEETS": 1, "SIGNS": 1},
            "unreadable": ["annotations/bob/b.txt.json:1:3: invalid JSON: key must be a string at line 1 column 3"]
        })
    );
    for file in ["annotations/alice/a.txt.json", "annotations/bob/c.txt.json"] {
        let violations = schema_violations(&ANNOTATION_SCHEMA, &read_json(&fixture.path(file)));
        assert!(violations.is_empty(), "{file}: {violations:?}");
    }
}

#[test]
fn commands_on_a_missing_folder_fail_with_exit_code_2() {
    let fixture = Fixture::new();
    let missing = fixture.path("nowhere");
    for output in [validate_project(&missing, false), stats_output(&missing, true)] {
        assert_eq!(output.exit_code, 2);
        assert_eq!(output.stdout, "");
        assert_eq!(
            output.stderr,
            format!("spanwright: {}: not a folder\n", missing.display())
        );
    }
}

#[test]
fn annotations_handed_to_background_work_keep_their_version_and_are_not_copied_otherwise() {
    let (fixture, _) = annotated_project();
    let project = Project::open(fixture.root()).unwrap();
    let schema = project.schema().clone();
    let mut open = OpenDocument::open(&project, DOC, "alice").unwrap();
    let (start, end) = span(TEXT, "officials");

    // Held by a job: the edit leaves the job's version as it was.
    let snapshot = open.shared_set();
    let text = open.shared_document();
    open.apply(open.set().add_entity_edit("PERSON", start, end), &schema)
        .unwrap();
    assert_eq!(snapshot.entities().len(), 5, "the job's version is unchanged");
    assert_eq!(open.set().entities().len(), 6);
    assert!(
        std::ptr::eq(&*text, open.document()),
        "the text is shared, never copied"
    );

    // Let go: the next edit and its undo change the set in place.
    drop(snapshot);
    let before = std::ptr::from_ref(open.set());
    let edit = open.set().remove_entity_edit("e6").unwrap();
    open.apply(edit, &schema).unwrap();
    assert!(open.undo(&schema).unwrap().is_ok());
    assert!(std::ptr::eq(before, open.set()), "no copy when nothing else holds it");
    assert_eq!(open.set().entities().len(), 6);
    // Nothing to redo: a job's version stays shared rather than copied.
    assert!(open.redo(&schema).is_some(), "the undone removal can be redone");
    let held = open.shared_set();
    assert!(open.redo(&schema).is_none());
    assert!(std::ptr::eq(&*held, open.set()));
}
