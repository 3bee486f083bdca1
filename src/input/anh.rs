//! Images of an electronic document (§3.8): the signer's signature (`nguoi_ky.chu_ky`) and the
//! agency's seal (`con_dau`), transparent PNG files named relative to the YAML file. Each is
//! decoded once here, so a broken file is reported at its key, not deep in a writer.

use std::path::Path;
use std::sync::Arc;

/// A PNG file's bytes and its size in pixels.
#[derive(Debug, Clone)]
pub struct Anh {
    pub png: Arc<[u8]>,
    pub width: u32,
    pub height: u32,
}

/// Larger files are refused: a signature or a seal scanned at 600 dpi is well under this.
pub const MAX_BYTES: u64 = 8 * 1024 * 1024;
/// And larger images: 40 mm at 1200 dpi is under 2,000 pixels.
pub const MAX_PIXELS: u32 = 6000;

/// Reads and checks a PNG; the error is the message for the user.
pub fn read_png(path: &Path) -> Result<Anh, String> {
    let bytes = crate::bounded_read::read(path, MAX_BYTES).map_err(|e| match e {
        crate::bounded_read::ReadError::NotFound => {
            format!("không tìm thấy tệp ảnh `{}`", path.display())
        }
        e => format!("không đọc được tệp ảnh `{}`: {e}", path.display()),
    })?;
    check_compressed_chunks(&bytes)
        .map_err(|chunk| format!("ảnh `{}` có phần {chunk} giải nén ra quá lớn (tối đa {} MB)", path.display(), MAX_INFLATED / 1024 / 1024))?;
    let (width, height) = decode(&bytes).map_err(|e| {
        format!("tệp `{}` không phải ảnh PNG đọc được ({e})", path.display())
    })?;
    if width > MAX_PIXELS || height > MAX_PIXELS {
        return Err(format!(
            "ảnh `{}` quá lớn ({width}×{height} điểm ảnh, tối đa {MAX_PIXELS})",
            path.display()
        ));
    }
    Ok(Anh {
        png: bytes.into(),
        width,
        height,
    })
}

/// What the compressed side chunks of a PNG (a colour profile, compressed text) may inflate to,
/// all together: a real profile is a few kilobytes to a megabyte. The image decoders that come
/// after (ours, typst's, a word processor's) inflate them whole, so a small file whose profile
/// inflates to gigabytes must be refused before any of them sees it.
const MAX_INFLATED: u64 = 4 * 1024 * 1024;

/// Inflates every `iCCP`, `zTXt` and compressed `iTXt` chunk within [`MAX_INFLATED`] in
/// all; the chunk type of the one that goes over. A malformed chunk is left to the decoder.
fn check_compressed_chunks(bytes: &[u8]) -> Result<(), &'static str> {
    use std::io::Read;
    let mut budget = MAX_INFLATED;
    let mut at = 8; // the PNG signature
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4])) as usize;
        let kind = &bytes[at + 4..at + 8];
        let Some(data) = bytes.get(at + 8..(at + 8).saturating_add(len)) else {
            break;
        };
        at = at + 12 + len;
        let after_name = || data.iter().position(|&b| b == 0).map(|i| i + 1);
        let (name, compressed) = match kind {
            b"iCCP" => ("iCCP", after_name().and_then(|i| data.get(i + 1..))),
            b"zTXt" => ("zTXt", after_name().and_then(|i| data.get(i + 1..))),
            // Keyword, flag, method, language tag, translated keyword, then the text.
            b"iTXt" => ("iTXt", after_name().and_then(|i| {
                (data.get(i) == Some(&1)).then_some(())?;
                let rest = data.get(i + 2..)?;
                let lang = rest.iter().position(|&b| b == 0)? + 1;
                let key = rest[lang..].iter().position(|&b| b == 0)? + 1;
                rest.get(lang + key..)
            })),
            _ => continue,
        };
        let Some(compressed) = compressed else { continue };
        let mut inflated = flate2::read::ZlibDecoder::new(compressed).take(budget + 1);
        let n = std::io::copy(&mut inflated, &mut std::io::sink()).unwrap_or(0);
        if n > budget {
            return Err(name);
        }
        budget -= n;
    }
    Ok(())
}

/// Decodes the whole image (not just its header), so a truncated file is caught here.
fn decode(bytes: &[u8]) -> Result<(u32, u32), png::DecodingError> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_limits(png::Limits {
        bytes: 4 * (MAX_PIXELS as usize) * (MAX_PIXELS as usize),
    });
    let mut reader = decoder.read_info()?;
    let (w, h) = (reader.info().width, reader.info().height);
    if w > MAX_PIXELS || h > MAX_PIXELS {
        return Ok((w, h));
    }
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    reader.next_frame(&mut buf)?;
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×1 RGBA PNG.
    pub fn tiny_png() -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, 2, 1);
        e.set_color(png::ColorType::Rgba);
        e.set_depth(png::BitDepth::Eight);
        e.write_header().unwrap().write_image_data(&[0, 0, 255, 255, 0, 0, 255, 0]).unwrap();
        out
    }

    /// An `iCCP` chunk's data: a name, the method, and `size` zero bytes deflated.
    fn iccp(size: usize) -> Vec<u8> {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&vec![0; size]).unwrap();
        let mut data = b"icc\0\0".to_vec();
        data.extend(z.finish().unwrap());
        data
    }

    /// `png` with one more chunk after its header chunk.
    fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let ihdr_end = 8 + 12 + 13;
        let mut out = png[..ihdr_end].to_vec();
        out.extend((data.len() as u32).to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend(kind);
        out.extend(data);
        out.extend(crc.finalize().to_be_bytes());
        out.extend(&png[ihdr_end..]);
        out
    }

    #[test]
    fn reads_a_png_and_refuses_others() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("ky.png");
        std::fs::write(&ok, tiny_png()).unwrap();
        let a = read_png(&ok).unwrap();
        assert_eq!((a.width, a.height), (2, 1));

        let missing = read_png(&dir.path().join("khong-co.png")).unwrap_err();
        assert!(missing.contains("không tìm thấy tệp ảnh"), "{missing}");

        let jpeg = dir.path().join("dau.jpg");
        std::fs::write(&jpeg, b"\xFF\xD8\xFF\xE0 not a png").unwrap();
        assert!(read_png(&jpeg).unwrap_err().contains("không phải ảnh PNG"));

        if cfg!(unix) {
            let device = read_png(Path::new("/dev/zero")).unwrap_err();
            assert!(device.contains("không phải một tệp thường"), "{device}");
        }
        let folder = read_png(dir.path()).unwrap_err();
        assert!(folder.contains("không phải một tệp thường"), "{folder}");

        // A colour profile of 3 MB of zeros inflating far past the bound: refused, named.
        let bomb = dir.path().join("bom.png");
        std::fs::write(&bomb, with_chunk(&tiny_png(), b"iCCP", &iccp(MAX_INFLATED as usize + 1))).unwrap();
        let e = read_png(&bomb).unwrap_err();
        assert!(e.contains("có phần iCCP giải nén ra quá lớn"), "{e}");
        // A real-sized profile passes.
        let fine = dir.path().join("icc.png");
        std::fs::write(&fine, with_chunk(&tiny_png(), b"iCCP", &iccp(3000))).unwrap();
        assert!(read_png(&fine).is_ok());

        let cut = dir.path().join("cut.png");
        let png = tiny_png();
        std::fs::write(&cut, &png[..png.len() - 20]).unwrap();
        assert!(read_png(&cut).unwrap_err().contains("không phải ảnh PNG"));
    }
}
