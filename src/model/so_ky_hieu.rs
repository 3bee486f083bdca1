//! Box 3 (§3.2): the document's number and symbol, kept as their two parts so that every
//! place that prints them (the header, an appendix's reference line, the PDF's subject)
//! spells them from the parts, never by taking a printed line apart again.

use crate::nd30::SO_TRONG;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SoKyHieu {
    /// The number as printed (`07`, `2712`), absent for a draft.
    pub so: Option<String>,
    /// After the slash: `KH-SYT`, `SYT-NVY`.
    pub ky_hieu: String,
}

impl SoKyHieu {
    /// The header's line: `Số: 2712/KH-SYT`; a draft leaves six spaces between `Số:` and `/`.
    pub fn dong(&self) -> String {
        match &self.so {
            Some(n) => format!("Số: {n}/{}", self.ky_hieu),
            None => format!("Số:{SO_TRONG}/{}", self.ky_hieu),
        }
    }

    /// After `số ` in a sentence (§3.9's reference line): `2712/KH-SYT`, or a draft's blank,
    /// which with the space before it is as wide as the header's.
    pub fn trong_cau(&self) -> String {
        match &self.so {
            Some(n) => format!("{n}/{}", self.ky_hieu),
            None => format!("{}/{}", &SO_TRONG[1..], self.ky_hieu),
        }
    }

    /// Without any blank: the PDF's subject, `2712/KH-SYT`, or `/KH-SYT` for a draft.
    pub fn gon(&self) -> String {
        format!("{}/{}", self.so.as_deref().unwrap_or(""), self.ky_hieu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_use_spells_the_parts() {
        let so = |so: Option<&str>| SoKyHieu { so: so.map(String::from), ky_hieu: "KH-SYT".into() };
        assert_eq!(so(Some("07")).dong(), "Số: 07/KH-SYT");
        assert_eq!(so(None).dong(), "Số:      /KH-SYT");
        assert_eq!(so(Some("07")).trong_cau(), "07/KH-SYT");
        assert_eq!(format!("số {}", so(None).trong_cau()), "số      /KH-SYT");
        assert_eq!(so(None).gon(), "/KH-SYT");
        assert_eq!(so(Some("2712")).gon(), "2712/KH-SYT");
    }
}
