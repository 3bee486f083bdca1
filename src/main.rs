fn main() -> std::process::ExitCode {
    vbhc::cli::main()
}
