//! The summary document (`vbhc batch --tong-hop`): one more document made from every unit's
//! values once the batch is done.

use super::base::{self, Base, Scope};
use super::manifest::{self, Row, Status};
use super::naming;
use super::units::Units;
use super::{DON_VI, SO_DON_VI, STT};
use crate::output::folder::OutputFolder;
use crate::pipeline::{self, PipelineError, UserTemplate};
use minijinja::value::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The summary document (`--tong-hop`): one more document from its own base, whose variables
/// are `don_vi` (every unit's values, with its `stt`) and `so_don_vi`.
pub struct Summary<'a> {
    pub base: &'a Base,
    pub path: &'a Path,
}

/// The summary's file name stem: its base's, or `tong-hop`.
pub fn summary_stem(path: &Path) -> String {
    let stem = naming::file_stem(
        &path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    if stem.is_empty() {
        "tong-hop".to_string()
    } else {
        stem
    }
}

impl Summary<'_> {
    /// Makes and writes the summary as `STEM.pdf` and `.docx` into the output folder.
    pub fn make(
        &self,
        units: &Units,
        folder: &mut OutputFolder,
        pdf: bool,
        docx: bool,
        template: Option<&UserTemplate>,
    ) -> Result<(Row, Vec<String>), Vec<String>> {
        let all: Vec<serde_json::Value> = units
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let mut values = u.values.clone();
                values.insert(STT.into(), (i + 1).into());
                serde_json::Value::Object(values)
            })
            .collect();
        let mut vars = BTreeMap::new();
        vars.insert(DON_VI.to_string(), Value::from_serialize(&all));
        vars.insert(SO_DON_VI.to_string(), Value::from(all.len()));
        let place = |origin: usize| {
            let pos = self.base.origin(origin).pos;
            format!("{}:{}:{}", self.path.display(), pos.line, pos.col)
        };
        let expanded = self.base.expand(&Scope::new(vars), &[]).map_err(|e| match e {
            base::ExpandError::Missing { origin, names } => vec![format!(
                "{}: lỗi: không có biến {}; bản tổng hợp dùng `{DON_VI}` (danh sách các đơn vị) và `{SO_DON_VI}`",
                place(origin),
                names.join(", ")
            )],
            base::ExpandError::Eval { origin, message } => {
                vec![format!("{}: lỗi: {message}", place(origin))]
            }
        })?;
        let show = |d: &crate::diag::Diag| {
            let origin = expanded
                .lines
                .get(d.pos.line.saturating_sub(1))
                .copied()
                .unwrap_or(0);
            let label = if d.is_error() { "lỗi" } else { "cảnh báo" };
            let hint = d
                .hint
                .as_ref()
                .map(|h| format!(" (gợi ý: {h})"))
                .unwrap_or_default();
            format!("{}: {label}: {}{hint}", place(origin), d.message)
        };
        let prepared = match pipeline::prepare_with(&expanded.text, template, self.path.parent()) {
            Ok(p) => p,
            Err(PipelineError::Input(diags)) => return Err(diags.iter().map(show).collect()),
            Err(e) => return Err(vec![format!("{}: lỗi: {e}", self.path.display())]),
        };
        let warnings = prepared.warnings.iter().map(show).collect();
        let stem = summary_stem(self.path);
        let fail = |e: PipelineError| vec![format!("{}: lỗi: {e}", self.path.display())];
        let mut row = Row {
            stt: 0,
            hang: self.path.display().to_string(),
            don_vi: "tổng hợp".into(),
            tep_pdf: String::new(),
            tep_docx: String::new(),
            so_ky_hieu: prepared.van_ban.so_ky_hieu.clone(),
            so_trang: None,
            sha256_pdf: String::new(),
            sha256_docx: String::new(),
            trang_thai: Status::DaTao,
            loi: String::new(),
            ky_so: String::new(),
        };
        let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        if pdf {
            let (bytes, pages) = pipeline::to_pdf(&prepared).map_err(fail)?;
            row.tep_pdf = format!("{stem}.pdf");
            row.so_trang = Some(pages);
            row.sha256_pdf = manifest::sha256_hex(&bytes);
            files.push((folder.path(&row.tep_pdf), bytes));
        }
        if docx {
            let bytes = pipeline::to_docx(&prepared).map_err(fail)?;
            row.tep_docx = format!("{stem}.docx");
            row.sha256_docx = manifest::sha256_hex(&bytes);
            files.push((folder.path(&row.tep_docx), bytes));
        }
        for (name, hash) in [(&row.tep_pdf, &row.sha256_pdf), (&row.tep_docx, &row.sha256_docx)] {
            if !name.is_empty() {
                folder.record(name, hash.clone());
            }
        }
        folder
            .save()
            .and_then(|()| crate::output::write_all_atomic(&files))
            .map_err(|e| {
                vec![format!(
                    "{}: lỗi: không ghi được bản tổng hợp vào {}: {}",
                    self.path.display(),
                    folder.path("").display(),
                    crate::diag::io_message(&e)
                )]
            })?;
        Ok((row, warnings))
    }
}
