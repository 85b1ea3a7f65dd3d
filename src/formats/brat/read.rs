use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::annotations::AttributeValue;
use crate::schema::LabelSchema;
use crate::text::{Document, natural_cmp};

use crate::formats::ImportError;
use crate::formats::incoming::{IncomingDocument, IncomingEntity, IncomingRelation, ReadResult};
use crate::formats::report::Issue;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads every `.ann` below `input` (or the one `.ann` file it names) with
/// the `.txt` beside it.
/// Reads brat standoff; with `newlines_lf` each `.txt` is read with CRLF
/// line ends turned into LF (for offsets made on the LF text).
pub(crate) fn read(input: &Path, schema: &LabelSchema, newlines_lf: bool) -> Result<ReadResult, ImportError> {
    let unreadable = |source| ImportError::Unreadable {
        file: input.display().to_string(),
        source,
    };
    let (root, files) = if input.is_dir() {
        let mut files = Vec::new();
        collect_ann_files(input, &mut files).map_err(unreadable)?;
        (input.to_path_buf(), files)
    } else {
        std::fs::metadata(input).map_err(unreadable)?;
        let root = input.parent().map(Path::to_path_buf).unwrap_or_default();
        (root, vec![input.to_path_buf()])
    };
    let mut named: Vec<(String, PathBuf)> = files
        .into_iter()
        .map(|path| (relative_id(&root, &path), path))
        .collect();
    named.sort_by(|a, b| natural_cmp(&a.0, &b.0));
    let mut result = ReadResult::default();
    for (ann_id, ann_path) in named {
        read_pair(&ann_id, &ann_path, schema, newlines_lf, &mut result);
    }
    Ok(result)
}

fn collect_ann_files(folder: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entry.file_type()?.is_dir() {
            collect_ann_files(&entry.path(), found)?;
        } else if name.ends_with(".ann") {
            found.push(entry.path());
        }
    }
    Ok(())
}

fn relative_id(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Our id for a brat id: `T12` becomes `e12` and `R3` becomes `r3`, so that
/// imported files look like the window's own.
fn our_id(brat_id: &str) -> String {
    let digits = |rest: &str| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit());
    match brat_id.split_at_checked(1) {
        Some(("T", rest)) if digits(rest) => format!("e{rest}"),
        Some(("R", rest)) if digits(rest) => format!("r{rest}"),
        _ => brat_id.to_owned(),
    }
}

fn read_pair(ann_id: &str, ann_path: &Path, schema: &LabelSchema, newlines_lf: bool, result: &mut ReadResult) {
    let ann_file = ann_path.display().to_string();
    let doc_id = format!("{}.txt", ann_id.strip_suffix(".ann").unwrap_or(ann_id));
    let txt_path = ann_path.with_extension("txt");
    let whole = |message: String| Issue::new(ann_file.clone(), None, None, message);
    let bytes = match std::fs::read(&txt_path) {
        Ok(bytes) => bytes,
        Err(err) => {
            result.problems.push(whole(format!(
                "cannot read its text {}: {err}; document skipped",
                txt_path.display()
            )));
            return;
        }
    };
    let ann = match std::fs::read(ann_path).map(String::from_utf8) {
        Ok(Ok(ann)) => ann,
        Ok(Err(err)) => {
            result.problems.push(whole(format!(
                "not valid UTF-8 at byte {}; document skipped",
                err.utf8_error().valid_up_to()
            )));
            return;
        }
        Err(err) => {
            result
                .problems
                .push(whole(format!("cannot read: {err}; document skipped")));
            return;
        }
    };
    let bytes = if newlines_lf { crlf_to_lf(bytes) } else { bytes };
    let bom = bytes.starts_with(BOM);
    // The text as brat sees it: a BOM is one more character at offset 0.
    let as_brat_reads = match String::from_utf8(bytes) {
        Ok(text) => Document::from_text(&doc_id, text),
        Err(err) => {
            result.problems.push(Issue::new(
                txt_path.display().to_string(),
                None,
                None,
                format!(
                    "not valid UTF-8 at byte {}; document skipped",
                    err.utf8_error().valid_up_to()
                ),
            ));
            return;
        }
    };
    let text = as_brat_reads
        .text()
        .strip_prefix('\u{FEFF}')
        .filter(|_| bom)
        .unwrap_or(as_brat_reads.text())
        .to_owned();
    let mut doc = IncomingDocument {
        id: doc_id,
        file: ann_file.clone(),
        line: None,
        text,
        bom,
        ..IncomingDocument::default()
    };
    let with_lf = as_brat_reads
        .text()
        .contains("\r\n")
        .then(|| Document::from_text(&doc.id, as_brat_reads.text().replace("\r\n", "\n")));
    let mut reader = AnnReader {
        file: &ann_file,
        text: &as_brat_reads,
        with_lf: with_lf.as_ref(),
        shift: usize::from(bom),
        schema,
        doc: &mut doc,
        result,
        entity_at: HashMap::new(),
        relation_at: HashMap::new(),
        dropped: HashSet::new(),
        failed: HashSet::new(),
        unresolved: Vec::new(),
    };
    // Events are left out wherever they stand in the file, so that a
    // relation before its event argument is reported as such.
    for line in ann.lines().filter(|line| line.starts_with('E')) {
        if let Some(id) = line.split('\t').next() {
            reader.dropped.insert(id.to_owned());
        }
    }
    for (index, line) in ann.lines().enumerate() {
        reader.line(index + 1, line);
    }
    reader.attach_unresolved();
    result.documents.push(doc);
}

/// Lines that refer to other annotations, kept until all T and R lines of
/// the file are read.
enum Reference {
    Attribute {
        line: usize,
        id: String,
        name: String,
        target: String,
        value: Option<String>,
    },
    Note {
        line: usize,
        id: String,
        target: String,
        text: String,
    },
}

struct AnnReader<'a> {
    file: &'a str,
    text: &'a Document,
    /// The text with CRLF turned into LF, when it has CRLF: offsets that
    /// fail on the text but fit this get a hint.
    with_lf: Option<&'a Document>,
    shift: usize,
    schema: &'a LabelSchema,
    doc: &'a mut IncomingDocument,
    result: &'a mut ReadResult,
    entity_at: HashMap<String, usize>,
    relation_at: HashMap<String, usize>,
    /// Ids of discontinuous entities and events, left out as not carried;
    /// what refers to them is left out too.
    dropped: HashSet<String>,
    /// Ids of T lines that were invalid; what refers to them is skipped too.
    failed: HashSet<String>,
    unresolved: Vec<Reference>,
}

impl AnnReader<'_> {
    /// A hint when the offsets fit the text with LF line ends, or without
    /// its byte order mark, instead of the text as it is.
    fn why_offsets_differ(&self, fragments: &[(usize, usize)], stated: &str) -> String {
        let fits = |text: &Document, shift: usize| {
            let pieces: Option<Vec<&str>> = fragments
                .iter()
                .map(|&(start, end)| text.slice(start + shift, end + shift))
                .collect();
            pieces.is_some_and(|pieces| pieces.join(" ") == stated)
        };
        if self.with_lf.is_some_and(|lf| fits(lf, 0)) {
            return " (the offsets fit the text with LF line ends: the .txt has CRLF; import with --newlines lf to read it so)"
                .to_owned();
        }
        if self.shift > 0 && fits(self.text, self.shift) {
            return " (the offsets fit the text without its byte order mark, which brat counts as a character: remove the BOM from the .txt)".to_owned();
        }
        String::new()
    }

    fn issue(&self, line: usize, item: &str, message: String) -> Issue {
        Issue::new(self.file, Some(line), Some(item.to_owned()), message)
    }

    fn problem(&mut self, line: usize, item: &str, message: String) {
        let issue = self.issue(line, item, message);
        self.result.problems.push(issue);
    }

    fn not_carried(&mut self, line: usize, item: &str, message: String) {
        let issue = self.issue(line, item, message);
        self.result.not_carried.push(issue);
    }

    fn line(&mut self, number: usize, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        let mut parts = line.splitn(3, '\t');
        let id = parts.next().unwrap_or_default();
        let body = parts.next();
        let rest = parts.next();
        let Some(body) = body else {
            self.problem(number, id, "broken line: expected ID<tab>ANNOTATION".into());
            return;
        };
        let fields: Vec<&str> = body.split(' ').collect();
        match id.chars().next() {
            Some('T') => self.text_bound(number, id, &fields, rest.unwrap_or_default()),
            Some('R') => self.relation(number, id, &fields),
            Some('A' | 'M') => match fields.as_slice() {
                [name, target] | [name, target, _] => self.unresolved.push(Reference::Attribute {
                    line: number,
                    id: id.to_owned(),
                    name: (*name).to_owned(),
                    target: (*target).to_owned(),
                    value: fields.get(2).map(|v| (*v).to_owned()),
                }),
                _ => self.problem(number, id, "broken attribute line: expected NAME TARGET [VALUE]".into()),
            },
            Some('#') => match fields.as_slice() {
                ["AnnotatorNotes", target] => self.unresolved.push(Reference::Note {
                    line: number,
                    id: id.to_owned(),
                    target: (*target).to_owned(),
                    text: rest.unwrap_or_default().to_owned(),
                }),
                [kind, ..] => self.not_carried(
                    number,
                    id,
                    format!("a {kind} comment not carried: only AnnotatorNotes become notes"),
                ),
                [] => self.problem(number, id, "broken comment line".into()),
            },
            Some('E') => {
                self.dropped.insert(id.to_owned());
                self.not_carried(number, id, "an event not carried: Spanwright has no events".into());
            }
            Some('N') => self.not_carried(
                number,
                id,
                "a normalization not carried: Spanwright has no normalizations".into(),
            ),
            Some('*') => self.not_carried(
                number,
                id,
                "an equivalence not carried: Spanwright has no equivalence sets".into(),
            ),
            _ => self.problem(number, id, "broken line: not a brat annotation".into()),
        }
    }

    fn text_bound(&mut self, number: usize, id: &str, fields: &[&str], stated: &str) {
        // Cleared below once the line turns out valid.
        self.failed.insert(id.to_owned());
        let Some((label, offsets)) = fields.split_first() else {
            self.problem(number, id, "broken T line: expected TYPE START END".into());
            return;
        };
        let mut fragments = Vec::new();
        for fragment in offsets.join(" ").split(';') {
            let numbers: Vec<Option<usize>> = fragment.split(' ').map(|n| n.parse().ok()).collect();
            match numbers.as_slice() {
                [Some(start), Some(end)] => fragments.push((*start, *end)),
                _ => {
                    self.problem(
                        number,
                        id,
                        format!("broken offsets \"{fragment}\": expected START END; entity skipped"),
                    );
                    return;
                }
            }
        }
        let len = self.text.char_len();
        let mut pieces = Vec::new();
        for &(start, end) in &fragments {
            if start >= end || end > len {
                self.problem(
                    number,
                    id,
                    format!("offsets {start}..{end} do not fit a text of {len} characters; entity skipped"),
                );
                return;
            }
            if start < self.shift {
                let hint = self.why_offsets_differ(&fragments, stated);
                self.problem(
                    number,
                    id,
                    format!("the span includes the byte order mark; entity skipped{hint}"),
                );
                return;
            }
            pieces.push(self.text.slice(start, end).unwrap_or_default());
        }
        let actual = pieces.join(" ");
        if actual != stated {
            let hint = self.why_offsets_differ(&fragments, stated);
            self.problem(
                number,
                id,
                format!(
                    "stated text {stated:?} differs from the .txt at these offsets: {actual:?}; entity skipped{hint}"
                ),
            );
            return;
        }
        self.failed.remove(id);
        fragments.sort_unstable();
        for pair in fragments.windows(2) {
            let gap = self.text.slice(pair[0].1.min(pair[1].0), pair[1].0).unwrap_or_default();
            if pair[1].0 < pair[0].1 || !gap.chars().all(char::is_whitespace) {
                self.dropped.insert(id.to_owned());
                self.not_carried(
                    number,
                    id,
                    format!(
                        "a discontinuous entity ({label} {actual:?}) not carried: Spanwright entities are one span; it and what refers to it are left out"
                    ),
                );
                return;
            }
        }
        let (start, end) = match (fragments.first(), fragments.last()) {
            (Some(first), Some(last)) => (first.0 - self.shift, last.1 - self.shift),
            _ => return,
        };
        self.entity_at.insert(id.to_owned(), self.doc.entities.len());
        self.doc.entities.push(IncomingEntity {
            id: Some(our_id(id)),
            label: (*label).to_owned(),
            start,
            end,
            line: Some(number),
            ..IncomingEntity::default()
        });
    }

    fn relation(&mut self, number: usize, id: &str, fields: &[&str]) {
        let [label, head, tail] = fields else {
            self.problem(number, id, "broken R line: expected TYPE Arg1:ID Arg2:ID".into());
            return;
        };
        let argument = |arg: &str| arg.split_once(':').map(|(_, target)| target.to_owned());
        let (Some(head), Some(tail)) = (argument(head), argument(tail)) else {
            self.problem(number, id, "broken R line: expected TYPE Arg1:ID Arg2:ID".into());
            return;
        };
        if let Some(skipped) = [&head, &tail].into_iter().find(|end| self.failed.contains(*end)) {
            self.problem(number, id, format!("{skipped} was skipped; relation skipped"));
            return;
        }
        if let Some(end) = [&head, &tail].into_iter().find(|end| self.dropped.contains(*end)) {
            let what = left_out_kind(end);
            self.not_carried(
                number,
                id,
                format!("a relation whose argument {end} is {what}, which Spanwright does not carry; not carried"),
            );
            return;
        }
        self.relation_at.insert(id.to_owned(), self.doc.relations.len());
        self.doc.relations.push(IncomingRelation {
            id: Some(our_id(id)),
            label: (*label).to_owned(),
            head: our_id(&head),
            tail: our_id(&tail),
            line: Some(number),
            ..IncomingRelation::default()
        });
    }

    fn attach_unresolved(&mut self) {
        for reference in std::mem::take(&mut self.unresolved) {
            match reference {
                Reference::Attribute {
                    line,
                    id,
                    name,
                    target,
                    value,
                } => self.attach_attribute(line, &id, name, &target, value),
                Reference::Note { line, id, target, text } => self.attach_note(line, &id, &target, text),
            }
        }
    }

    fn attach_attribute(&mut self, line: usize, id: &str, name: String, target: &str, value: Option<String>) {
        if self.failed.contains(target) {
            self.problem(line, id, format!("{target} was skipped; attribute {name} skipped"));
            return;
        }
        if self.dropped.contains(target) {
            self.not_carried(
                line,
                id,
                format!(
                    "attribute {name} of {target}, {}, which Spanwright does not carry; not carried",
                    left_out_kind(target)
                ),
            );
            return;
        }
        let Some(&at) = self.entity_at.get(target) else {
            if self.relation_at.contains_key(target) {
                self.not_carried(line, id, format!("attribute {name} of a relation not carried"));
            } else {
                self.problem(
                    line,
                    id,
                    format!(
                        "attribute {name} refers to {target}, which is not an entity of this file; attribute skipped"
                    ),
                );
            }
            return;
        };
        let is_flag = self.schema.attribute(&name).is_some_and(|a| a.values.is_none());
        let value = match (is_flag, value) {
            (_, None) => AttributeValue::Flag(true),
            (true, Some(v)) if v == "true" => AttributeValue::Flag(true),
            (true, Some(v)) if v == "false" => AttributeValue::Flag(false),
            (_, Some(v)) => AttributeValue::Choice(v),
        };
        self.doc.entities[at].attributes.insert(name, value);
    }

    fn attach_note(&mut self, line: usize, id: &str, target: &str, text: String) {
        if self.failed.contains(target) {
            self.problem(line, id, format!("{target} was skipped; note skipped"));
            return;
        }
        let note = if let Some(&at) = self.entity_at.get(target) {
            &mut self.doc.entities[at].note
        } else if let Some(&at) = self.relation_at.get(target) {
            &mut self.doc.relations[at].note
        } else if self.dropped.contains(target) {
            self.not_carried(
                line,
                id,
                format!(
                    "a note on {target}, {}, which Spanwright does not carry; not carried",
                    left_out_kind(target)
                ),
            );
            return;
        } else {
            self.problem(
                line,
                id,
                format!("note refers to {target}, which is not an annotation of this file; note skipped"),
            );
            return;
        };
        // Several notes on one annotation are kept one per line.
        *note = Some(match note.take() {
            Some(earlier) => format!("{earlier}\n{text}"),
            None => text,
        });
    }
}

/// What a left-out brat item is, from its id: `E…` lines are events, and
/// the only text-bound `T…` items left out are discontinuous entities.
fn left_out_kind(id: &str) -> &'static str {
    if id.starts_with('E') {
        "an event"
    } else {
        "a discontinuous entity"
    }
}

fn crlf_to_lf(bytes: Vec<u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut iter = bytes.iter().peekable();
    while let Some(&byte) = iter.next() {
        if byte == b'\r' && iter.peek() == Some(&&b'\n') {
            continue;
        }
        out.push(byte);
    }
    out
}
