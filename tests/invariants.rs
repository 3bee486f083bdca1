//! Invariants over documents generated from seeds (`common/sinh.rs`): every character of the
//! input prints, in order, in the PDF, in the DOCX and in LibreOffice's PDF of the DOCX; no two
//! glyph runs of the PDF overlap; nothing crosses the margins (page numbers aside); the PDF
//! and LibreOffice's rendering have the same number of pages.

mod common;

use common::sinh::{Generated, document};
use common::*;
use std::path::Path;

/// Whether `needle`'s characters occur in `hay` one after the other (other characters may
/// come between: page numbers, a header row repeated on the next page); or where not.
fn subsequence(needle: &str, hay: &str) -> Result<(), String> {
    let mut h = hay.chars();
    for (i, c) in needle.chars().enumerate() {
        if !h.any(|x| x == c) {
            let shown: String = needle.chars().skip(i.saturating_sub(20)).take(60).collect();
            return Err(format!("character {i} ({c:?}) missing after: …{shown}…"));
        }
    }
    Ok(())
}

/// The texts of a generated document that a rendering's text must hold.
fn check_text(g: &Generated, text: &str, what: &str) {
    let text = squash(text);
    let all: String = g.in_order.iter().map(|s| squash(s)).collect();
    if let Err(e) = subsequence(&all, &text) {
        // Name the first text that is not where it should be: the first one not found whole
        // from where the one before it ended.
        let mut from = 0;
        let lost = g.in_order.iter().find(|t| match text[from..].find(&squash(t)) {
            Some(i) => {
                from += i + squash(t).len();
                false
            }
            None => true,
        });
        panic!("{} ({what}): {e}; first text not found whole: {lost:?}\n{}", g.name, g.yaml);
    }
    for cell in &g.cells {
        let cell = squash(cell);
        if !text.contains(&cell)
            && let Err(e) = subsequence(&cell, &text)
        {
            panic!("{} ({what}): cell {cell:?}: {e}", g.name);
        }
    }
    // Nothing twice that was given once: no line printed over again.
    assert!(text.len() >= all.len(), "{} ({what})", g.name);
}

/// The checks on our PDF that need no outside program: its text, no overlapping glyphs, text
/// inside the margins.
fn check_pdf(g: &Generated, pdf: &Path) {
    let p = common::pdf::read(pdf);
    check_text(g, &p.all_text(), "PDF");
    let l = vbhc::nd30::Layout::mac_dinh();
    for (i, page) in p.pages.iter().enumerate() {
        let over = common::pdf::overlaps(page);
        assert!(over.is_empty(), "{} page {}: overlapping {:?}\n{}", g.name, i + 1, &over[..over.len().min(3)], g.yaml);
        let out = common::pdf::outside_margins(page, 0.5);
        assert!(out.is_empty(), "{} page {}: outside the margins {:?}", g.name, i + 1, &out[..out.len().min(3)]);
        let height = page.media_box[3] - page.media_box[1];
        for r in page.runs.iter().filter(|r| !r.text.trim().is_empty()) {
            if r.y < l.margin_top {
                // Only the page number stands in the top margin.
                assert!(r.text.trim().chars().all(|c| c.is_ascii_digit()), "{} page {}: {r:?}", g.name, i + 1);
            } else {
                assert!(r.y + 0.22 * r.size <= height - l.margin_bottom + 0.5, "{} page {}: below the margin {r:?}", g.name, i + 1);
            }
        }
    }
}

/// Writes the generated documents of `seeds` and renders them all in one run.
fn render_all(seeds: std::ops::Range<u64>) -> (tempfile::TempDir, Vec<Generated>) {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<Generated> = seeds.map(document).collect();
    let mut cmd = vbhc();
    cmd.arg("render");
    for g in &docs {
        let path = dir.path().join(format!("{}.yaml", g.name));
        std::fs::write(&path, &g.yaml).unwrap();
        cmd.arg(path);
    }
    let out = run(cmd.arg("-o").arg(dir.path()));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (dir, docs)
}

#[test]
fn generated_documents_print_everything_inside_the_margins() {
    let (dir, docs) = render_all(0..40);
    for g in &docs {
        check_pdf(g, &dir.path().join(format!("{}.pdf", g.name)));
        let d = common::docx::Docx::read(&dir.path().join(format!("{}.docx", g.name)));
        check_text(g, &d.text(), "DOCX");
    }
}

fn pdftotext(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

/// Two hundred documents through LibreOffice as well: its PDF of our DOCX holds every
/// character in order and has as many pages as ours.
#[test]
#[ignore = "needs LibreOffice and poppler-utils"]
fn generated_documents_agree_with_libreoffice() {
    // Other seeds to explore with: VBHC_SINH_FROM=1000.
    let from: u64 = std::env::var("VBHC_SINH_FROM").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let (dir, docs) = render_all(from..from + 200);
    let lo = dir.path().join("lo");
    let docx: Vec<_> = docs.iter().map(|g| dir.path().join(format!("{}.docx", g.name))).collect();
    let out = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&lo)
        .args(&docx)
        .output()
        .expect("soffice (LibreOffice)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut differ = Vec::new();
    for g in &docs {
        let ours = dir.path().join(format!("{}.pdf", g.name));
        let theirs = lo.join(format!("{}.pdf", g.name));
        check_pdf(g, &ours);
        check_text(g, &pdftotext(&ours), "PDF, pdftotext");
        check_text(g, &pdftotext(&theirs), "LibreOffice");
        let (a, b) = (pages(&ours), pages(&theirs));
        if a != b {
            differ.push(format!("{}: {a} against LibreOffice's {b}", g.name));
        }
    }
    if !differ.is_empty() {
        // Keep the inputs and both PDFs to look at.
        let kept = dir.keep();
        panic!("page counts differ (files kept in {}): {differ:#?}", kept.display());
    }
}

