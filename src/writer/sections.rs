//! The document's sections: runs of blocks laid out on pages of one orientation (§1), each
//! appendix starting a section whose page numbers start again at 1 (§3.9). Both writers lay
//! out the same sections: a DOCX section each, a typst `page` each when landscape.

use crate::nd30::Layout;
use crate::tree::{Block, Document};
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The blocks it holds (a section may open with an orientation mark, which draws nothing).
    pub blocks: Range<usize>,
    /// Landscape pages.
    pub ngang: bool,
    /// It starts an appendix: its page numbers start at 1, none on its first page.
    pub phu_luc: bool,
}

impl Section {
    /// The layout of its pages.
    pub fn layout(&self, base: &Layout) -> Layout {
        if self.ngang {
            base.clone().ngang()
        } else {
            base.clone()
        }
    }
}

fn draws_something(b: &Block) -> bool {
    !matches!(b, Block::HuongTrang(_))
}

pub fn sections(doc: &Document) -> Vec<Section> {
    let mut out: Vec<Section> = Vec::new();
    let mut current = Section {
        blocks: 0..0,
        ngang: false,
        phu_luc: false,
    };
    let close = |out: &mut Vec<Section>, s: Section| {
        let has_content = doc.blocks[s.blocks.clone()].iter().any(draws_something);
        match out.last_mut() {
            _ if !has_content => {}
            // The same pages go on: one section (two landscape parts one after the other).
            Some(last) if last.ngang == s.ngang && !s.phu_luc => last.blocks.end = s.blocks.end,
            _ => out.push(s),
        }
    };
    for (i, b) in doc.blocks.iter().enumerate() {
        let next = match b {
            Block::PhuLuc(p) => Some((p.ngang, true)),
            Block::HuongTrang(h) => Some((h.ngang, false)),
            _ => None,
        };
        if let Some((ngang, phu_luc)) = next {
            let done = std::mem::replace(
                &mut current,
                Section {
                    blocks: i..i,
                    ngang,
                    phu_luc,
                },
            );
            close(&mut out, done);
        }
        current.blocks.end = i + 1;
    }
    close(&mut out, current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::{HuongTrang, Paragraph, PhuLuc};

    fn para() -> Block {
        Block::Paragraph(Paragraph {
            kind: crate::tree::ParaKind::Body,
            runs: vec![],
        })
    }
    fn turn(ngang: bool) -> Block {
        Block::HuongTrang(HuongTrang { ngang })
    }
    fn phu_luc(ngang: bool) -> Block {
        Block::PhuLuc(PhuLuc {
            nhan: String::new(),
            tieu_de: String::new(),
            tham_chieu: String::new(),
            ngang,
        })
    }

    fn shape(blocks: Vec<Block>) -> Vec<(Range<usize>, bool, bool)> {
        sections(&Document::new(blocks))
            .into_iter()
            .map(|s| (s.blocks, s.ngang, s.phu_luc))
            .collect()
    }

    #[test]
    fn landscape_runs_and_appendices_are_sections() {
        assert_eq!(shape(vec![para(), para()]), [(0..2, false, false)]);
        assert_eq!(
            shape(vec![para(), turn(true), para(), turn(false), para(), phu_luc(true), para()]),
            [
                (0..1, false, false),
                (1..3, true, false),
                (3..5, false, false),
                (5..7, true, true)
            ]
        );
    }

    #[test]
    fn empty_runs_vanish_and_neighbours_of_one_orientation_join() {
        // Two landscape sub-sections one after the other, the last one ending the document.
        assert_eq!(
            shape(vec![
                para(),
                turn(true),
                para(),
                turn(false),
                turn(true),
                para(),
                turn(false)
            ]),
            [(0..1, false, false), (1..6, true, false)]
        );
    }
}
