//! The `highlight` binary: see `highlight --help`.

fn main() -> std::process::ExitCode {
    highlight_web::cli::main()
}
