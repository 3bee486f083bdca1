//! What an input names beside itself, read from the disk before the model sees it: the
//! signature and seal images (`anh`) and a template of the user's (`mau:`), each relative to
//! the input's folder and reported at its key. Nothing after this stage opens a file.

pub mod anh;

use crate::diag::Diag;
use crate::template::UserTemplate;
use crate::tree::Anh;

/// The signature and seal images the input names (`nguoi_ky.chu_ky`, `con_dau`), read
/// relative to `base_dir`; every unreadable one reported at its key.
pub fn read_images(
    raw: &crate::reader::RawVanBan,
    base_dir: Option<&std::path::Path>,
) -> Result<(Option<Anh>, Option<Anh>), Vec<Diag>> {
    let mut errors = Vec::new();
    let mut read = |key: Option<&serde_saphyr::Spanned<String>>| {
        let key = key?;
        let path = base_dir
            .unwrap_or(std::path::Path::new("."))
            .join(key.value.trim());
        anh::read_png(&path)
            .map_err(|message| {
                errors.push(
                    Diag::error(crate::reader::pos_of(&key.referenced), message)
                        .with_hint("ảnh PNG nền trong suốt; đường dẫn tính từ thư mục chứa tệp YAML"),
                )
            })
            .ok()
    };
    let chu_ky = read(raw.nguoi_ky.value.chu_ky.as_ref());
    let con_dau = read(raw.con_dau.as_ref());
    if errors.is_empty() {
        Ok((chu_ky, con_dau))
    } else {
        Err(errors)
    }
}

/// The user's template the input names in `mau:`, read relative to `base_dir`.
pub fn read_mau(
    mau: &serde_saphyr::Spanned<String>,
    base_dir: Option<&std::path::Path>,
) -> Result<UserTemplate, Vec<Diag>> {
    let path = base_dir
        .unwrap_or(std::path::Path::new("."))
        .join(mau.value.trim());
    let fail = |message: String| {
        vec![
            Diag::error(crate::reader::pos_of(&mau.referenced), message)
                .with_hint("đường dẫn `mau:` tính từ thư mục chứa tệp YAML"),
        ]
    };
    match crate::bounded_read::read_text(&path, crate::template::MAX_TEMPLATE_BYTES) {
        Ok(Ok(source)) => Ok(UserTemplate {
            name: path.display().to_string(),
            source,
        }),
        Ok(Err(())) => Err(fail(format!("mẫu `{}` không phải văn bản UTF-8", path.display()))),
        Err(e) => Err(fail(format!("không đọc được mẫu `{}`: {e}", path.display()))),
    }
}

