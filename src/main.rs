fn main() {
    std::process::exit(runbook_forge::run(std::env::args_os()));
}
