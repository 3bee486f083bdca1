//! `vbhc bench batch N`: N synthetic two-page unit reports with a table each, made by one
//! `vbhc batch` process, against one `vbhc render` process per unit (run as many at a time as
//! there are cores, as a script with `xargs -P` would). Prints documents per second, time
//! per document, the peak memory of the batch process for 100 and for N units, and the ratio.

use crate::batch::{self, base::Base, units};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// The base of the benchmark: a report of two pages with a table built from the unit's list.
const BASE: &str = r#"loai: bao-cao
co_quan: {chu_quan: SỞ Y TẾ TỈNH KON TUM, ten: "{{ ten_don_vi | upper }}", viet_tat: TTYT}
so: null
dia_danh: "{{ dia_danh }}"
ngay: 2024-07-05
trich_yeu: Kết quả hoạt động chuyên môn 6 tháng đầu năm 2024
kinh_gui: Sở Y tế tỉnh Kon Tum
mo_dau: "Thực hiện Công văn số 1520/SYT-NVY ngày 20/6/2024 của Sở Y tế, {{ ten_don_vi }} báo cáo như sau:"
ket_qua:
  - tieu_de: Kết quả thực hiện các chỉ tiêu chuyên môn
    noi_dung:
      - "Trong kỳ báo cáo, {{ ten_don_vi }} đã khám cho **{{ luot_kham | so }}** lượt người, điều trị nội trú cho {{ nhap_vien | so }} lượt người bệnh; các chỉ tiêu chính được tổng hợp tại bảng sau."
      - bang:
          cot: [TT, Chỉ tiêu, Đơn vị tính, Kế hoạch năm, Thực hiện 6 tháng, Tỷ lệ (%)]
          dong:
            - lap: c in chi_tieu
              moi_lan: ["{{ loop.index }}", "{{ c.ten }}", "{{ c.dvt }}", "{{ c.ke_hoach | so }}", "{{ c.thuc_hien | so }}", "{{ (100 * c.thuc_hien / c.ke_hoach) | so(1) }}"]
  - tieu_de: Công tác phòng, chống dịch bệnh
    noi_dung:
      - Duy trì giám sát chặt chẽ các bệnh truyền nhiễm gây dịch trên địa bàn; không để dịch lớn xảy ra, phát hiện sớm và xử lý kịp thời các ổ dịch sốt xuất huyết, tay chân miệng.
      - Phối hợp với chính quyền địa phương tổ chức các đợt ra quân vệ sinh môi trường, diệt lăng quăng, bọ gậy tại các khu dân cư có nguy cơ cao.
      - Tổ chức tiêm chủng mở rộng đầy đủ, đúng lịch cho trẻ em dưới 1 tuổi và phụ nữ có thai; rà soát, tiêm bù cho các đối tượng chưa được tiêm.
ton_tai_han_che:
  - "{{ ton_tai }}"
  - Trang thiết bị y tế còn thiếu và xuống cấp, chưa đáp ứng nhu cầu khám bệnh, chữa bệnh ngày càng cao của nhân dân.
phuong_huong:
  - Tiếp tục nâng cao chất lượng khám bệnh, chữa bệnh, đổi mới phong cách, thái độ phục vụ hướng tới sự hài lòng của người bệnh.
  - Đẩy mạnh ứng dụng công nghệ thông tin, triển khai hồ sơ bệnh án điện tử theo lộ trình của Bộ Y tế.
kien_nghi:
  - Đề nghị Sở Y tế bổ sung kinh phí mua sắm trang thiết bị y tế thiết yếu cho đơn vị.
noi_nhan: [Ban Giám đốc]
luu: [VT, KHNV]
nguoi_ky: {chuc_vu: GIÁM ĐỐC, ho_ten: "{{ giam_doc }}"}
"#;

const CHI_TIEU: [(&str, &str); 14] = [
    ("Lượt khám bệnh", "lượt"),
    ("Lượt điều trị nội trú", "lượt"),
    ("Lượt điều trị ngoại trú", "lượt"),
    ("Số ca phẫu thuật", "ca"),
    ("Số ca thủ thuật", "ca"),
    ("Số lần xét nghiệm", "lần"),
    ("Số lần chụp X-quang", "lần"),
    ("Số lần siêu âm", "lần"),
    ("Trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "trẻ"),
    ("Phụ nữ có thai được khám thai đủ 3 lần", "người"),
    ("Người cao tuổi được quản lý sức khỏe", "người"),
    ("Người bệnh tăng huyết áp được quản lý", "người"),
    ("Người bệnh đái tháo đường được quản lý", "người"),
    ("Hồ sơ sức khỏe điện tử được lập", "hồ sơ"),
];

/// One unit of the bench's data. A struct, not `json!`, whose keys would come out in
/// alphabetical order: the unit's code comes first, as in a clerk's file, and names the unit
/// in the manifest.
#[derive(serde::Serialize)]
struct BenchUnit {
    ma: String,
    ten_don_vi: String,
    dia_danh: &'static str,
    giam_doc: &'static str,
    luot_kham: usize,
    nhap_vien: usize,
    ton_tai: String,
    chi_tieu: Vec<serde_json::Value>,
}

/// N units of varied Vietnamese data, as the JSON list `vbhc batch --data` reads.
fn units_json(n: usize) -> String {
    let huyen = ["Đắk Hà", "Đắk Tô", "Ngọc Hồi", "Kon Plông", "Sa Thầy", "Đắk Glei", "Tu Mơ Rông"];
    let units: Vec<BenchUnit> = (0..n)
        .map(|i| {
            let h = huyen[i % huyen.len()];
            let giam_doc = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Y Hương", "A Thương"][i % 4];
            let chi_tieu: Vec<serde_json::Value> = CHI_TIEU
                .iter()
                .enumerate()
                .map(|(k, (ten, dvt))| {
                    let ke_hoach = 1000 + (i * 37 + k * 911) % 90_000;
                    serde_json::json!({
                        "ten": ten, "dvt": dvt, "ke_hoach": ke_hoach,
                        "thuc_hien": ke_hoach * (40 + (i + k) % 30) / 100,
                    })
                })
                .collect();
            BenchUnit {
                ma: format!("dv-{i:05}"),
                ten_don_vi: format!("Trạm Y tế số {} huyện {h}", i + 1),
                dia_danh: h,
                giam_doc,
                luot_kham: 10_000 + i * 13,
                nhap_vien: 500 + i % 300,
                ton_tai: format!("Nhân lực còn thiếu {} bác sĩ so với định mức.", 1 + i % 5),
                chi_tieu,
            }
        })
        .collect();
    serde_json::to_string(&units).unwrap_or_default()
}

/// A finished child process: wall time and its peak memory in bytes, where the system says.
struct Measured {
    elapsed: Duration,
    peak: Option<u64>,
    /// User and system CPU time of the child, where the system says.
    cpu: Option<Duration>,
    success: bool,
}

/// Runs a command and waits for it with `wait4`, which reports that child's own peak memory.
fn measure(cmd: &mut Command) -> std::io::Result<Measured> {
    let started = Instant::now();
    let child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn()?;
    #[cfg(unix)]
    {
        let mut status = 0;
        // SAFETY: rusage is plain data that wait4 fills in; the pid is our own child, not
        // waited for elsewhere.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
        if pid < 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Measured {
            elapsed: started.elapsed(),
            // Linux reports kilobytes.
            peak: Some(usage.ru_maxrss as u64 * 1024),
            cpu: Some(seconds(usage.ru_utime) + seconds(usage.ru_stime)),
            success: libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        })
    }
    #[cfg(not(unix))]
    {
        let mut child = child;
        let status = child.wait()?;
        Ok(Measured {
            elapsed: started.elapsed(),
            peak: None,
            cpu: None,
            success: status.success(),
        })
    }
}

#[cfg(unix)]
fn seconds(t: libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
}

fn mb(bytes: Option<u64>) -> String {
    bytes.map_or("không đo được".into(), |b| {
        format!("{:.0} MB", b as f64 / 1_048_576.0)
    })
}

struct BatchRun {
    docs: usize,
    pages: Vec<usize>,
    measured: Measured,
}

/// One `vbhc batch` of `n` units into the new folder `out` (see [`measure_all`] on why new).
fn run_batch(exe: &Path, dir: &Path, n: usize, out: &Path) -> Result<BatchRun, String> {
    let data = dir.join(format!("don-vi-{n}.json"));
    std::fs::write(&data, units_json(n)).map_err(|e| e.to_string())?;
    let measured = measure(
        Command::new(exe)
            .arg("batch")
            .arg(dir.join("goc.yaml"))
            .arg("--data")
            .arg(&data)
            .arg("-o")
            .arg(out),
    )
    .map_err(|e| e.to_string())?;
    if !measured.success {
        return Err(format!("`vbhc batch` với {n} đơn vị thất bại"));
    }
    let manifest: serde_json::Value = std::fs::read(out.join(batch::manifest::JSON_NAME))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or("không đọc được bảng kê")?;
    let pages = manifest["don_vi"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(|r| r["so_trang"].as_u64())
                .map(|p| p as usize)
                .collect()
        })
        .unwrap_or_default();
    Ok(BatchRun {
        docs: manifest["da_tao"].as_u64().unwrap_or(0) as usize,
        pages,
        measured,
    })
}

/// The inputs of the baseline: one YAML file per unit, as the batch would expand them.
fn unit_files(dir: &Path, count: usize) -> Result<Vec<PathBuf>, String> {
    let base = Base::parse(BASE, &[batch::STT]).map_err(|_| "tệp gốc của phép đo sai")?;
    let data = dir.join("mau-don-vi.json");
    std::fs::write(&data, units_json(count)).map_err(|e| e.to_string())?;
    let units = units::read_units(&data).map_err(|e| e.to_string())?;
    let inputs = dir.join("tung-tep");
    std::fs::create_dir_all(&inputs).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    for (i, unit) in units.units.iter().enumerate() {
        let expanded = base
            .expand(&batch::unit_scope(unit, i + 1), &[])
            .map_err(|_| "không mở rộng được đơn vị")?;
        let path = inputs.join(format!("dv-{i:05}.yaml"));
        std::fs::write(&path, expanded.text).map_err(|e| e.to_string())?;
        files.push(path);
    }
    Ok(files)
}

/// One `vbhc render` process per unit file, `threads` at a time, into the new folder `out`:
/// the rate of documents per second, and the CPU time per document where the system says.
fn per_process_rate(
    exe: &Path,
    out: &Path,
    files: &[PathBuf],
    threads: usize,
) -> Result<(f64, Option<f64>), String> {
    let cpu_before = children_cpu();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicBool::new(false);
    let started = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    let ok = Command::new(exe)
                        .arg("render")
                        .arg(file)
                        .arg("-o")
                        .arg(out)
                        .stderr(Stdio::null())
                        .status()
                        .is_ok_and(|s| s.success());
                    if !ok {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let elapsed = started.elapsed();
    if failed.load(std::sync::atomic::Ordering::Relaxed) {
        return Err("`vbhc render` thất bại".into());
    }
    let cpu_ms = cpu_before
        .zip(children_cpu())
        .map(|(before, after)| 1000.0 * (after - before).as_secs_f64() / files.len().max(1) as f64);
    Ok((files.len() as f64 / elapsed.as_secs_f64(), cpu_ms))
}

/// The CPU time of this process's children that have been waited for.
fn children_cpu() -> Option<Duration> {
    #[cfg(unix)]
    {
        // SAFETY: rusage is plain data that getrusage fills in.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
            return None;
        }
        Some(seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
    #[cfg(not(unix))]
    None
}

pub fn run(n: usize, rounds: usize) -> ExitCode {
    match measure_all(n.max(1), rounds.max(1)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("lỗi: {message}");
            ExitCode::from(1)
        }
    }
}

/// The middle value (the mean of the two middle ones for an even count); `values` not empty.
pub(super) fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// One round's figures: the batch's rate and CPU time per document, and the rate of one
/// `vbhc render` per unit with 1 and with `threads` processes at a time.
struct Round {
    batch_rate: f64,
    batch_cpu_ms: Option<f64>,
    one_at_a_time: f64,
    render_cpu_ms: Option<f64>,
    all_cores: Option<f64>,
}

fn measure_all(n: usize, rounds: usize) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join("goc.yaml"), BASE).map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{n} báo cáo đơn vị tổng hợp, mỗi báo cáo có một bảng 14 hàng; PDF và DOCX; {threads} lõi; {rounds} lượt đo");

    // Every run writes into a folder of its own, and nothing is deleted before the end (the
    // temporary folder goes then): on ext4 without a journal (this project's machines) the
    // kernel, making a file, passes over the inodes freed in the last minutes, and a batch
    // written just after the previous round's 2,000 files were deleted spent twice the system
    // time and 5-10 % more wall time; a user's batch goes into a new folder. 100 KB a unit and a
    // round on disk until the end.
    let out = |name: String| dir.path().join(name);
    let small = run_batch(&exe, dir.path(), 100.min(n), &out(format!("ra-{}", 100.min(n))))?;
    // The baseline: a script calling `vbhc render` once per unit, one after another (a shell
    // loop), and the same with as many processes at a time as cores (`xargs -P`).
    let sample = n.min(60);
    let files = unit_files(dir.path(), sample)?;
    // The machine's speed drifts within minutes (other tenants): each round measures the batch
    // and the baseline back to back, so a round's ratio compares like with like, and the
    // medians over rounds are what is reported.
    let mut done: Vec<Round> = Vec::new();
    let mut large = None;
    let mut large_peak: Option<u64> = None;
    for r in 1..=rounds {
        let run = run_batch(&exe, dir.path(), n, &out(format!("ra-{n}-luot-{r}")))?;
        let batch_rate = run.docs as f64 / run.measured.elapsed.as_secs_f64();
        let (one_at_a_time, render_cpu_ms) =
            per_process_rate(&exe, &out(format!("ra-tung-tep-luot-{r}")), &files, 1)?;
        let round = Round {
            batch_rate,
            batch_cpu_ms: run.measured.cpu.map(|cpu| 1000.0 * cpu.as_secs_f64() / run.docs.max(1) as f64),
            one_at_a_time,
            render_cpu_ms,
            all_cores: if threads > 1 {
                Some(per_process_rate(&exe, &out(format!("ra-cung-luc-luot-{r}")), &files, threads)?.0)
            } else {
                None
            },
        };
        println!(
            "lượt {r}: batch {batch_rate:.0} văn bản/giây; `vbhc render` từng đơn vị {:.0} văn bản/giây (1 tiến trình cùng lúc){}; batch nhanh hơn {:.1}×",
            round.one_at_a_time,
            round.all_cores.map_or(String::new(), |rate| format!(", {rate:.0} ({threads} cùng lúc)")),
            batch_rate / round.one_at_a_time,
        );
        done.push(round);
        large_peak = large_peak.max(run.measured.peak);
        large = Some(run);
    }
    let large = large.ok_or("không có lượt đo nào")?;
    let (lo, hi) = (
        large.pages.iter().min().copied().unwrap_or(0),
        large.pages.iter().max().copied().unwrap_or(0),
    );
    let rate = median(done.iter().map(|r| r.batch_rate).collect());
    let batch_cpu: Option<Vec<f64>> = done.iter().map(|r| r.batch_cpu_ms).collect();
    let render_cpu: Option<Vec<f64>> = done.iter().map(|r| r.render_cpu_ms).collect();
    println!("trung vị của {rounds} lượt:");
    println!(
        "vbhc batch, {} đơn vị ({lo}–{hi} trang mỗi văn bản): {rate:.0} văn bản/giây, {:.1} ms mỗi văn bản{}",
        large.docs,
        1000.0 / rate,
        batch_cpu.clone().map_or(String::new(), |cpu| {
            let cpu = median(cpu);
            format!(" ({cpu:.1} ms CPU mỗi văn bản, {:.2} lõi bận)", cpu * rate / 1000.0)
        })
    );
    // CPU time per document says how much work the batch shares, whatever the number of cores.
    if let (Some(batch_cpu), Some(render_cpu)) = (batch_cpu, render_cpu) {
        let ratios = batch_cpu.iter().zip(&render_cpu).map(|(b, r)| r / b).collect();
        println!(
            "thời gian CPU mỗi văn bản: batch {:.1} ms, một tiến trình `vbhc render` {:.1} ms; batch tốn ít hơn {:.1}×",
            median(batch_cpu),
            median(render_cpu),
            median(ratios)
        );
    }
    println!(
        "bộ nhớ đỉnh của tiến trình batch: {} với {} đơn vị, {} với {} đơn vị",
        mb(small.measured.peak),
        small.docs,
        mb(large_peak),
        large.docs
    );
    let baseline = |at_once: usize, rates: Vec<f64>, ratios: Vec<f64>| {
        let per_process = median(rates);
        println!(
            "một tiến trình `vbhc render` cho mỗi đơn vị ({sample} đơn vị, {at_once} tiến trình cùng lúc): {per_process:.0} văn bản/giây, {:.1} ms mỗi văn bản; batch nhanh hơn {:.1}× (trung vị các tỉ lệ từng lượt)",
            1000.0 / per_process,
            median(ratios),
        );
    };
    baseline(
        1,
        done.iter().map(|r| r.one_at_a_time).collect(),
        done.iter().map(|r| r.batch_rate / r.one_at_a_time).collect(),
    );
    if threads > 1 {
        let all_cores: Vec<(f64, f64)> = done
            .iter()
            .filter_map(|r| r.all_cores.map(|rate| (rate, r.batch_rate / rate)))
            .collect();
        baseline(
            threads,
            all_cores.iter().map(|&(rate, _)| rate).collect(),
            all_cores.iter().map(|&(_, ratio)| ratio).collect(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_and_even_counts_whatever_the_order() {
        assert_eq!(median(vec![3.9]), 3.9);
        assert_eq!(median(vec![4.9, 3.7, 4.1]), 4.1);
        assert_eq!(median(vec![4.0, 2.0, 5.0, 3.0]), 3.5);
    }
}
