//! Fixtures shared by the `core_*` integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use proptest::prelude::*;
use spanwright::annotations::{AnnotationFile, AnnotationSet};
use spanwright::schema::LabelSchema;
use spanwright::text::Document;

pub const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(MANIFEST_DIR).join(relative)
}

pub fn read_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn compile(schema_file: &str) -> jsonschema::Validator {
    let schema = read_json(&repo_path(schema_file));
    assert!(
        jsonschema::draft202012::meta::is_valid(&schema),
        "{schema_file} is not a valid 2020-12 JSON Schema"
    );
    jsonschema::draft202012::new(&schema).unwrap_or_else(|err| panic!("{schema_file}: {err}"))
}

pub static ANNOTATION_SCHEMA: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| compile("schemas/annotation.schema.json"));
pub static LABEL_SCHEMA_SCHEMA: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| compile("schemas/label-schema.schema.json"));

/// Every way `instance` breaks the JSON Schema, as "path: message" lines.
pub fn schema_violations(validator: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|err| format!("{}: {err}", err.instance_path))
        .collect()
}

/// Pieces that make offset conversions interesting: multi-byte letters,
/// combining marks, emoji (ZWJ sequences, flags, skin tones), CRLF, lone CR,
/// a BOM character, astral and BMP scripts, and any char at all.
pub fn text_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z]{1,7}",
        2 => Just(" ".to_owned()),
        1 => Just("\r\n".to_owned()),
        1 => Just("\n".to_owned()),
        1 => Just("\r".to_owned()),
        1 => Just("e\u{301}".to_owned()),
        1 => Just("a\u{308}\u{323}".to_owned()),
        1 => Just("🚤".to_owned()),
        1 => Just("👩\u{200D}👩\u{200D}👧".to_owned()),
        1 => Just("🇪🇺".to_owned()),
        1 => Just("🏳\u{FE0F}\u{200D}🌈".to_owned()),
        1 => Just("👍🏽".to_owned()),
        1 => Just("Kozłowski".to_owned()),
        1 => Just("“Gjadër”".to_owned()),
        1 => Just("日本語".to_owned()),
        1 => Just("\u{FEFF}".to_owned()),
        1 => Just("𝔘".to_owned()),
        2 => any::<char>().prop_map(String::from),
    ]
}

/// Random Unicode text, often longer than one 64-character index block.
pub fn unicode_text(pieces: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    proptest::collection::vec(text_piece(), pieces).prop_map(|pieces| pieces.concat())
}

/// A temporary project folder.
pub struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    pub fn write(&self, relative: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        std::fs::write(&path, bytes).expect("write fixture file");
        path
    }

    pub fn read(&self, relative: &str) -> Vec<u8> {
        std::fs::read(self.path(relative)).expect("read fixture file")
    }

    /// Writes `set` for `doc` as `annotator` would save it.
    pub fn write_annotations(&self, annotator: &str, doc: &Document, set: &AnnotationSet) -> String {
        let json = AnnotationFile::from_set(set, doc, annotator).to_json();
        self.write(&format!("annotations/{annotator}/{}.json", doc.id()), &json);
        json
    }
}

/// The bundled schema with overlapping entities refused.
pub fn schema_without_overlap() -> LabelSchema {
    let mut schema = LabelSchema::bundled();
    schema.allow_overlap = false;
    schema
}

/// Whether the current process can write into `dir`, found by trying.
pub fn can_create_in(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let created = std::fs::write(&probe, b"x").is_ok();
    let _ = std::fs::remove_file(&probe);
    created
}

/// Keeps a folder unwritable until dropped. Permission bits do not stop
/// root, so when they are not enough the folder is made immutable with
/// `chattr +i` (root may do that on ext4, xfs, btrfs...).
pub struct UnwritableFolder {
    dir: PathBuf,
    immutable: bool,
}

impl UnwritableFolder {
    /// `Err` with the reason when no way to make `dir` unwritable works here.
    pub fn new(dir: &Path) -> Result<Self, String> {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).map_err(|err| err.to_string())?;
        if !can_create_in(dir) {
            return Ok(Self {
                dir: dir.to_path_buf(),
                immutable: false,
            });
        }
        let chattr = std::process::Command::new("chattr").arg("+i").arg(dir).output();
        let guard = Self {
            dir: dir.to_path_buf(),
            immutable: chattr.as_ref().is_ok_and(|out| out.status.success()),
        };
        if guard.immutable && !can_create_in(dir) {
            return Ok(guard);
        }
        Err(match chattr {
            Ok(out) => format!(
                "permissions do not stop this user and chattr +i failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(err) => format!("permissions do not stop this user and chattr is unavailable: {err}"),
        })
    }
}

impl Drop for UnwritableFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt as _;
        if self.immutable {
            let _ = std::process::Command::new("chattr").arg("-i").arg(&self.dir).status();
        }
        let _ = std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o755));
    }
}
