//! Inline markup of the contract: `**bold**`, `*italic*`, `\*` a literal asterisk; an asterisk
//! that opens or closes no pair is literal; every other character is text as typed.

use super::Run;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Text(String),
    /// `*` (1) or `**` (2), with whether it may open (text follows) or close (text precedes).
    Delim {
        n: usize,
        open: bool,
        close: bool,
    },
}

fn tokenize(s: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let mut toks = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if chars.get(i + 1) == Some(&'*') => {
                text.push('*');
                i += 2;
            }
            '*' => {
                let n = if chars.get(i + 1) == Some(&'*') { 2 } else { 1 };
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + n).copied();
                if !text.is_empty() {
                    toks.push(Tok::Text(std::mem::take(&mut text)));
                }
                toks.push(Tok::Delim {
                    n,
                    open: after.is_some_and(|c| !c.is_whitespace()),
                    close: before.is_some_and(|c| !c.is_whitespace()),
                });
                i += n;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        toks.push(Tok::Text(text));
    }
    toks
}

/// Parses `s` into runs; `italic` is the base style (a căn cứ is italic throughout, and
/// `*...*` inside it stays italic).
pub fn parse(s: &str, base_italic: bool) -> Vec<Run> {
    let toks = tokenize(s);
    // Pair each opening delimiter with the next closing one of the same size, with text between.
    let mut partner: Vec<Option<usize>> = vec![None; toks.len()];
    for i in 0..toks.len() {
        let Tok::Delim { n, open: true, .. } = toks[i] else {
            continue;
        };
        if partner[i].is_some() {
            continue;
        }
        let close = (i + 2..toks.len()).find(|&j| {
            partner[j].is_none()
                && matches!(toks[j], Tok::Delim { n: m, close: true, .. } if m == n)
        });
        if let Some(j) = close {
            partner[i] = Some(j);
            partner[j] = Some(i);
        }
    }
    let mut runs: Vec<Run> = Vec::new();
    let (mut bold, mut italic) = (false, false);
    let mut push = |text: &str, bold: bool, italic: bool| match runs.last_mut() {
        Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(text),
        _ => runs.push(Run {
            text: text.to_string(),
            bold,
            italic,
        }),
    };
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Text(t) => push(t, bold, italic || base_italic),
            Tok::Delim { n, .. } if partner[i].is_some() => {
                if *n == 2 {
                    bold = !bold
                } else {
                    italic = !italic
                }
            }
            Tok::Delim { n, .. } => push(&"*".repeat(*n), bold, italic || base_italic),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        parse(s, false)
            .iter()
            .map(|r| match (r.bold, r.italic) {
                (true, true) => format!("<BI:{}>", r.text),
                (true, false) => format!("<B:{}>", r.text),
                (false, true) => format!("<I:{}>", r.text),
                _ => r.text.clone(),
            })
            .collect()
    }

    #[test]
    fn bold_and_italic() {
        assert_eq!(
            show("phải **thiết thực** và *kịp thời*."),
            "phải <B:thiết thực> và <I:kịp thời>."
        );
        assert_eq!(
            show("**đậm *nghiêng* đậm**"),
            "<B:đậm ><BI:nghiêng><B: đậm>"
        );
    }

    #[test]
    fn unpaired_and_escaped_asterisks_are_literal() {
        assert_eq!(show("5 * 3 * 2"), "5 * 3 * 2");
        assert_eq!(show(r"\*chú thích\*"), "*chú thích*");
        assert_eq!(show("a ** b"), "a ** b");
        assert_eq!(show("**"), "**");
        assert_eq!(show("****"), "****");
        assert_eq!(show("*mở không đóng"), "*mở không đóng");
    }

    #[test]
    fn every_other_character_is_text() {
        let s = "#set $x$ <a> & \\ [b] _c_ @d %e {{ f }} - + a) 1.";
        assert_eq!(show(s), s);
    }

    #[test]
    fn no_character_is_lost() {
        for s in ["*a**b*", "***x***", "** x**", "*\\**", "\\", "x\\*y*z*"] {
            let text: String = parse(s, false).iter().map(|r| r.text.as_str()).collect();
            let stars_in = s.matches('*').count();
            let stars_out = text.matches('*').count();
            let pairs = parse(s, false).len(); // at least the text survives
            assert!(pairs > 0 || s.is_empty());
            assert!(stars_out <= stars_in, "{s} -> {text}");
            let letters_in: String = s.chars().filter(|c| !"*\\".contains(*c)).collect();
            let letters_out: String = text.chars().filter(|c| !"*\\".contains(*c)).collect();
            assert_eq!(letters_in, letters_out, "{s}");
        }
    }
}
