//! What an input names beside itself, read from the disk before the model sees it: a
//! template of the user's (`mau:`), relative to the input's folder and reported at its key;
//! and the images a signature shows (`anh`, read by `vbhc sign`). Nothing after this stage
//! opens a file.

pub mod anh;

use crate::diag::Diag;
use crate::template::UserTemplate;

/// The signature and seal image keys of older files (`nguoi_ky.chu_ky`, `con_dau`): the images
/// belong to the digital signatures (Phụ lục I; §3.8, §3.13), so a rendered document never
/// shows them, which would make an unsigned copy look signed. Said at each key, with how to
/// sign with the image instead; the file is not read.
pub fn image_keys(raw: &crate::reader::RawVanBan) -> Vec<Diag> {
    let said = |key: &serde_saphyr::Spanned<String>, what: &str, field: &str| {
        Diag::warning(
            crate::reader::pos_of(&key.referenced),
            format!(
                "vbhc không in {what} vào văn bản: đó là hình của chữ ký số, chỉ có khi ký; ký bằng `vbhc sign{field} --anh {}`",
                key.value.trim()
            ),
        )
    };
    let chu_ky = raw.nguoi_ky.value.chu_ky.as_ref().map(|k| said(k, "ảnh chữ ký", ""));
    let con_dau = raw.con_dau.as_ref().map(|k| said(k, "ảnh con dấu", " --field con_dau"));
    chu_ky.into_iter().chain(con_dau).collect()
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

