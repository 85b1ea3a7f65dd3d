//! Export then import into an empty project gives back everything a format
//! can hold, the summary names what it cannot, and exports are the same
//! bytes every time.

use crate::support as formats_support;

use std::path::Path;

use formats_support::*;
use spanwright::annotations::{AnnotationSet, AttributeValue, Status};
use spanwright::formats::{ExportSummary, Format, ImportOptions, ImportSummary, import};

fn import_into(format: Format, input: &Path, project_dir: &Path) -> ImportSummary {
    let options = ImportOptions {
        format,
        input: input.to_path_buf(),
        project_dir: project_dir.to_path_buf(),
        annotator: "alice".into(),
        skip_invalid: false,
    };
    import(&options, &mut |_, _| {}).unwrap()
}

type Sets = Vec<(String, String, AnnotationSet)>;

/// The two projects of a round trip and both summaries.
struct RoundTrip {
    exported: ExportSummary,
    imported: ImportSummary,
    before: Sets,
    after: Sets,
    dir: tempfile::TempDir,
}

/// Exports the full project and imports it into an empty one.
fn round_trip(format: Format) -> RoundTrip {
    let dir = tempfile::tempdir().unwrap();
    let source = full_project(dir.path(), "source");
    let out = dir.path().join(if format == Format::Brat { "out" } else { "out.txt" });
    let exported = export_to(&source, format, &out);
    let target = dir.path().join("target");
    let imported = import_into(format, &out, &target);
    let flatten = |root: &Path| -> Sets {
        sets_of(root, "alice")
            .into_iter()
            .map(|(id, (text, set))| (id, text, set))
            .collect()
    };
    RoundTrip {
        exported,
        imported,
        before: flatten(&source),
        after: flatten(&target),
        dir,
    }
}

fn not_carried(summary: &ExportSummary, what: &str) -> usize {
    summary
        .not_carried
        .iter()
        .find(|n| n.what == what)
        .map_or(0, |n| n.count)
}

fn count(sets: &Sets, of: impl Fn(&AnnotationSet) -> usize) -> usize {
    sets.iter().map(|(_, _, set)| of(set)).sum()
}

fn same_documents(before: &[(String, String, AnnotationSet)], after: &[(String, String, AnnotationSet)]) {
    let ids =
        |sets: &[(String, String, AnnotationSet)]| sets.iter().map(|s| (s.0.clone(), s.1.clone())).collect::<Vec<_>>();
    assert_eq!(ids(before), ids(after), "documents or their texts differ");
    assert_eq!(before.len(), 11);
}

#[test]
fn jsonl_round_trip_gives_back_everything() {
    let RoundTrip {
        exported,
        imported,
        before,
        after,
        ..
    } = round_trip(Format::Jsonl);
    same_documents(&before, &after);
    for ((id, _, a), (_, _, b)) in before.iter().zip(&after) {
        assert_eq!(entity_keys(a), entity_keys(b), "{id}");
        assert_eq!(relation_keys(a), relation_keys(b), "{id}");
        assert_eq!(a.status(), b.status(), "{id}");
        let ids = |set: &AnnotationSet| set.entities().iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(a), ids(b), "{id}: jsonl keeps ids");
    }
    assert!(exported.not_carried.is_empty(), "{:?}", exported.not_carried);
    assert_eq!(imported.entities, count(&before, |s| s.entities().len()));
    assert_eq!(imported.relations, count(&before, |s| s.relations().len()));
    assert!(imported.skipped.is_empty() && imported.not_carried.is_empty());
}

#[test]
fn doccano_round_trip_gives_back_spans_and_relations_and_names_the_rest() {
    let RoundTrip {
        exported,
        before,
        after,
        ..
    } = round_trip(Format::Doccano);
    same_documents(&before, &after);
    let spans = |set: &AnnotationSet| {
        entity_keys(set)
            .into_iter()
            .map(|k| (k.start, k.end, k.label))
            .collect::<Vec<_>>()
    };
    let links = |set: &AnnotationSet| {
        relation_keys(set)
            .into_iter()
            .map(|k| (k.label, k.head, k.tail))
            .collect::<Vec<_>>()
    };
    for ((id, _, a), (_, _, b)) in before.iter().zip(&after) {
        assert_eq!(spans(a), spans(b), "{id}");
        assert_eq!(links(a), links(b), "{id}");
    }
    let attributes = count(&before, |s| s.entities().iter().map(|e| e.attributes.len()).sum());
    let entity_notes = count(&before, |s| s.entities().iter().filter(|e| e.note.is_some()).count());
    let relation_notes = count(&before, |s| s.relations().iter().filter(|r| r.note.is_some()).count());
    let comments = count(&before, |s| s.entities().iter().filter(|e| e.comment.is_some()).count());
    let statuses = count(&before, |s| usize::from(s.status() != Status::Todo));
    assert!(attributes > 0 && entity_notes > 0 && relation_notes > 0 && comments > 0 && statuses > 0);
    assert_eq!(not_carried(&exported, "entity attribute values"), attributes);
    assert_eq!(not_carried(&exported, "entity notes"), entity_notes);
    assert_eq!(not_carried(&exported, "relation notes"), relation_notes);
    assert_eq!(not_carried(&exported, "comments"), comments);
    assert_eq!(not_carried(&exported, "document statuses other than todo"), statuses);
}

#[test]
fn label_studio_round_trip_keeps_attributes_notes_and_comments_of_entities() {
    let RoundTrip {
        exported,
        before,
        after,
        dir,
        ..
    } = round_trip(Format::LabelStudio);
    same_documents(&before, &after);
    let links = |set: &AnnotationSet| {
        relation_keys(set)
            .into_iter()
            .map(|k| (k.label, k.head, k.tail))
            .collect::<Vec<_>>()
    };
    for ((id, _, a), (_, _, b)) in before.iter().zip(&after) {
        assert_eq!(entity_keys(a), entity_keys(b), "{id}");
        assert_eq!(links(a), links(b), "{id}");
    }
    let relation_notes = count(&before, |s| {
        s.relations()
            .iter()
            .map(|r| usize::from(r.note.is_some()) + usize::from(r.comment.is_some()))
            .sum()
    });
    assert!(relation_notes > 0);
    assert_eq!(not_carried(&exported, "relation notes and comments"), relation_notes);
    let config = std::fs::read_to_string(dir.path().join("out.label-config.xml")).unwrap();
    assert!(config.contains("<Labels name=\"label\" toName=\"text\">"));
    assert!(exported.files.iter().any(|f| f.ends_with("out.label-config.xml")));
}

#[test]
fn brat_round_trip_keeps_attributes_and_notes_and_the_text_bytes() {
    let RoundTrip {
        exported,
        before,
        after,
        dir,
        ..
    } = round_trip(Format::Brat);
    same_documents(&before, &after);
    let without_comments_and_false_flags = |set: &AnnotationSet| {
        entity_keys(set)
            .into_iter()
            .map(|mut k| {
                k.comment = None;
                k.attributes.retain(|(_, v)| v != "false");
                k
            })
            .collect::<Vec<_>>()
    };
    for ((id, _, a), (_, _, b)) in before.iter().zip(&after) {
        assert_eq!(without_comments_and_false_flags(a), entity_keys(b), "{id}");
        assert_eq!(relation_keys(a), relation_keys(b), "{id}");
    }
    let false_flags = count(&before, |s| {
        s.entities()
            .iter()
            .flat_map(|e| e.attributes.values())
            .filter(|v| **v == AttributeValue::Flag(false))
            .count()
    });
    assert_eq!(false_flags, 1);
    assert_eq!(not_carried(&exported, "attribute flags set to false"), false_flags);
    let comments = count(&before, |s| s.entities().iter().filter(|e| e.comment.is_some()).count());
    assert_eq!(not_carried(&exported, "comments"), comments);
    // The texts come back byte for byte, byte order mark included.
    for id in [
        "news/bom-crlf.txt",
        "border-summit-preview.txt",
        "channel-crossings.txt",
    ] {
        let source = std::fs::read(dir.path().join("source").join(id)).unwrap();
        let target = std::fs::read(dir.path().join("target").join(id)).unwrap();
        assert_eq!(source, target, "{id}");
    }
}

#[test]
fn conll_export_counts_what_it_cannot_hold() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_project(dir.path(), "source");
    let summary = export_to(&source, Format::Conll, &dir.path().join("out.conll"));
    let sets = sets_of(&source, "alice");
    let entities: usize = sets.values().map(|(_, s)| s.entities().len()).sum();
    let relations: usize = sets.values().map(|(_, s)| s.relations().len()).sum();
    assert_eq!(not_carried(&summary, "relations"), relations);
    assert_eq!(summary.relations, 0);
    // Every entity is either written or listed with its reason.
    assert_eq!(summary.entities + summary.skipped.len(), entities);
    assert!(summary.skipped.iter().any(|s| s.message.contains("longest wins")));
    // The fixtures' entities all lie on token edges (possessives are tokens
    // of their own), so overlaps are the only reason left.
    assert!(
        summary
            .skipped
            .iter()
            .all(|s| s.message.contains("longest wins") || s.message.contains("falls inside the token")),
        "{:?}",
        summary.skipped
    );
}

#[test]
fn importing_a_format_that_is_export_only_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let options = ImportOptions {
        format: Format::Conll,
        input: dir.path().join("x.conll"),
        project_dir: dir.path().join("p"),
        annotator: "alice".into(),
        skip_invalid: false,
    };
    let err = import(&options, &mut |_, _| {}).unwrap_err();
    assert_eq!(err.to_string(), "conll is export only: it cannot be imported");
}

fn files_below(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(root).unwrap().display().to_string();
                found.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_format_exports_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let source = full_project(dir.path(), "source");
    for format in Format::ALL {
        let first = dir.path().join(format!("first-{format}"));
        let second = dir.path().join(format!("second-{format}"));
        std::fs::create_dir_all(&first).unwrap();
        std::fs::create_dir_all(&second).unwrap();
        let name = if format == Format::Brat { "out" } else { "out.data" };
        export_to(&source, format, &first.join(name));
        export_to(&source, format, &second.join(name));
        let (a, b) = (files_below(&first), files_below(&second));
        assert!(!a.is_empty(), "{format}");
        assert!(
            a.len() >= 2 || format != Format::LabelStudio,
            "{format}: config missing"
        );
        assert_eq!(a, b, "{format}");
    }
}

#[test]
fn a_failed_export_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let source = sample_project(dir.path(), "source");
    // Break one annotation file: its stored text no longer matches.
    let broken = source.join("annotations/alice/channel-crossings.txt.json");
    let json = std::fs::read_to_string(&broken).unwrap();
    std::fs::write(
        &broken,
        json.replacen("\"almost 39,000 people\"", "\"almost 40,000 people\"", 1),
    )
    .unwrap();
    let out_folder = dir.path().join("out");
    std::fs::create_dir_all(&out_folder).unwrap();
    let project = spanwright::project::Project::open(&source).unwrap();
    for format in Format::ALL {
        let out = out_folder.join(format!("export-{format}"));
        let options = spanwright::formats::ExportOptions::new(format);
        let err = spanwright::formats::export(&project, &options, &out, &mut |_, _| {}).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("annotations/alice/channel-crossings.txt.json: e1: stored text"),
            "{message}"
        );
    }
    assert_eq!(
        std::fs::read_dir(&out_folder).unwrap().count(),
        0,
        "something was left in the output folder"
    );
}

#[test]
fn brat_import_merges_fragments_split_by_whitespace_and_names_true_discontinuities() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("brat");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("a.txt"),
        "Mirabella\nEclano hosted Italy and, later, France.",
    )
    .unwrap();
    std::fs::write(
        input.join("a.ann"),
        [
            "T1\tLOCATION 0 9;10 16\tMirabella Eclano",
            "T2\tCOUNTRY 24 29;42 48\tItaly France",
            "T3\tCOUNTRY 24 29\tItaly",
            "R1\tCOOPERATES_WITH Arg1:T3 Arg2:T2",
            "A1\tstage T2 signed",
            "#1\tAnnotatorNotes T1\tthe town",
            "E1\tMEETS:T3 Arg:T1",
            "N1\tReference T3 Wikidata:Q38\tItaly",
            "",
        ]
        .join("\n"),
    )
    .unwrap();
    let summary = import_into(Format::Brat, &input, &dir.path().join("target"));
    assert_eq!(
        (summary.entities, summary.relations, summary.notes),
        (2, 0, 1),
        "{summary}"
    );
    let reasons: Vec<String> = summary.not_carried.iter().map(ToString::to_string).collect();
    let file = input.join("a.ann").display().to_string();
    assert_eq!(
        reasons,
        [
            format!(
                "{file}:2: T2: a discontinuous entity (COUNTRY \"Italy France\") not carried: Spanwright entities are one span; it and what refers to it are left out"
            ),
            format!(
                "{file}:4: R1: a relation whose argument T2 is a discontinuous entity, which Spanwright does not carry; not carried"
            ),
            format!("{file}:7: E1: an event not carried: Spanwright has no events"),
            format!("{file}:8: N1: a normalization not carried: Spanwright has no normalizations"),
            format!(
                "{file}:5: A1: attribute stage of T2, a discontinuous entity, which Spanwright does not carry; not carried"
            ),
        ]
    );
    let sets = sets_of(&dir.path().join("target"), "alice");
    let (_, set) = &sets["a.txt"];
    let town = set.entity("e1").unwrap();
    assert_eq!((town.start, town.end, town.note.as_deref()), (0, 16, Some("the town")));
}

#[test]
fn label_studio_import_names_what_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("tasks.json");
    let task = serde_json::json!([{
        "id": 7,
        "data": {"text": "Rome 🚤 hosts."},
        "annotations": [
            {"result": [
                {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 4, "text": "Rome", "labels": ["LOCATION"]}},
                {"id": "x", "from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": ["positive"]}}
            ]},
            {"result": []}
        ],
        "predictions": [{"result": []}]
    }]);
    std::fs::write(&input, serde_json::to_string_pretty(&task).unwrap()).unwrap();
    let summary = import_into(Format::LabelStudio, &input, &dir.path().join("target"));
    assert_eq!(summary.entities, 1);
    assert_eq!(summary.renamed, [("task-7".to_owned(), "task-7.txt".to_owned())]);
    let reasons: Vec<&str> = summary.not_carried.iter().map(|i| i.message.as_str()).collect();
    // The second annotation (empty) is stored apart from the first; the
    // empty prediction becomes an empty suggestion list.
    assert_eq!(
        reasons,
        ["a choices result from \"sentiment\" not carried: Spanwright has no place for it"]
    );
    assert_eq!(summary.documents, 2, "{summary}");
    assert_eq!(summary.suggestions, 0);
}
