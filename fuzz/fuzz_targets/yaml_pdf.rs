//! As `yaml_docx`, through the PDF writer (typst) as well.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(prepared) = vbhc::pipeline::prepare(src) {
        vbhc::pipeline::to_docx(&prepared).expect("a valid document always gets a DOCX");
        vbhc::pipeline::to_pdf(&prepared).expect("a valid document always gets a PDF");
    }
});
