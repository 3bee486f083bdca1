//! A batch from the browser: the open document as the base, a spreadsheet the clerk uploads
//! as the units. It runs as `vbhc batch` runs (`crate::batch`), in a temporary folder, on a
//! thread of its own; the page asks for its progress, then downloads every file and the
//! manifest as one zip. Nothing is written into the clerk's folder.

use crate::batch::{self, Batch, base::Base, manifest, units};
use crate::output::folder::OutputFolder;
use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// The spreadsheets a batch takes (`batch::units::read_units`).
const KIEU_DU_LIEU: [&str; 5] = ["csv", "xlsx", "json", "yaml", "yml"];

/// The name of the zip the page downloads.
pub const TEN_ZIP: &str = "van-ban-hang-loat.zip";

/// What the page shows while a batch runs and after.
#[derive(Serialize, Clone, Default, Debug)]
pub struct TienDo {
    /// Units in the table, and how many are done (made or failed).
    pub tong: usize,
    pub xong: usize,
    pub da_tao: usize,
    /// Each problem, with the unit's row and column.
    pub loi: Vec<String>,
    pub ket_thuc: bool,
    /// The zip can be downloaded.
    pub co_zip: bool,
}

/// A batch in progress or done, with its temporary folder.
pub struct Job {
    pub tien_do: Mutex<TienDo>,
    dir: tempfile::TempDir,
}

impl Job {
    pub fn zip_path(&self) -> PathBuf {
        self.dir.path().join(TEN_ZIP)
    }
}

/// Starts a batch of `base` (the open document, named `ten` in `root`) over the uploaded
/// table `du_lieu` (named `ten_du_lieu`, for its kind).
pub fn start(root: &Path, ten: &str, base: &str, ten_du_lieu: &str, du_lieu: &[u8]) -> Result<Arc<Job>, String> {
    let ext = Path::new(ten_du_lieu)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| KIEU_DU_LIEU.contains(&e.as_str()))
        .ok_or_else(|| format!("bảng dữ liệu phải là tệp {}", KIEU_DU_LIEU.join(", ")))?;
    let base = Base::parse(base, &[batch::STT]).map_err(|diags| {
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        format!("văn bản gốc có lỗi: {}", lines.join("; "))
    })?;
    let dir = tempfile::tempdir().map_err(|e| format!("không tạo được thư mục tạm: {e}"))?;
    let data_path = dir.path().join(format!("du-lieu.{ext}"));
    std::fs::write(&data_path, du_lieu).map_err(|e| format!("không ghi được thư mục tạm: {e}"))?;
    let units = units::read_units(&data_path).map_err(|e| shown(&e.to_string(), dir.path(), ten_du_lieu))?;
    let job = Arc::new(Job {
        tien_do: Mutex::new(TienDo {
            tong: units.units.len(),
            ..Default::default()
        }),
        dir,
    });
    let base_path = root.join(ten);
    let worker = Arc::clone(&job);
    let ten_du_lieu = ten_du_lieu.to_string();
    std::thread::spawn(move || run(&worker, &base, &base_path, &units, &ten_du_lieu));
    Ok(job)
}

/// A message as the clerk reads it: the uploaded file's own name, not the temporary one.
fn shown(text: &str, dir: &Path, ten_du_lieu: &str) -> String {
    let tmp = dir.display().to_string();
    let mut out = text.to_string();
    for ext in KIEU_DU_LIEU {
        out = out.replace(&format!("{tmp}/du-lieu.{ext}"), ten_du_lieu);
    }
    out.replace(&tmp, "")
}

fn run(job: &Job, base: &Base, base_path: &Path, units: &units::Units, ten_du_lieu: &str) {
    let out = job.dir.path().join("ket-qua");
    let finish = |loi: Option<String>, co_zip: bool| {
        let mut t = job.tien_do.lock().unwrap_or_else(|p| p.into_inner());
        t.loi.extend(loi);
        t.ket_thuc = true;
        t.co_zip = co_zip;
    };
    let stem = base_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "van-ban".into());
    let names = match batch::plan_names(None, &stem, units, &[manifest::STEM]) {
        Ok(n) => n,
        Err(e) => return finish(Some(e), false),
    };
    let mut folder = match OutputFolder::open(&out, false) {
        Ok(f) => f,
        Err(e) => return finish(Some(e.to_string()), false),
    };
    let b = Batch {
        base,
        base_path,
        units,
        out: &out,
        pdf: true,
        docx: true,
        names,
        so_bat_dau: None,
        fail_fast: false,
        template: None,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        pdf_standard: crate::pipeline::PdfStandard::default(),
    };
    let stop = AtomicBool::new(false);
    let outcome = b.run(&mut folder, &stop, |r| {
        let mut t = job.tien_do.lock().unwrap_or_else(|p| p.into_inner());
        t.xong += 1;
        t.da_tao += usize::from(r.ok());
        t.loi.extend(r.errors.iter().map(|e| shown(&e.text, job.dir.path(), ten_du_lieu)));
    });
    if !outcome.base_errors.is_empty() {
        let texts: Vec<String> = outcome.base_errors.iter().map(|e| shown(&e.text, job.dir.path(), ten_du_lieu)).collect();
        return finish(Some(texts.join("\n")), false);
    }
    let rows: Vec<manifest::Row> = outcome.results.iter().map(|r| r.row.clone()).collect();
    if let Err(e) = manifest::write(&mut folder, base_path, Path::new(ten_du_lieu), &rows, None) {
        return finish(Some(format!("không ghi được bảng kê: {e}")), false);
    }
    drop(folder);
    match zip_folder(&out, &job.zip_path()) {
        Ok(()) => finish(None, true),
        Err(e) => finish(Some(format!("không đóng gói được kết quả: {e}")), false),
    }
}

/// Every file the batch wrote (documents and manifests), stored in one zip.
fn zip_folder(dir: &Path, zip_path: &Path) -> std::io::Result<()> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(zip_path)?);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in names {
        zip.start_file(name.as_str(), options).map_err(std::io::Error::other)?;
        zip.write_all(&std::fs::read(dir.join(&name))?)?;
    }
    zip.finish().map_err(std::io::Error::other)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_from_an_upload_gives_a_zip_of_every_unit_and_the_manifest() {
        let root = tempfile::tempdir().unwrap();
        let base = include_str!("../../data/hang-loat/bao-cao-kham-chua-benh.yaml");
        let csv: String = include_str!("../../data/hang-loat/don-vi.csv").lines().take(3).map(|l| format!("{l}\n")).collect();
        let job = start(root.path(), "goc.yaml", base, "don-vi.csv", csv.as_bytes());
        let job = match job {
            Ok(j) => j,
            Err(e) => panic!("{e}"),
        };
        for _ in 0..600 {
            if job.tien_do.lock().unwrap().ket_thuc {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let t = job.tien_do.lock().unwrap().clone();
        assert!(t.ket_thuc && t.co_zip, "{t:?}");
        assert_eq!((t.tong, t.xong), (2, 2), "{t:?}");
        let mut zip = zip::ZipArchive::new(std::fs::File::open(job.zip_path()).unwrap()).unwrap();
        let names: Vec<String> = (0..zip.len()).map(|i| zip.by_index(i).unwrap().name().to_string()).collect();
        assert!(names.contains(&"bang-ke.csv".to_string()), "{names:?}");
        assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), t.da_tao, "{names:?}");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0, "nothing in the clerk's folder");
    }

    #[test]
    fn a_table_of_another_kind_is_refused_with_its_name() {
        let root = tempfile::tempdir().unwrap();
        let e = start(root.path(), "goc.yaml", "loai: ke-hoach\n", "don-vi.doc", b"x").err().unwrap();
        assert!(e.contains("csv"), "{e}");
    }
}
