//! How text fits a width, measured once with the embedded font's advances so that both writers
//! break it the same way: the pieces a line may not break inside (Word and LibreOffice break
//! lines at spaces and after hyphens and dashes, and `line_breaks.rs` makes typst do the
//! same), how many lines a text takes first-fit, and where a piece wider than its line (a URL,
//! a code, a long word) is cut so that it never crosses a margin or another cell (§9).
//!
//! A cut is a forced line break (`\n` in a run's text): the DOCX writer writes it as `w:br`,
//! typst breaks the line there. The piece before a cut fills its line; the piece after it
//! starts the next, and no renderer has a choice left.

use crate::fonts::measure;
use crate::tree::Run;

/// Characters after which Word, LibreOffice (and typst, with `line_breaks.rs`) may break a line.
const BREAK_AFTER: [char; 3] = ['-', '–', '—'];

/// Room left at the end of a line a cut fills: LibreOffice wraps a line exactly as wide as its
/// paragraph, and keeps a twelfth of the line height free after italic text (`line_breaks.rs`).
/// A column is at least this much wider than its widest piece (`columns.rs`).
pub const SLACK: f64 = 2.0;

/// How near the end of a line a risky piece (below) is moved to the next: LibreOffice fits a
/// line to within a fifth of a point (seen: 0.18 pt to spare at 11 pt).
const RISKY_MARGIN: f64 = 0.25;

/// Widths computed to fit exactly (`columns.rs`) must be seen to fit.
const EPSILON: f64 = 1e-6;

/// One character with its style.
#[derive(Clone, Copy)]
struct Styled {
    c: char,
    bold: bool,
    italic: bool,
}

fn chars(runs: &[Run]) -> Vec<Styled> {
    runs.iter()
        .flat_map(|r| {
            r.text.chars().map(move |c| Styled {
                c,
                bold: r.bold,
                italic: r.italic,
            })
        })
        .collect()
}

fn width(s: &[Styled], size: f64) -> f64 {
    s.iter()
        .map(|ch| {
            let mut b = [0u8; 4];
            measure(ch.c.encode_utf8(&mut b), size, ch.bold, ch.italic)
        })
        .sum()
}

/// A piece no line breaks inside, with the space after it (if any): `[start, end)` of the
/// characters, and whether a space follows.
struct Piece {
    start: usize,
    end: usize,
    space_after: bool,
}

/// The pieces of a text: words cut after each hyphen or dash; a forced break (`\n`) ends a line.
fn pieces(s: &[Styled]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < s.len() {
        let c = s[i].c;
        if c == ' ' || c == '\n' {
            if i > start {
                out.push(Piece {
                    start,
                    end: i,
                    space_after: c == ' ',
                });
            }
            start = i + 1;
        } else if BREAK_AFTER.contains(&c) && i + 1 < s.len() && s[i + 1].c != ' ' {
            out.push(Piece {
                start,
                end: i + 1,
                space_after: false,
            });
            start = i + 1;
        }
        i += 1;
    }
    if start < s.len() {
        out.push(Piece {
            start,
            end: s.len(),
            space_after: false,
        });
    }
    out
}

/// A piece up to this many ems wide (a date, a phone number) is never cut to make room.
const SHORT_EMS: f64 = 5.5;

/// The narrowest a text should be set (its widest piece that should not be cut), and its width
/// on one line. A piece wider than [`SHORT_EMS`] that holds a slash, a question mark or an `@`
/// (a URL, a path, an e-mail address) counts as that wide: it is cut sooner than it widens
/// its column; any other piece counts at most as `cap`.
pub fn content_width(runs: &[Run], size: f64, cap: f64) -> (f64, f64) {
    let s = chars(runs);
    let short = SHORT_EMS * size;
    let widest = pieces(&s)
        .iter()
        .map(|p| {
            let piece = &s[p.start..p.end];
            let w = width(piece, size);
            let address = piece.iter().any(|ch| RISKY.contains(&ch.c) || ch.c == '@');
            if w <= short {
                w
            } else if address {
                short
            } else {
                w.min(cap)
            }
        })
        .fold(0.0, f64::max);
    let line = s
        .split(|ch| ch.c == '\n')
        .map(|l| width(l, size))
        .fold(0.0, f64::max);
    (widest, line)
}

/// How many lines `runs` take, broken first-fit into lines `first` wide, then `rest` wide.
pub fn line_count(runs: &[Run], size: f64, first: f64, rest: f64) -> usize {
    let s = chars(runs);
    let mut lines = 1;
    let mut used: Option<f64> = None;
    let mut avail = first;
    let mut prev_space = 0.0;
    for p in pieces(&s) {
        let w = width(&s[p.start..p.end], size);
        used = match used {
            Some(u) if u + prev_space + w <= avail => Some(u + prev_space + w),
            Some(_) => {
                lines += 1;
                avail = rest;
                Some(w)
            }
            None => Some(w),
        };
        prev_space = if p.space_after {
            width(&s[p.end..p.end + 1], size)
        } else {
            0.0
        };
        if s.get(p.end).is_some_and(|ch| ch.c == '\n') {
            lines += 1;
            avail = rest;
            used = None;
        }
    }
    lines
}

/// Characters inside a piece after which LibreOffice may break a line where Word and typst
/// (`line_breaks.rs` boxes such words) do not: a slash, a question mark (URLs, `27/CT-TTg`).
const RISKY: [char; 2] = ['/', '?'];

/// The runs with forced breaks where the renderers could otherwise disagree or overflow, or
/// none when no line needs one. Lines are `first` points wide for the first line of the text
/// (an indented first line), `rest` after; `italic_reserve` is the room LibreOffice keeps
/// after italic text at a line's end (`Layout::italic_reserve`). Breaking first-fit:
/// - a piece wider than a whole line is cut into pieces that each fill a line (first-fit has
///   moved it to a line of its own);
/// - a piece holding a slash or a question mark that does not fit what is left of its line
///   starts the next line by a forced break, so that no renderer breaks inside it.
pub fn cut_long_pieces(
    runs: &[Run],
    size: f64,
    (first, rest): (f64, f64),
    italic_reserve: f64,
) -> Option<Vec<Run>> {
    let s = chars(runs);
    let mut cuts: Vec<usize> = Vec::new();
    let mut used: Option<f64> = None;
    let mut avail = first;
    let mut space_before = 0.0;
    for p in pieces(&s) {
        let piece = &s[p.start..p.end];
        let w = width(piece, size);
        if let Some(u) = used {
            let risky = piece.iter().any(|ch| RISKY.contains(&ch.c));
            // A risky piece moves when it comes near the end (nearer for italic, which
            // LibreOffice keeps further from the edge): a break forced where a renderer would
            // not break is harmless, one missed is not.
            let italic = piece.iter().any(|ch| ch.italic);
            let margin = match (risky, italic) {
                (false, _) => 0.0,
                (true, false) => RISKY_MARGIN,
                (true, true) => RISKY_MARGIN + italic_reserve,
            };
            if u + space_before + w > avail - margin {
                if risky || w > rest - SLACK {
                    cuts.push(p.start);
                }
                used = None;
                avail = rest;
            }
        }
        if w > avail - SLACK + EPSILON {
            // Too wide for a whole line: cut where each line is full.
            let mut line = 0.0;
            for (i, ch) in piece.iter().enumerate() {
                let cw = width(std::slice::from_ref(ch), size);
                if line + cw > avail - SLACK && i > 0 {
                    cuts.push(p.start + i);
                    line = 0.0;
                    avail = rest;
                }
                line += cw;
            }
            used = Some(line);
        } else {
            used = Some(used.map_or(w, |u| u + space_before + w));
        }
        space_before = if p.space_after {
            width(&s[p.end..p.end + 1], size)
        } else {
            0.0
        };
        if s.get(p.end).is_some_and(|ch| ch.c == '\n') {
            used = None;
            avail = rest;
        }
    }
    if cuts.is_empty() {
        return None;
    }
    Some(with_breaks(runs, &cuts))
}

/// The runs with a line break before each character index of `cuts` (ascending): the space
/// before it becomes the break (a trailing space would be stretched in a justified line), or
/// else `\n` is inserted.
fn with_breaks(runs: &[Run], cuts: &[usize]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    let mut index = 0;
    let mut next = cuts.iter().peekable();
    for r in runs {
        let mut text = String::with_capacity(r.text.len() + 8);
        for c in r.text.chars() {
            if next.peek() == Some(&&index) {
                next.next();
                if text.ends_with(' ') {
                    text.pop();
                    text.push('\n');
                } else if text.is_empty()
                    && let Some(prev) = out.last_mut().filter(|p| p.text.ends_with(' '))
                {
                    prev.text.pop();
                    prev.text.push('\n');
                } else {
                    text.push('\n');
                }
            }
            text.push(c);
            index += 1;
        }
        out.push(Run {
            text,
            bold: r.bold,
            italic: r.italic,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Vec<Run> {
        vec![Run {
            text: s.into(),
            bold: false,
            italic: false,
        }]
    }

    #[test]
    fn pieces_end_at_spaces_and_after_hyphens() {
        let (widest, line) = content_width(&plain("Sởi - Rubella 2020-2025"), 13.0, 100.0);
        assert!((widest - measure("Rubella", 13.0, false, false)).abs() < 0.01);
        assert!((line - measure("Sởi - Rubella 2020-2025", 13.0, false, false)).abs() < 0.01);
    }

    #[test]
    fn a_url_wider_than_its_line_is_cut_into_full_lines() {
        let url = "https://dichvucong.kontum.gov.vn/dich_vu_cong_truc_tuyen?ma_thu_tuc=1.001234&ma_don_vi=000.00.15.H34";
        let runs = plain(&format!("Xem {url} ngay."));
        let cut = cut_long_pieces(&runs, 13.0, (100.0, 120.0), 1.4).unwrap();
        let text: String = cut.iter().map(|r| r.text.as_str()).collect();
        // Every character is kept, in order.
        assert_eq!(
            text.replacen('\n', " ", 1).replace('\n', ""),
            format!("Xem {url} ngay.")
        );
        let lines: Vec<&str> = text.split('\n').collect();
        // The URL starts a line of its own (the space before it is the break), and each of
        // its lines fits.
        assert_eq!(lines[0], "Xem");
        for line in &lines[1..] {
            assert!(
                measure(line.trim_end(), 13.0, false, false) <= 120.0,
                "{line}"
            );
        }
        assert!(lines.len() >= 4, "{lines:?}");
    }

    #[test]
    fn a_slash_word_near_the_end_of_a_line_starts_the_next() {
        // `27/CT-` would leave LibreOffice free to break after the slash: a forced break
        // puts it on the next line in every renderer.
        let text = "Thực hiện Chỉ thị số 27/CT-TTg";
        let fits = measure("Thực hiện Chỉ thị số 27", 14.0, false, false);
        let cut = cut_long_pieces(&plain(text), 14.0, (fits, 400.0), 1.4).unwrap();
        let joined: String = cut.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(joined, "Thực hiện Chỉ thị số\n27/CT-TTg");
        // With room to spare, nothing changes.
        assert!(cut_long_pieces(&plain(text), 14.0, (400.0, 400.0), 1.4).is_none());
    }

    #[test]
    fn nothing_changes_when_every_piece_fits() {
        assert!(
            cut_long_pieces(&plain("Bệnh viện đa khoa tỉnh"), 13.0, (40.0, 40.0), 1.4).is_none()
        );
    }

    #[test]
    fn lines_are_counted_first_fit() {
        let w = measure("aaa bbb", 14.0, false, false);
        assert_eq!(line_count(&plain("aaa bbb ccc"), 14.0, w, w), 2);
        assert_eq!(line_count(&plain("aaa\nbbb"), 14.0, 500.0, 500.0), 2);
    }
}
