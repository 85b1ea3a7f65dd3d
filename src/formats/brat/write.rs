use super::brat_name;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::annotations::{AttributeValue, Entity};
use crate::schema::LabelSchema;
use crate::text::Document;

use super::conf::{annotation_conf, visual_conf};
use super::is_line_break;
use crate::formats::export::{ExportDocument, FormatWriter};
use crate::formats::report::Issue;
use crate::formats::staging::Staging;
use crate::formats::{ExportError, ExportSummary};

const NO_PLACE: &str = "brat standoff has no place for it";

pub(crate) struct BratWriter {
    folder: PathBuf,
}

impl BratWriter {
    pub(crate) fn new(staging: &mut Staging, out: &Path, schema: &LabelSchema) -> Result<Self, ExportError> {
        staging.write(out.join("annotation.conf"), annotation_conf(schema).as_bytes())?;
        staging.write(out.join("visual.conf"), visual_conf(schema).as_bytes())?;
        Ok(Self {
            folder: out.to_path_buf(),
        })
    }
}

impl FormatWriter for BratWriter {
    fn document(
        &mut self,
        doc: &ExportDocument<'_>,
        staging: &mut Staging,
        summary: &mut ExportSummary,
    ) -> Result<(), ExportError> {
        let document = &doc.document;
        let id = document.id();
        let ann_name = format!("{}.ann", id.strip_suffix(".txt").unwrap_or(id));
        let ann = ann_lines(doc, summary);
        staging.write(self.folder.join(id), &document.to_file_bytes())?;
        staging.write(self.folder.join(ann_name), ann.as_bytes())?;
        summary.not_carried("comments", NO_PLACE, doc.comment_count());
        summary.not_carried("document statuses other than todo", NO_PLACE, doc.status_lost());
        Ok(())
    }

    fn finish(self: Box<Self>, _staging: &mut Staging, _summary: &mut ExportSummary) -> Result<(), ExportError> {
        Ok(())
    }
}

/// The `.ann` file of one document.
fn ann_lines(doc: &ExportDocument<'_>, summary: &mut ExportSummary) -> String {
    let document = &doc.document;
    let shift = usize::from(document.has_bom());
    let skip = |summary: &mut ExportSummary, item: String, message: String| {
        summary
            .skipped
            .push(Issue::new(document.id(), None, Some(item), message));
    };
    let mut ann = String::new();
    let mut t_ids: HashMap<&str, String> = HashMap::new();
    let mut attribute_number = 0;
    let mut note_number = 0;
    let t_numbers = brat_ids(doc.set.entities().iter().map(|e| e.id.as_str()), 'e', 'T');
    let r_numbers = brat_ids(doc.set.relations().iter().map(|r| r.id.as_str()), 'r', 'R');
    for (index, entity) in doc.set.entities().iter().enumerate() {
        let Some(fragments) = fragments(document, entity) else {
            skip(
                summary,
                format!("entity {}", entity.id),
                format!(
                    "{} {}..{} starts or ends with a line break, which an .ann line cannot hold; left out with its relations",
                    entity.label, entity.start, entity.end
                ),
            );
            continue;
        };
        let t_id = t_numbers[index].clone();
        let offsets: Vec<String> = fragments
            .iter()
            .map(|(start, end)| format!("{} {}", start + shift, end + shift))
            .collect();
        let text: Vec<&str> = fragments
            .iter()
            .map(|&(start, end)| document.slice(start, end).unwrap_or_default())
            .collect();
        if entity.label.contains(char::is_whitespace) {
            summary.not_carried(
                "spaces in label names",
                "brat names are space-separated fields; written with _ instead",
                1,
            );
        }
        let _ = writeln!(
            ann,
            "{t_id}\t{} {}\t{}",
            brat_name(&entity.label),
            offsets.join(";"),
            text.join(" ")
        );
        for (name, value) in &entity.attributes {
            match value {
                AttributeValue::Flag(true) => {
                    attribute_number += 1;
                    let _ = writeln!(ann, "A{attribute_number}\t{name} {t_id}");
                }
                AttributeValue::Flag(false) => summary.not_carried(
                    "attribute flags set to false",
                    "a brat binary attribute is present or absent; false is written as absent",
                    1,
                ),
                AttributeValue::Choice(choice) => {
                    attribute_number += 1;
                    let _ = writeln!(ann, "A{attribute_number}\t{name} {t_id} {choice}");
                }
            }
        }
        if let Some(note) = &entity.note {
            note_line(
                &mut ann,
                &mut note_number,
                &t_id,
                note,
                summary,
                document.id(),
                &entity.id,
            );
        }
        t_ids.insert(&entity.id, t_id);
        summary.entities += 1;
    }
    for (index, relation) in doc.set.relations().iter().enumerate() {
        let (Some(head), Some(tail)) = (t_ids.get(relation.head.as_str()), t_ids.get(relation.tail.as_str())) else {
            skip(
                summary,
                format!("relation {}", relation.id),
                "an end of it was left out; relation left out".into(),
            );
            continue;
        };
        let r_id = r_numbers[index].clone();
        if relation.label.contains(char::is_whitespace) {
            summary.not_carried(
                "spaces in label names",
                "brat names are space-separated fields; written with _ instead",
                1,
            );
        }
        let _ = writeln!(ann, "{r_id}\t{} Arg1:{head} Arg2:{tail}", brat_name(&relation.label));
        if let Some(note) = &relation.note {
            note_line(
                &mut ann,
                &mut note_number,
                &r_id,
                note,
                summary,
                document.id(),
                &relation.id,
            );
        }
        summary.relations += 1;
    }
    ann
}

/// brat ids for items with Spanwright ids `ids`: `e4` becomes `T4` (so an
/// imported file keeps its ids), and items named otherwise get the next
/// numbers free after all of those.
fn brat_ids<'a>(ids: impl Iterator<Item = &'a str>, ours: char, theirs: char) -> Vec<String> {
    let ids: Vec<&str> = ids.collect();
    let number = |id: &str| {
        id.strip_prefix(ours)
            .filter(|digits| {
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
            })
            .and_then(|digits| digits.parse::<u64>().ok())
    };
    let mut taken = std::collections::HashSet::new();
    let mut numbers: Vec<Option<u64>> = ids.iter().map(|id| number(id).filter(|n| taken.insert(*n))).collect();
    let mut next = taken.iter().max().copied().unwrap_or(0);
    for slot in &mut numbers {
        if slot.is_none() {
            next += 1;
            *slot = Some(next);
        }
    }
    numbers
        .into_iter()
        .map(|n| format!("{theirs}{}", n.unwrap_or_default()))
        .collect()
}

fn note_line(
    ann: &mut String,
    number: &mut usize,
    target: &str,
    note: &str,
    summary: &mut ExportSummary,
    document: &str,
    item: &str,
) {
    if note.chars().any(is_line_break) {
        summary.skipped.push(Issue::new(
            document,
            None,
            Some(item.to_owned()),
            "its note has line breaks, which an AnnotatorNotes line cannot hold; note left out",
        ));
        return;
    }
    *number += 1;
    let _ = writeln!(ann, "#{number}\tAnnotatorNotes {target}\t{note}");
}

/// The entity's span split at each run of whitespace that holds a line
/// break, the run itself left out (as brat's own fragments are, so that a
/// `75 83;85 98` read in comes back the same); `None` when the entity
/// starts or ends with a line break, since fragments could not give back
/// its exact edges.
fn fragments(document: &Document, entity: &Entity) -> Option<Vec<(usize, usize)>> {
    let text = document.slice(entity.start, entity.end)?;
    let first = text.chars().next()?;
    let last = text.chars().next_back()?;
    if is_line_break(first) || is_line_break(last) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut fragments = Vec::new();
    let mut from = 0;
    let mut at = 0;
    while at < chars.len() {
        if !chars[at].is_whitespace() {
            at += 1;
            continue;
        }
        let run_start = at;
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        if chars[run_start..at].iter().any(|&c| is_line_break(c)) {
            if run_start == 0 || at == chars.len() {
                return None;
            }
            fragments.push((entity.start + from, entity.start + run_start));
            from = at;
        }
    }
    fragments.push((entity.start + from, entity.end));
    Some(fragments)
}
