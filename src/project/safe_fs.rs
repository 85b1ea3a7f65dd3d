//! Reading and writing inside a project without being led astray: only
//! regular files are read, and within a size limit; nothing is written or
//! deleted through a symbolic link or outside the project folder.

use std::fs::File;
use std::io::Read as _;
use std::path::{Component, Path};

/// Annotation and schema files larger than this are refused unread (256 MiB:
/// a million entities take about 250 MB).
pub const ANNOTATION_FILE_LIMIT: u64 = 256 * 1024 * 1024;
/// The same limit for the label schema.
pub const SCHEMA_FILE_LIMIT: u64 = ANNOTATION_FILE_LIMIT;
/// The longest file name most file systems take (ext4, XFS, APFS, NTFS):
/// 255 bytes per path component.
pub const MAX_NAME_BYTES: usize = 255;

/// What kind of thing a path is when it is not a regular file.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

fn not_regular(file_type: std::fs::FileType) -> std::io::Error {
    let kind = kind_of(file_type);
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{kind}, not a regular file; only regular files are read"),
    )
}

fn too_large(size: u64, limit: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "{} MiB, larger than the limit of {} MiB; refused unread",
            size.div_ceil(1024 * 1024),
            limit / (1024 * 1024)
        ),
    )
}

/// Reads the regular file at `path` (a link to one is followed), refusing
/// FIFOs, devices, sockets and folders by their metadata, before opening
/// them, and files over `limit` bytes. The file is opened without blocking,
/// so a pipe swapped in after the check cannot hang the reader either.
pub fn read_regular_file(path: &Path, limit: Option<u64>) -> std::io::Result<Vec<u8>> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(not_regular(metadata.file_type()));
    }
    let limit = limit.unwrap_or(u64::MAX);
    if metadata.len() > limit {
        return Err(too_large(metadata.len(), limit));
    }
    let file = open_for_reading(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular(metadata.file_type()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // A file that grew since its size was checked is still cut at the limit.
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// [`read_regular_file`] with [`ANNOTATION_FILE_LIMIT`], as UTF-8; `None`
/// when the file does not exist.
pub fn read_annotation_bytes(path: &Path) -> std::io::Result<Option<Vec<u8>>> {
    match read_regular_file(path, Some(ANNOTATION_FILE_LIMIT)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// [`read_regular_file`] with [`ANNOTATION_FILE_LIMIT`], as UTF-8: for the
/// project's other JSON files (suggestions, rejections). A missing file is
/// still `NotFound`.
pub fn read_limited_text(path: &Path) -> std::io::Result<String> {
    let bytes = read_regular_file(path, Some(ANNOTATION_FILE_LIMIT))?;
    String::from_utf8(bytes).map_err(|err| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 at byte {}", err.utf8_error().valid_up_to()),
        )
    })
}

#[cfg(unix)]
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    File::options()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open_for_reading(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Opens (creating if missing) a file for reading and writing without
/// following a link at its last component: a link there is refused.
pub(crate) fn open_no_follow(path: &Path) -> std::io::Result<File> {
    let mut options = File::options();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(not_regular(metadata.file_type()));
    }
    Ok(file)
}

/// Checks that `path` may be written, replaced or deleted: it lies below
/// `root` (lexically, with no `..`), and no component below `root` that
/// exists is a symbolic link, so nothing written there can land outside the
/// project. `root` itself may be a link: the project is where it leads.
pub fn check_write_path(root: &Path, path: &Path) -> std::io::Result<()> {
    let outside = || {
        std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} is outside the project folder {}; not written",
                path.display(),
                root.display()
            ),
        )
    };
    let relative = path.strip_prefix(root).map_err(|_| outside())?;
    let mut here = root.to_path_buf();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return Err(outside());
        };
        here.push(name);
        match std::fs::symlink_metadata(&here) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::PermissionDenied,
                    format!(
                        "{} is a symbolic link; Spanwright never writes or deletes through a link inside the project",
                        here.display()
                    ),
                ));
            }
            Ok(_) => {}
            // What does not exist yet is created as a real folder or file.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// The first component of `relative` longer than [`MAX_NAME_BYTES`], with
/// its length in bytes.
pub fn overlong_component(relative: &str) -> Option<(String, usize)> {
    relative
        .split('/')
        .find(|name| name.len() > MAX_NAME_BYTES)
        .map(|name| (name.to_owned(), name.len()))
}

/// `name` cut to at most `max` bytes at a character boundary, for hidden
/// helper files (temporaries, locks) whose names add to the file's own.
pub(crate) fn shortened(name: &str, max: usize) -> &str {
    if name.len() <= max {
        return name;
    }
    let mut end = max;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_below_the_root_are_refused_and_missing_parts_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("real")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("link")).unwrap();
        check_write_path(root, &root.join("real/new/file.json")).unwrap();
        let err = check_write_path(root, &root.join("link/file.json")).unwrap_err();
        assert!(err.to_string().contains("is a symbolic link"), "{err}");
        assert!(check_write_path(root, &root.join("../x")).is_err());
        assert!(check_write_path(root, outside.path()).is_err());
    }

    #[test]
    fn shortening_keeps_whole_characters() {
        assert_eq!(shortened("aé", 2), "a");
        assert_eq!(shortened("abc", 5), "abc");
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_regular_file(&path, Some(5)).unwrap(), b"12345");
        let err = read_regular_file(&path, Some(4)).unwrap_err();
        assert!(err.to_string().contains("larger than the limit"), "{err}");
        let err = read_regular_file(dir.path(), None).unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
        let err = read_regular_file(Path::new("/dev/zero"), None).unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
    }
}
