//! Inputs the fuzzer (`fuzz/`, target `yaml_docx`) made from `data/`, kept to replay on every
//! `cargo test` through both writers: CI fuzzes only the DOCX side, this covers the PDF side
//! with the same odd but valid documents. `hop-le-*` are valid and must render in both
//! formats; `loi-*` are invalid and must be refused with positions inside the file.
//! A crash the fuzzer finds is added here as well.

use std::path::PathBuf;
use vbhc::pipeline::{self, PipelineError};

fn corpus() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
fn fuzzed_inputs_render_or_are_refused_with_positions() {
    let files = corpus();
    assert!(files.len() >= 40, "the corpus lost its files");
    let (mut valid, mut invalid) = (0, 0);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let src = String::from_utf8(std::fs::read(&path).unwrap()).expect("the target takes UTF-8");
        match pipeline::prepare(&src) {
            Ok(p) => {
                assert!(name.starts_with("hop-le-"), "{name} should be refused");
                pipeline::to_docx(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
                let (pdf, pages) = pipeline::to_pdf(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(pages >= 1 && pdf.starts_with(b"%PDF-"), "{name}");
                valid += 1;
            }
            Err(PipelineError::Input(diags)) => {
                assert!(name.starts_with("loi-"), "{name} should render: {diags:?}");
                // YAML also ends a line at a lone carriage return.
                let lines = src.matches('\n').count() + src.matches('\r').count() + 2;
                assert!(!diags.is_empty());
                for d in diags {
                    assert!(d.pos.line >= 1 && d.pos.line <= lines, "{name}: {d:?}");
                    assert!(!d.message.is_empty(), "{name}");
                }
                invalid += 1;
            }
            Err(e) => panic!("{name}: {e}"),
        }
    }
    assert!(valid >= 20 && invalid >= 10, "{valid} valid, {invalid} invalid");
}
