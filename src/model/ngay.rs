//! The date of a document (box 4, §3.3) and its one correct spelling.

use crate::nd30::NGAY_TRONG;
use chrono::{Datelike, NaiveDate};

/// A full date, or the parts a draft knows so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NgayVanBan {
    Du(NaiveDate),
    /// Year and month known, day left blank.
    ThangNam {
        nam: i32,
        thang: u32,
    },
    /// Only the year known.
    Nam(i32),
}

impl NgayVanBan {
    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; the message says what was expected.
    pub fn parse(s: &str) -> Result<NgayVanBan, String> {
        let s = s.trim();
        let expected = "ngày phải viết dạng YYYY-MM-DD (ví dụ 2023-02-05), \
                        hoặc YYYY-MM / YYYY cho bản dự thảo chưa có ngày";
        let parts: Vec<&str> = s.split('-').collect();
        let numeric = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if !parts.iter().all(|p| numeric(p)) || parts[0].len() != 4 {
            return Err(format!("ngày không hợp lệ `{s}`: {expected}"));
        }
        let nam: i32 = parts[0].parse().map_err(|_| expected.to_string())?;
        let month = |p: &str| -> Result<u32, String> {
            match p.parse::<u32>() {
                Ok(m @ 1..=12) if p.len() <= 2 => Ok(m),
                _ => Err(format!(
                    "tháng không hợp lệ `{p}` trong `{s}`: tháng từ 01 đến 12"
                )),
            }
        };
        match parts.as_slice() {
            [_] => Ok(NgayVanBan::Nam(nam)),
            [_, m] => Ok(NgayVanBan::ThangNam {
                nam,
                thang: month(m)?,
            }),
            [_, m, d] => {
                let thang = month(m)?;
                let ngay: u32 = d.parse().unwrap_or(0);
                if d.len() > 2 {
                    return Err(format!("ngày không hợp lệ `{s}`: {expected}"));
                }
                NaiveDate::from_ymd_opt(nam, thang, ngay)
                    .map(NgayVanBan::Du)
                    .ok_or_else(|| format!("ngày `{s}` không có trên lịch"))
            }
            _ => Err(format!("ngày không hợp lệ `{s}`: {expected}")),
        }
    }

    pub fn nam(&self) -> i32 {
        match *self {
            NgayVanBan::Du(d) => d.year(),
            NgayVanBan::ThangNam { nam, .. } | NgayVanBan::Nam(nam) => nam,
        }
    }
}

/// The day: 01–09 below ten (§3.3).
fn so_ngay(d: u32) -> String {
    format!("{d:02}")
}

/// The month: only January and February take the leading zero (§3.3).
fn so_thang(m: u32) -> String {
    if m <= 2 {
        format!("{m:02}")
    } else {
        m.to_string()
    }
}

/// The date line of box 4: `Kon Tum, ngày 05 tháng 02 năm 2023` (§3.3).
pub fn dong_ngay(dia_danh: &str, ngay: &NgayVanBan) -> String {
    format!("{dia_danh}, {}", format_ngay(ngay))
}

/// `ngày 05 tháng 02 năm 2023`, as the date line and a sentence print it; a draft keeps the
/// words and leaves a blank of six spaces where the digits go: `ngày      tháng 02 năm 2023`
/// (§3.3).
pub fn format_ngay(ngay: &NgayVanBan) -> String {
    let filled = |digits: String| format!(" {digits} ");
    let (d, m, y) = match *ngay {
        NgayVanBan::Du(date) => (
            filled(so_ngay(date.day())),
            filled(so_thang(date.month())),
            date.year(),
        ),
        NgayVanBan::ThangNam { nam, thang } => {
            (NGAY_TRONG.to_string(), filled(so_thang(thang)), nam)
        }
        NgayVanBan::Nam(nam) => (NGAY_TRONG.to_string(), NGAY_TRONG.to_string(), nam),
    };
    format!("ngày{d}tháng{m}năm {y}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> String {
        dong_ngay("Kon Tum", &NgayVanBan::parse(s).unwrap())
    }

    #[test]
    fn leading_zero_rule() {
        assert_eq!(f("2020-01-05"), "Kon Tum, ngày 05 tháng 01 năm 2020");
        assert_eq!(f("2020-02-10"), "Kon Tum, ngày 10 tháng 02 năm 2020");
        assert_eq!(f("2019-06-29"), "Kon Tum, ngày 29 tháng 6 năm 2019");
        assert_eq!(f("2021-03-01"), "Kon Tum, ngày 01 tháng 3 năm 2021");
        assert_eq!(f("2021-12-31"), "Kon Tum, ngày 31 tháng 12 năm 2021");
        assert_eq!(f("2021-3-1"), "Kon Tum, ngày 01 tháng 3 năm 2021");
    }

    #[test]
    fn drafts_keep_the_words_and_blank_the_digits() {
        assert_eq!(f("2023-02"), "Kon Tum, ngày      tháng 02 năm 2023");
        assert_eq!(f("2023-10"), "Kon Tum, ngày      tháng 10 năm 2023");
        assert_eq!(f("2023"), "Kon Tum, ngày      tháng      năm 2023");
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2023-02-30",
            "2023-13-01",
            "23-01-01",
            "2023/01/01",
            "ngày 5",
            "",
            "2023-01-001",
        ] {
            assert!(NgayVanBan::parse(bad).is_err(), "{bad}");
        }
    }
}
