// typst allocates and frees many small objects per page; glibc's allocator spends a sixth of a
// batch's time on them (malloc_consolidate, unlink_chunk), mimalloc far less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    without_huge_pages();
    vbhc::cli::main()
}

/// mimalloc asks the kernel for transparent huge pages over its arenas, and the kernel then
/// backs every 2 MB region that is touched at all with a whole page: without them a batch's
/// and a `vbhc render`'s peak memory is about halved, and neither is measurably slower (figures
/// in docs/speed.md, batch change 5). Set before the first large allocation; the kernel checks
/// the flag at each page fault.
#[cfg(target_os = "linux")]
fn without_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE only sets a flag on this process (inherited by its children);
    // a kernel that does not know it refuses the call and nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn without_huge_pages() {}
