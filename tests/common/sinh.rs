//! Documents made up from a seed, as clerks write them at their worst: every shipped type, long
//! tables with URLs, codes and long words, tall cells, merged cells and two-row headers,
//! chosen widths, 80 recipients, six levels of headings, lettered parts, chapters, landscape
//! sections and appendices. Each comes with the texts it must print, in reading order.

use std::fmt::Write;

/// A small, fast generator (xorshift64*): the same seed, the same document.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// 0..n
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `p` percent.
    pub fn chance(&mut self, p: usize) -> bool {
        self.below(100) < p
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "công", "tác", "phòng", "chống", "dịch", "bệnh", "tại", "các", "đơn", "vị", "y", "tế", "trên",
    "địa", "bàn", "tỉnh", "được", "triển", "khai", "đồng", "bộ", "hiệu", "quả", "kịp", "thời",
    "người", "dân", "khám", "chữa", "trạm", "xã", "huyện", "Sở", "Bệnh", "viện", "Trung", "tâm",
    "kiểm", "soát", "tiêm", "chủng", "báo", "cáo", "kết", "quả", "thực", "hiện", "năm", "2024",
];

/// A token clerks paste: a URL, an e-mail, a date, a number, a code, a very long word.
fn token(r: &mut Rng) -> String {
    match r.below(8) {
        0 => format!(
            "https://{}.kontum.gov.vn/{}",
            r.pick(&["soyte", "dichvucong", "cdc", "bvdk"]),
            (0..r.range(1, 8))
                .map(|_| r.pick(&["thu-tuc", "van-ban", "tin-tuc", "portal", "don-vi", "chi-tiet", "2024"]))
                .collect::<Vec<_>>()
                .join("/")
        ) + if r.chance(40) { "?id=12345&tab=lien-he" } else { "" },
        1 => format!("{}@kontum.gov.vn", r.pick(&["soyte", "vanthu", "tchc"])),
        2 => format!("{:02}/{:02}/20{}", r.range(1, 28), r.range(1, 12), r.range(20, 26)),
        3 => format!("{}.{:03}.{:03}", r.range(1, 999), r.below(1000), r.below(1000)),
        4 => format!("{}/{}-SYT", r.range(1, 3000), r.pick(&["KH", "QĐ", "BC", "TTr"])),
        5 => "0260.3862.".to_string() + &format!("{:03}", r.below(1000)),
        6 => r.pick(&["ab", "xy", "mn"]).repeat(r.range(10, 120)),
        _ => format!("{}-{}", r.range(2020, 2025), r.range(2025, 2030)),
    }
}

fn sentence(r: &mut Rng, words: usize) -> String {
    let mut out = Vec::with_capacity(words);
    for i in 0..words {
        // Never first: a title that starts with a number would read as a typed heading number.
        if i > 0 && r.chance(8) {
            out.push(token(r));
        } else {
            let w = r.pick(WORDS).to_string();
            out.push(if i == 0 { capitalise(&w) } else { w });
        }
    }
    out.join(" ")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// YAML's double-quoted form of a text.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

pub struct Generated {
    pub name: String,
    pub yaml: String,
    /// Texts that must print in this order (final punctuation left out).
    pub in_order: Vec<String>,
    /// Table cells, each of which must print with its characters in order. Between cells the
    /// order is the layout's: typst draws a cell merged down after the rows it spans, and a
    /// row split across pages interleaves its cells' lines with the next page's header.
    pub cells: Vec<String>,
}

struct Doc<'a> {
    r: &'a mut Rng,
    yaml: String,
    in_order: Vec<String>,
    cells: Vec<String>,
}

impl Doc<'_> {
    fn line(&mut self, indent: usize, s: &str) {
        let _ = writeln!(self.yaml, "{}{s}", "  ".repeat(indent));
    }

    fn text(&mut self, indent: usize, prefix: &str, words: usize) {
        let s = sentence(self.r, words);
        self.line(indent, &format!("{prefix}{}", q(&s)));
        self.in_order.push(s);
    }

    /// A table at `indent`, as a list item.
    fn table(&mut self, indent: usize) {
        let r = &mut *self.r;
        let plain_cols = r.range(2, 8);
        let nested = r.chance(30);
        let names: Vec<String> = (0..plain_cols)
            .map(|i| {
                if i == 0 {
                    "STT".into()
                } else {
                    let n = r.range(1, 3);
                    sentence(r, n)
                }
            })
            .collect();
        let width_first = r.chance(30);
        let tall = r.chance(15);
        let rows = r.range(1, 25);
        self.line(indent, "- bang:");
        self.line(indent + 2, "cot:");
        for (i, n) in names.iter().enumerate() {
            if i == 0 && width_first {
                self.line(indent + 3, &format!("- {{ten: {}, rong: 14}}", q(n)));
            } else {
                self.line(indent + 3, &format!("- {}", q(n)));
            }
            self.cells.push(n.clone());
        }
        let mut columns = plain_cols;
        if nested {
            // A heading over two sub-columns: a two-row header.
            let top = sentence(self.r, 2);
            let (a, b) = (sentence(self.r, 1), sentence(self.r, 2));
            self.line(indent + 3, &format!("- {{ten: {}, cot: [{}, {}]}}", q(&top), q(&a), q(&b)));
            self.cells.extend([top, a, b]);
            columns += 2;
        }
        self.line(indent + 2, "dong:");
        // Rows still covered, per column, by a cell merged down from above.
        let mut covered = vec![0usize; columns];
        for row in 0..rows {
            let mut cells = Vec::new();
            let mut c = 0;
            while c < columns {
                if covered[c] > 0 {
                    covered[c] -= 1;
                    c += 1;
                    continue;
                }
                let text = if c == 0 {
                    (row + 1).to_string()
                } else if tall && row == 0 && c == 1 {
                    sentence(self.r, 1200)
                } else {
                    let n = self.r.range(1, 12);
                    sentence(self.r, n)
                };
                // Merge across free columns, or down a few rows, now and then.
                let free = (c..columns).take_while(|&k| covered[k] == 0).count();
                if c > 0 && free >= 2 && self.r.chance(8) {
                    let span = self.r.range(2, free);
                    cells.push(format!("{{noi_dung: {}, gop_cot: {span}}}", q(&text)));
                    self.cells.push(text);
                    c += span;
                } else if c > 0 && row + 1 < rows && self.r.chance(5) {
                    let down = self.r.range(2, (rows - row).min(3));
                    cells.push(format!("{{noi_dung: {}, gop_dong: {down}}}", q(&text)));
                    self.cells.push(text);
                    covered[c] = down - 1;
                    c += 1;
                } else {
                    cells.push(q(&text));
                    self.cells.push(text);
                    c += 1;
                }
            }
            self.line(indent + 3, &format!("- [{}]", cells.join(", ")));
        }
    }

    /// The blocks of a list at `indent`, `depth` levels of sub-headings deep.
    fn blocks(&mut self, indent: usize, depth: usize, budget: &mut usize) {
        let n = self.r.range(1, 4);
        for _ in 0..n {
            if *budget == 0 {
                self.text(indent, "- ", 6);
                continue;
            }
            *budget -= 1;
            match self.r.below(10) {
                0 | 1 if depth < 6 => {
                    let n = self.r.range(2, 8);
                    let title = sentence(self.r, n);
                    self.line(indent, &format!("- tieu_de: {}", q(&title)));
                    self.in_order.push(title);
                    if depth == 0 && self.r.chance(10) {
                        self.line(indent + 1, "ngang: true");
                    }
                    self.line(indent + 1, "noi_dung:");
                    self.blocks(indent + 2, depth + 1, budget);
                }
                2 => self.table(indent),
                3 => {
                    self.line(indent, "- diem:");
                    for _ in 0..self.r.range(1, 5) {
                        let n = self.r.range(3, 20);
                        self.text(indent + 2, "- ", n);
                    }
                }
                _ => {
                    let words = self.r.range(3, 90);
                    self.text(indent, "- ", words);
                }
            }
        }
    }
}

const TYPES: &[&str] = &[
    "ke-hoach", "bao-cao", "cong-van", "to-trinh", "thong-bao", "quyet-dinh", "giay-moi",
    "huong-dan", "chuong-trinh", "phuong-an", "de-an",
];

/// The document of `seed`.
pub fn document(seed: u64) -> Generated {
    let mut r = Rng::new(seed);
    let loai = TYPES[(seed as usize) % TYPES.len()];
    let mut d = Doc {
        r: &mut r,
        yaml: String::new(),
        in_order: Vec::new(),
        cells: Vec::new(),
    };
    d.line(0, &format!("loai: {loai}"));
    d.line(0, "co_quan: {chu_quan: UBND TỈNH KON TUM, ten: SỞ Y TẾ, viet_tat: SYT}");
    let so = d.r.range(1, 3000);
    d.line(0, &format!("so: {so}"));
    if loai == "cong-van" {
        d.line(0, "ky_hieu: SYT-NVY");
    }
    d.line(0, "dia_danh: Kon Tum");
    d.line(0, "ngay: 2024-03-15");
    let n = d.r.range(4, 30);
    let trich_yeu = sentence(d.r, n);
    d.line(0, &format!("trich_yeu: {}", q(&trich_yeu)));
    d.in_order.push(trich_yeu);
    let kinh_gui = matches!(loai, "cong-van" | "to-trinh") || (loai == "bao-cao" && d.r.chance(50));
    if kinh_gui {
        let k = sentence(d.r, 6);
        d.line(0, &format!("kinh_gui: {}", q(&k)));
        d.in_order.push(k);
    }
    if loai == "quyet-dinh" {
        d.line(0, "quyen_ban_hanh: GIÁM ĐỐC SỞ Y TẾ");
    }
    let can_cu = d.r.below(4);
    if can_cu > 0 {
        d.line(0, "can_cu:");
        for _ in 0..can_cu {
            let n = d.r.range(6, 30);
            d.text(1, "- ", n);
        }
    }
    if loai != "quyet-dinh" && d.r.chance(50) {
        d.text(0, "mo_dau: ", 12);
    }
    let mut budget = 14;
    match loai {
        "ke-hoach" => {
            for key in ["muc_dich", "noi_dung", "to_chuc_thuc_hien"] {
                d.line(0, &format!("{key}:"));
                d.blocks(1, 1, &mut budget);
            }
        }
        "quyet-dinh" => {
            d.line(0, "dieu:");
            if d.r.chance(50) {
                for _ in 0..d.r.range(1, 3) {
                    let title = sentence(d.r, 4);
                    d.line(1, &format!("- chuong: {}", q(&title)));
                    d.in_order.push(title);
                    d.line(2, "noi_dung:");
                    for _ in 0..d.r.range(1, 4) {
                        let n = d.r.range(5, 40);
                        d.text(3, "- ", n);
                    }
                }
            }
            for _ in 0..d.r.range(1, 30) {
                let n = d.r.range(5, 40);
                d.text(1, "- ", n);
            }
        }
        "giay-moi" => {
            d.text(0, "noi_dung: ", 20);
            d.text(0, "thoi_gian: ", 8);
            d.text(0, "dia_diem: ", 8);
        }
        _ => {
            d.line(0, "noi_dung:");
            if d.r.chance(30) {
                for _ in 0..d.r.range(1, 3) {
                    let title = sentence(d.r, 5);
                    d.line(1, &format!("- phan: {}", q(&title)));
                    d.in_order.push(title);
                    d.line(2, "noi_dung:");
                    d.blocks(3, 0, &mut budget);
                }
            } else {
                d.blocks(1, 0, &mut budget);
            }
        }
    }
    let recipients = if d.r.chance(20) { d.r.range(30, 80) } else { d.r.range(1, 6) };
    d.line(0, "noi_nhan:");
    for _ in 0..recipients {
        let n = d.r.range(2, 14);
        d.text(1, "- ", n);
    }
    d.line(0, "luu: [VT, NVY]");
    d.line(0, "nguoi_ky: {quyen_han: [KT. GIÁM ĐỐC], chuc_vu: PHÓ GIÁM ĐỐC, ho_ten: Nguyễn Văn A}");
    if d.r.chance(25) {
        d.line(0, "phu_luc:");
        for _ in 0..d.r.range(1, 2) {
            let title = sentence(d.r, 4);
            d.line(1, &format!("- tieu_de: {}", q(&title)));
            d.in_order.push(title);
            if d.r.chance(40) {
                d.line(2, "ngang: true");
            }
            d.line(2, "noi_dung:");
            d.table(3);
        }
    }
    let (yaml, in_order, cells) = (d.yaml, d.in_order, d.cells);
    Generated {
        name: format!("sinh-{seed:04}"),
        yaml,
        in_order: in_order
            .into_iter()
            .map(|s| s.trim_end_matches(['.', ';', ',', ':']).to_string())
            .collect(),
        cells,
    }
}
