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

        let cut = dir.path().join("cut.png");
        let png = tiny_png();
        std::fs::write(&cut, &png[..png.len() - 20]).unwrap();
        assert!(read_png(&cut).unwrap_err().contains("không phải ảnh PNG"));
    }
}
