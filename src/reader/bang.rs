//! A table as typed (`tree/table.rs` says what it means): columns that are a name or
//! `{ten, rong, cot}`, cells that are a text or `{noi_dung, gop_cot, gop_dong}`.
//!
//! A column or cell may be a mapping or a plain value, and telling them apart makes the YAML
//! reader guess the plain value's type: `9.850` would come as the number 9.85, `TRUE` as a
//! boolean. Such a value is kept as [`Chu::Typed`] and its text taken back from the source
//! as typed ([`RawBang::fill_from`]), so a cell prints what the clerk wrote.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBang {
    pub cot: Vec<Spanned<RawCot>>,
    #[serde(default)]
    pub dong: Vec<Spanned<Vec<Spanned<RawO>>>>,
}

/// A plain value: its text, or a number or boolean whose text is read from the source.
#[derive(Debug, Clone)]
pub enum Chu {
    Text(String),
    Typed,
}

#[derive(Debug)]
pub enum RawCot {
    Ten(Chu),
    Day(RawCotDay),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCotDay {
    pub ten: Spanned<String>,
    /// Width in millimetres.
    #[serde(default)]
    pub rong: Option<Spanned<f64>>,
    #[serde(default)]
    pub cot: Vec<Spanned<RawCot>>,
}

#[derive(Debug)]
pub enum RawO {
    Chu(Chu),
    Gop(RawOGop),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOGop {
    pub noi_dung: Spanned<String>,
    #[serde(default)]
    pub gop_cot: Option<Spanned<u64>>,
    #[serde(default)]
    pub gop_dong: Option<Spanned<u64>>,
}

/// A visitor for "a plain value or a mapping of `M`".
struct PlainOr<M>(std::marker::PhantomData<M>, &'static str);

impl<'de, M: Deserialize<'de>> Visitor<'de> for PlainOr<M> {
    type Value = Result<Chu, M>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Ok(Chu::Text(v.to_owned())))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Ok(Chu::Typed))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Ok(Chu::Typed))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Ok(Chu::Typed))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Ok(Chu::Typed))
    }
    /// `~`, `null`: an empty cell.
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ok(Chu::Text(String::new())))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        M::deserialize(de::value::MapAccessDeserializer::new(map)).map(Err)
    }
}

impl<'de> Deserialize<'de> for RawCot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = PlainOr::<RawCotDay>(std::marker::PhantomData, "tên cột, hoặc {ten, rong, cot}");
        Ok(match d.deserialize_any(v)? {
            Ok(chu) => RawCot::Ten(chu),
            Err(day) => RawCot::Day(day),
        })
    }
}

impl<'de> Deserialize<'de> for RawO {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = PlainOr::<RawOGop>(
            std::marker::PhantomData,
            "nội dung ô, hoặc {noi_dung, gop_cot, gop_dong}",
        );
        Ok(match d.deserialize_any(v)? {
            Ok(chu) => RawO::Chu(chu),
            Err(gop) => RawO::Gop(gop),
        })
    }
}

/// The source text a value was read from, as typed.
fn source_text(src: &str, at: &serde_saphyr::Location) -> String {
    let span = at.span();
    let text = span
        .byte_offset()
        .zip(span.byte_len())
        .and_then(|(start, len)| {
            let start = usize::try_from(start).ok()?;
            src.get(start..start.checked_add(usize::try_from(len).ok()?)?)
        });
    text.unwrap_or_default().trim().to_string()
}

fn fill(chu: &mut Chu, src: &str, at: &serde_saphyr::Location) {
    if let Chu::Typed = chu {
        *chu = Chu::Text(source_text(src, at));
    }
}

impl RawBang {
    /// Replaces every number and boolean of the table by its text in `src`.
    pub fn fill_from(&mut self, src: &str) {
        fn cot(c: &mut Spanned<RawCot>, src: &str) {
            match &mut c.value {
                RawCot::Ten(chu) => fill(chu, src, &c.referenced),
                RawCot::Day(d) => d.cot.iter_mut().for_each(|c| cot(c, src)),
            }
        }
        self.cot.iter_mut().for_each(|c| cot(c, src));
        for row in &mut self.dong {
            for o in &mut row.value {
                if let RawO::Chu(chu) = &mut o.value {
                    fill(chu, src, &o.referenced);
                }
            }
        }
    }
}

impl Chu {
    pub fn text(&self) -> &str {
        match self {
            Chu::Text(t) => t,
            Chu::Typed => "",
        }
    }
}
