//! `vbhc render --watch FILE...`, for those who edit YAML in their own editor: renders the
//! inputs, then renders again each one saved since, until Ctrl-C, with the errors in the
//! terminal as usual. The files are polled (modification time and size) a few times a second:
//! for a handful of inputs that costs nothing, and works on every file system, network drives
//! included, where change notifications often do not.

use super::Format;
use crate::pipeline;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// How often the inputs are looked at.
const POLL: Duration = Duration::from_millis(250);

/// What tells a saved file from the one rendered: its modification time and size.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

pub fn run(
    files: &[PathBuf],
    out: &Path,
    formats: &[Format],
    template: Option<&pipeline::UserTemplate>,
    standard: pipeline::PdfStandard,
) -> ExitCode {
    let mut seen: Vec<_> = files.iter().map(|f| stamp(f)).collect();
    let _ = super::render::render(files, out, formats, template, standard);
    eprintln!(
        "đang theo dõi {} tệp: lưu tệp để tạo lại văn bản; Ctrl-C để dừng",
        files.len()
    );
    loop {
        std::thread::sleep(POLL);
        let now: Vec<_> = files.iter().map(|f| stamp(f)).collect();
        let changed: Vec<PathBuf> = files
            .iter()
            .zip(now.iter().zip(&seen))
            .filter(|(_, (now, before))| now.is_some() && now != before)
            .map(|(f, _)| f.clone())
            .collect();
        if changed.is_empty() {
            continue;
        }
        // An editor may still be writing: wait until the file stops changing.
        std::thread::sleep(POLL);
        seen = files.iter().map(|f| stamp(f)).collect();
        let _ = super::render::render(&changed, out, formats, template, standard);
    }
}
