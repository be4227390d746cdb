// Journals of a million entries make a few hundred million small
// allocations; mimalloc halves the time glibc's malloc spends on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(runbook_forge::run(std::env::args_os()));
}
