// typst allocates and frees many small objects per page; glibc's allocator spends a sixth of a
// batch's time on them (malloc_consolidate, unlink_chunk), mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    vbhc::cli::main()
}
