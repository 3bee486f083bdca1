//! Any bytes as an input file: the reader, the validator, the templates, the document tree and
//! the DOCX writer must either reject it with diagnostics or write a DOCX, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(prepared) = vbhc::pipeline::prepare(src) {
        vbhc::pipeline::to_docx(&prepared).expect("a valid document always gets a DOCX");
    }
});
