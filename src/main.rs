//! The `stepbook` binary: the commands are in `cmd/`.

mod cmd;

fn main() -> std::process::ExitCode {
    cmd::run()
}
