//! The command line: its commands and options (contract: `vbhc render`, `vbhc check`), each
//! command in its own module.

mod batch;
mod bench;
mod bench_batch;
mod bench_edit;
mod import;
mod lint;
mod remote;
mod render;
mod report;
pub mod schema;
mod sign;
mod sign_batch;
mod types;
pub use types::skeleton;
mod verify;
mod watch;

use crate::bounded_read;
use crate::pipeline;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "vbhc",
    version,
    about = "Văn bản hành chính: từ tệp YAML ra DOCX và PDF đúng thể thức Nghị định 30/2020/NĐ-CP",
    long_about = "Văn bản hành chính: từ tệp YAML ra DOCX và PDF đúng thể thức Nghị định 30/2020/NĐ-CP.\n\n\
        Ví dụ:\n  vbhc render data/ke-hoach-mau.yaml          # ghi out/ke-hoach-mau.pdf và .docx\n  \
        vbhc render data/*.yaml -o ban-in -f pdf    # chỉ PDF, vào thư mục ban-in/\n  \
        vbhc check data/ke-hoach-mau.yaml           # chỉ kiểm tra, không ghi gì\n  \
        vbhc sign out/ke-hoach-mau.pdf --p12 ky.p12 -o out/da-ky.pdf   # ký số vào trường nguoi_ky\n\n\
        Mã thoát: 0 thành công; 1 đầu vào sai hoặc không tạo được văn bản; 2 sai cách gọi lệnh."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tạo DOCX và PDF cho từng tệp YAML (ghi DIR/TÊN.pdf, DIR/TÊN.docx).
    ///
    /// Tệp nào có lỗi thì không ghi gì cho tệp đó; các tệp khác vẫn được tạo; mã thoát là 1.
    Render {
        /// Các tệp YAML đầu vào, mỗi tệp một văn bản.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Thư mục ghi kết quả (tạo nếu chưa có).
        #[arg(short = 'o', long = "out", value_name = "DIR", default_value = "out")]
        out: PathBuf,
        /// Định dạng cần tạo, cách nhau bằng dấu phẩy.
        #[arg(short = 'f', long = "format", value_name = "FORMATS", value_delimiter = ',', default_values = ["pdf", "docx"])]
        formats: Vec<Format>,
        /// Dùng mẫu minijinja của bạn thay cho mẫu có sẵn (như khóa `mau:` trong tệp YAML).
        #[arg(long = "template", value_name = "MAU.j2")]
        template: Option<PathBuf>,
        /// Loại PDF: a-2b (mặc định, để lưu trữ và ký số), a-3b (kèm tệp YAML nguồn), thuong.
        #[arg(long = "chuan-pdf", value_name = "CHUẨN", default_value = "a-2b")]
        chuan_pdf: ChuanPdf,
        /// Theo dõi các tệp: mỗi lần lưu, tạo lại văn bản và báo lỗi; Ctrl-C để dừng.
        #[arg(long = "watch")]
        watch: bool,
    },
    /// Tạo một văn bản cho mỗi đơn vị trong bảng dữ liệu, từ một tệp gốc có biến `{{ ... }}`.
    ///
    /// Ghi DIR/TÊN.pdf, DIR/TÊN.docx cho mỗi đơn vị và bảng kê DIR/bang-ke.csv, DIR/bang-ke.json.
    /// Đơn vị nào lỗi thì báo hàng, cột và bỏ qua, các đơn vị khác vẫn được tạo; mã thoát 1
    /// nếu có đơn vị lỗi, 130 nếu dừng bằng Ctrl-C.
    Batch {
        /// Tệp YAML gốc: một văn bản bình thường, các chuỗi có thể dùng `{{ cot }}`, và phần tử
        /// danh sách `- lap: x in danh_sach` với `moi_lan: ...` để lặp.
        #[arg(value_name = "BASE.yaml")]
        base: PathBuf,
        /// Bảng dữ liệu: .csv, .xlsx (trang đầu tiên), .yaml hoặc .json (danh sách); mỗi hàng một đơn vị.
        #[arg(long = "data", value_name = "UNITS")]
        data: PathBuf,
        /// Thư mục ghi kết quả (tạo nếu chưa có).
        #[arg(short = 'o', long = "out", value_name = "DIR", default_value = "out")]
        out: PathBuf,
        /// Định dạng cần tạo, cách nhau bằng dấu phẩy.
        #[arg(short = 'f', long = "format", value_name = "FORMATS", value_delimiter = ',', default_values = ["pdf", "docx"])]
        formats: Vec<Format>,
        /// Mẫu tên tệp, ví dụ "{{ ma }}-bao-cao" (mặc định: TÊN-GỐC-001, ...).
        #[arg(long = "ten", value_name = "MẪU")]
        ten: Option<String>,
        /// Đánh số văn bản liên tục từ số này (ghi đè khóa `so`) cho các đơn vị hợp lệ, theo thứ tự.
        #[arg(long = "so-bat-dau", value_name = "SỐ")]
        so_bat_dau: Option<u64>,
        /// Dừng ngay khi một đơn vị lỗi.
        #[arg(long = "dung-khi-loi")]
        dung_khi_loi: bool,
        /// Tạo thêm một văn bản tổng hợp từ tệp gốc này, với biến `don_vi` (danh sách mọi đơn vị).
        #[arg(long = "tong-hop", value_name = "TONG_HOP.yaml")]
        tong_hop: Option<PathBuf>,
        /// Dùng mẫu minijinja của bạn thay cho mẫu có sẵn.
        #[arg(long = "template", value_name = "MAU.j2")]
        template: Option<PathBuf>,
        /// Số luồng chạy song song (mặc định: số lõi CPU).
        #[arg(short = 'j', long = "jobs", value_name = "N")]
        jobs: Option<usize>,
        /// Loại PDF: a-2b (mặc định), a-3b (kèm dữ liệu YAML của đơn vị), thuong.
        #[arg(long = "chuan-pdf", value_name = "CHUẨN", default_value = "a-2b")]
        chuan_pdf: ChuanPdf,
    },
    /// Ký số một tệp PDF (chữ ký PAdES B-B vào trường có sẵn) bằng chứng thư số trong tệp
    /// .p12/.pfx hoặc trên thiết bị ký (USB token, qua PKCS#11).
    ///
    /// Mật khẩu tệp .p12 lấy từ biến môi trường VBHC_P12_PASSWORD, mã PIN thiết bị từ VBHC_PIN;
    /// nếu không có thì hỏi khi chạy; không bao giờ nhận qua tham số dòng lệnh.
    Sign {
        /// Tệp PDF cần ký (do vbhc render tạo, hoặc bất kỳ PDF nào có trường chữ ký trống);
        /// hoặc thư mục kết quả của `vbhc batch`: ký mọi PDF trong bảng kê, tại chỗ, một lần
        /// nhập mã PIN, và ghi trạng thái ký vào bảng kê.
        #[arg(value_name = "IN.pdf")]
        input: PathBuf,
        /// Tệp chứng thư số và khóa bí mật (PKCS#12: .p12 hoặc .pfx).
        #[arg(long = "p12", value_name = "FILE", required_unless_present = "pkcs11", conflicts_with = "pkcs11")]
        p12: Option<PathBuf>,
        /// Thư viện PKCS#11 của thiết bị ký (USB token), ví dụ /usr/lib/vgca/libvgca.so;
        /// mã PIN lấy từ biến môi trường VBHC_PIN, nếu không có thì hỏi khi chạy.
        #[arg(long = "pkcs11", value_name = "MODULE.so")]
        pkcs11: Option<PathBuf>,
        /// Nhãn của thiết bị ký, khi cắm nhiều thiết bị.
        #[arg(long = "token", value_name = "NHAN", requires = "pkcs11")]
        token: Option<String>,
        /// Nhãn (hoặc mã id dạng hex) của khóa trên thiết bị, khi thiết bị có nhiều khóa.
        #[arg(long = "key", value_name = "NHAN", requires = "pkcs11")]
        key: Option<String>,
        /// Tên trường chữ ký: nguoi_ky (mặc định), con_dau, co_quan_phu_luc_1, ...
        #[arg(long = "field", value_name = "TRUONG", default_value = "nguoi_ky")]
        field: String,
        /// Ảnh của chữ ký (PNG nền trong): ảnh chữ ký của người ký cho trường nguoi_ky, ảnh
        /// con dấu (đúng kích thước thật) cho trường con_dau. Văn bản chỉ có ảnh khi đã ký.
        #[arg(long = "anh", value_name = "ANH.png")]
        anh: Option<PathBuf>,
        /// Máy chủ dấu thời gian RFC 3161 (ví dụ http://tsa.ca.gov.vn): thời gian ký được
        /// bên thứ ba xác nhận (PAdES B-T), không dựa vào đồng hồ máy người ký.
        #[arg(long = "tsa", value_name = "URL")]
        tsa: Option<String>,
        /// Tệp PDF đã ký (không dùng khi ký cả thư mục của một lần chạy hàng loạt).
        #[arg(short = 'o', long = "out", value_name = "OUT.pdf")]
        out: Option<PathBuf>,
    },
    /// Ký từ xa, bước 1: dành chỗ cho chữ ký trong tệp PDF và in mã băm (SHA-256) để gửi cho
    /// dịch vụ ký số từ xa (VNPT SmartCA, Viettel MySign...), dạng JSON.
    Prepare {
        /// Tệp PDF cần ký.
        #[arg(value_name = "IN.pdf")]
        input: PathBuf,
        /// Chứng thư số của người ký (PEM hoặc DER), lấy từ dịch vụ ký.
        #[arg(long = "cert", value_name = "CERT.pem")]
        cert: PathBuf,
        /// Tên trường chữ ký: nguoi_ky (mặc định), con_dau, co_quan_phu_luc_1, ...
        #[arg(long = "field", value_name = "TRUONG", default_value = "nguoi_ky")]
        field: String,
        /// Ảnh của chữ ký (PNG nền trong), như ở `vbhc sign`.
        #[arg(long = "anh", value_name = "ANH.png")]
        anh: Option<PathBuf>,
        /// Tệp PDF đã dành chỗ, chờ chữ ký.
        #[arg(short = 'o', long = "out", value_name = "CHO-KY.pdf")]
        out: PathBuf,
    },
    /// Ký từ xa, bước 2: đặt chữ ký dịch vụ trả về vào tệp đã chuẩn bị, sau khi kiểm tra
    /// chữ ký đó đúng là ký văn bản này.
    Finish {
        /// Tệp PDF do `vbhc prepare` tạo.
        #[arg(value_name = "CHO-KY.pdf")]
        input: PathBuf,
        /// Chữ ký CMS dịch vụ trả về (DER hoặc base64).
        #[arg(long = "cms", value_name = "FILE", conflicts_with = "chu_ky")]
        cms: Option<PathBuf>,
        /// Chữ ký thô trên mã băm (nhị phân hoặc base64); cần kèm --cert.
        #[arg(long = "chu-ky", value_name = "FILE", requires = "cert")]
        chu_ky: Option<PathBuf>,
        /// Chứng thư số người ký, rồi các chứng thư cấp trên (PEM), như ở bước chuẩn bị.
        #[arg(long = "cert", value_name = "CERT.pem")]
        cert: Option<PathBuf>,
        /// Máy chủ dấu thời gian RFC 3161 cho chữ ký thô (như ở `vbhc sign`).
        #[arg(long = "tsa", value_name = "URL", requires = "chu_ky")]
        tsa: Option<String>,
        /// Tệp PDF đã ký.
        #[arg(short = 'o', long = "out", value_name = "OUT.pdf")]
        out: PathBuf,
    },
    /// Kiểm tra các chữ ký số của một tệp PDF: người ký, thời gian, phạm vi ký, thay đổi sau
    /// khi ký, chứng thực (DocMDP) và, với --ca, độ tin cậy của chuỗi chứng thư.
    ///
    /// Mã thoát 0 khi mọi chữ ký còn nguyên vẹn và hợp lệ (và tin cậy, khi có --ca), 1 nếu không.
    Verify {
        /// Tệp PDF đã ký.
        #[arg(value_name = "FILE.pdf")]
        input: PathBuf,
        /// Các chứng thư CA tin cậy (PEM, một hoặc nhiều; hoặc DER).
        #[arg(long = "ca", value_name = "CERTS.pem")]
        ca: Option<PathBuf>,
        /// In kết quả dạng JSON (cho script).
        #[arg(long = "json")]
        json: bool,
    },
    /// Kiểm tra tệp YAML và báo lỗi, cảnh báo; không ghi tệp nào.
    ///
    /// Mã thoát 0 khi hợp lệ (có thể kèm cảnh báo), 1 khi có lỗi.
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Kiểm tra với mẫu minijinja của bạn.
        #[arg(long = "template", value_name = "MAU.j2")]
        template: Option<PathBuf>,
    },
    /// Liệt kê các loại văn bản có mẫu sẵn (slug, tên loại, chữ viết tắt, mẫu).
    Types,
    /// In ra JSON Schema của tệp đầu vào (cho trình soạn thảo có yaml-language-server).
    Schema,
    /// In ra một tệp YAML mẫu có chú thích cho loại văn bản LOAI (ví dụ `vbhc new cong-van`).
    /// Mở trình soạn văn bản trên trình duyệt: biểu mẫu, tệp YAML và trang in xem trước,
    /// cho các tệp YAML trong thư mục (máy chủ chỉ trên máy này, 127.0.0.1).
    ///
    /// Dòng đầu tiên in ra là địa chỉ của trình soạn; Ctrl-C để dừng.
    Edit {
        /// Thư mục chứa các tệp YAML (mặc định: thư mục hiện tại).
        #[arg(value_name = "FOLDER", default_value = ".")]
        folder: PathBuf,
        /// Cổng (mặc định: một cổng còn trống).
        #[arg(long = "port", value_name = "N", default_value_t = 0)]
        port: u16,
        /// Không tự mở trình duyệt.
        #[arg(long = "no-open")]
        no_open: bool,
    },
    /// Kiểm tra thể thức một văn bản DOCX bất kỳ (Word, LibreOffice, WPS…) theo Nghị định 30:
    /// khổ giấy, lề, phông, cỡ chữ, kiểu chữ, quốc hiệu, ngày tháng, số mục, căn cứ, nơi nhận,
    /// chữ ký, số trang, trích yếu. Mã thoát 1 khi có lỗi.
    Lint {
        /// Các tệp .docx cần kiểm tra.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// In kết quả dạng JSON (mảng: rule, severity, page, paragraph, text, message, spec, file).
        #[arg(long = "json")]
        json: bool,
    },
    /// Chuyển một văn bản Word (.docx) soạn tay thành tệp YAML của vbhc: phần đầu, tên loại,
    /// trích yếu, căn cứ, các mục (bỏ số, vbhc tự đánh), đoạn văn, điểm, bảng, nơi nhận, người ký.
    Import {
        /// Tệp .docx cần chuyển.
        #[arg(value_name = "FILE.docx")]
        file: PathBuf,
        /// Ghi vào tệp YAML mới này (mặc định: in ra màn hình).
        #[arg(short = 'o', long = "out", value_name = "FILE.yaml")]
        out: Option<PathBuf>,
    },
    New {
        /// Slug của loại văn bản, xem `vbhc types`.
        #[arg(value_name = "LOAI")]
        loai: String,
    },
    /// Đo tốc độ: thời gian tạo PDF và DOCX trong tiến trình, một lần chạy `vbhc render`
    /// mới, và LibreOffice chuyển cùng DOCX sang PDF (nếu có), kèm tỉ lệ.
    #[command(args_conflicts_with_subcommands = true)]
    Bench {
        #[command(subcommand)]
        loai: Option<BenchKind>,
        /// Tệp YAML để đo (mặc định: ví dụ lớn nhất trong data/).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Số lần lặp cho mỗi phép đo trong tiến trình.
        #[arg(long, default_value_t = 50)]
        lan: usize,
    },
}

#[derive(Subcommand)]
enum BenchKind {
    /// Đo `vbhc batch`: N báo cáo đơn vị tổng hợp (2 trang, có bảng), văn bản/giây, bộ nhớ đỉnh,
    /// và so với chạy một tiến trình `vbhc render` cho mỗi đơn vị.
    Batch {
        /// Số đơn vị.
        #[arg(default_value_t = 1000)]
        n: usize,
        /// Số lượt đo; mỗi lượt chạy batch rồi các tiến trình `vbhc render`, in trung vị.
        #[arg(long, default_value_t = 3)]
        lan: usize,
    },
    /// Đo trình soạn (`vbhc edit`): thời gian từ một lần sửa đến khi có ảnh trang mới, qua máy
    /// chủ thật trên 127.0.0.1, cho kế hoạch 6 trang của các ví dụ (hoặc FILE).
    Edit {
        /// Tệp YAML để đo (mặc định: data/002-hoc-tap-chuyen-de-thanh-hoa.yaml, 6 trang).
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Số lần sửa mỗi loại.
        #[arg(long, default_value_t = 40)]
        lan: usize,
    },
}

/// The kind of PDF (`--chuan-pdf`).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ChuanPdf {
    /// PDF/A-2b: lưu trữ lâu dài, sẵn sàng ký số (mặc định).
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-3b, đính kèm tệp YAML nguồn.
    #[value(name = "a-3b")]
    A3b,
    /// PDF thường.
    #[value(name = "thuong")]
    Thuong,
}

impl ChuanPdf {
    fn standard(self) -> pipeline::PdfStandard {
        match self {
            ChuanPdf::A2b => pipeline::PdfStandard::A2b,
            ChuanPdf::A3b => pipeline::PdfStandard::A3b,
            ChuanPdf::Thuong => pipeline::PdfStandard::Plain,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Pdf,
    Docx,
}

pub fn main() -> ExitCode {
    // A bug must never show a Rust panic and its trace to a clerk: say what happened instead.
    // (`render` also isolates each input, so one failing file does not stop the others.)
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("lỗi nội bộ của vbhc{place}; xin gửi tệp đầu vào cho nhóm phát triển");
    }));
    let cli = Cli::parse();
    match cli.command {
        Command::Render {
            files,
            out,
            formats,
            template,
            chuan_pdf,
            watch,
        } => match read_template(template.as_deref()) {
            Ok(t) if watch => watch::run(&files, &out, &formats, t.as_ref(), chuan_pdf.standard()),
            Ok(t) => render::render(&files, &out, &formats, t.as_ref(), chuan_pdf.standard()),
            Err(code) => code,
        },
        Command::Check { files, template } => match read_template(template.as_deref()) {
            Ok(t) => render::check(&files, t.as_ref()),
            Err(code) => code,
        },
        Command::Batch {
            base,
            data,
            out,
            formats,
            ten,
            so_bat_dau,
            dung_khi_loi,
            tong_hop,
            template,
            jobs,
            chuan_pdf,
        } => match read_template(template.as_deref()) {
            Ok(template) => batch::run(batch::Options {
                base,
                data,
                out,
                pdf: formats.contains(&Format::Pdf),
                docx: formats.contains(&Format::Docx),
                ten,
                so_bat_dau,
                dung_khi_loi,
                tong_hop,
                template,
                jobs,
                pdf_standard: chuan_pdf.standard(),
            }),
            Err(code) => code,
        },
        Command::Verify { input, ca, json } => verify::run(&input, ca.as_deref(), json),
        Command::Prepare { input, cert, field, anh, out } => remote::prepare(remote::Prepare {
            input: &input,
            cert: &cert,
            field: &field,
            anh: anh.as_deref(),
            out: &out,
        }),
        Command::Finish { input, cms, chu_ky, cert, tsa, out } => remote::finish(remote::Finish {
            input: &input,
            cms: cms.as_deref(),
            signature: chu_ky.as_deref(),
            cert: cert.as_deref(),
            tsa: tsa.as_deref(),
            out: &out,
        }),
        Command::Sign {
            input,
            p12,
            pkcs11,
            token,
            key,
            field,
            anh,
            tsa,
            out,
        } => sign::run(sign::Options {
            input,
            ky: match (p12, pkcs11) {
                (Some(file), _) => sign::Ky::P12(file),
                (None, Some(module)) => sign::Ky::Pkcs11 { module, token, key },
                (None, None) => unreachable!("clap requires --p12 or --pkcs11"),
            },
            field,
            anh,
            tsa,
            out,
        }),
        Command::Types => types::list(),
        Command::Schema => schema::print(),
        Command::New { loai } => types::new(&loai),
        Command::Lint { files, json } => lint::run(&files, json),
        Command::Import { file, out } => import::run(&file, out.as_ref()),
        Command::Edit { folder, port, no_open } => crate::editor::run(&folder, port, !no_open),
        Command::Bench {
            loai: Some(BenchKind::Batch { n, lan }),
            ..
        } => bench_batch::run(n, lan),
        Command::Bench {
            loai: Some(BenchKind::Edit { file, lan }),
            ..
        } => bench_edit::run(file, lan),
        Command::Bench { file, lan, .. } => bench::run(file, lan),
    }
}

/// The `--template` file, read once for all inputs.
fn read_template(path: Option<&Path>) -> Result<Option<pipeline::UserTemplate>, ExitCode> {
    let Some(path) = path else { return Ok(None) };
    match bounded_read::read_text(path, crate::template::MAX_TEMPLATE_BYTES) {
        Ok(Ok(source)) => Ok(Some(pipeline::UserTemplate {
            name: path.display().to_string(),
            source,
        })),
        Ok(Err(())) => {
            eprintln!("{}:1:1: lỗi: mẫu không phải văn bản UTF-8", path.display());
            Err(ExitCode::from(1))
        }
        Err(e) => {
            eprintln!("{}:1:1: lỗi: không đọc được mẫu: {e}", path.display());
            Err(ExitCode::from(1))
        }
    }
}
