//! Scores the clustering engine on the Loghub-2k benchmark beside Drain3:
//! `forge eval` on each dataset's journal with its tuned rules and with the
//! one generic rules file, then a Markdown table with Drain3's grouping
//! accuracy from the benchmark's `drain3.tsv`.
//!
//! ```sh
//! cargo build --release --examples
//! ./target/release/examples/loghub ../shared/bench/loghub
//! ```
//!
//! The `forge` binary is `target/release/forge` beside this example, or
//! the one `FORGE` names.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One dataset's grouping accuracy: forge tuned, forge generic, Drain3
/// tuned, Drain3 generic.
struct Row {
    name: String,
    forge: [f64; 2],
    drain: [f64; 2],
}

fn main() {
    let bench = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/bench/loghub".into()),
    );
    let forge = std::env::var_os("FORGE").map_or_else(default_forge, PathBuf::from);
    let drain = match std::fs::read_to_string(bench.join("drain3.tsv")) {
        Ok(text) => text,
        Err(error) => {
            eprintln!(
                "loghub: cannot read {}: {error}",
                bench.join("drain3.tsv").display()
            );
            std::process::exit(2);
        }
    };
    let mut rows = Vec::new();
    for line in drain.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, tuned, generic] = fields[..] else {
            continue;
        };
        let score = |rules: &str| ga(&forge, &bench, name, rules);
        rows.push(Row {
            name: name.to_string(),
            forge: [score(name), score("generic")],
            drain: [
                tuned.parse().unwrap_or(f64::NAN),
                generic.parse().unwrap_or(f64::NAN),
            ],
        });
    }
    print!("{}", table(&rows));
}

fn default_forge() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("forge")))
        .unwrap_or_else(|| PathBuf::from("target/release/forge"))
}

/// `forge eval`'s grouping accuracy on dataset `name` with `rules`.
fn ga(forge: &Path, bench: &Path, name: &str, rules: &str) -> f64 {
    let output = Command::new(forge)
        .arg("eval")
        .arg("--resource")
        .arg(bench.join("journals").join(name))
        .arg("--rules")
        .arg(bench.join("rules").join(format!("{rules}.forge")))
        .arg("--labels")
        .arg(bench.join("labels").join(format!("{name}.tsv")))
        .args(["--format", "json"])
        .output();
    let Ok(output) = output else {
        eprintln!("loghub: cannot run {}", forge.display());
        std::process::exit(2);
    };
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    json["ga"].as_f64().unwrap_or_else(|| {
        eprintln!(
            "loghub: {name} with {rules}.forge gave no score:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        f64::NAN
    })
}

fn table(rows: &[Row]) -> String {
    use std::fmt::Write as _;
    let mut out = String::from(
        "| dataset | forge tuned | Drain3 tuned | forge generic | Drain3 generic |\n|---|---|---|---|---|\n",
    );
    for row in rows {
        let _ = writeln!(
            out,
            "| {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            row.name, row.forge[0], row.drain[0], row.forge[1], row.drain[1]
        );
    }
    let mean = |pick: &dyn Fn(&Row) -> f64| rows.iter().map(pick).sum::<f64>() / rows.len() as f64;
    let at_or_above = |i: usize| rows.iter().filter(|r| r.forge[i] >= r.drain[i]).count();
    let _ = writeln!(
        out,
        "| **mean** | **{:.3}** | {:.3} | **{:.3}** | {:.3} |",
        mean(&|r| r.forge[0]),
        mean(&|r| r.drain[0]),
        mean(&|r| r.forge[1]),
        mean(&|r| r.drain[1]),
    );
    let _ = writeln!(
        out,
        "| forge ≥ Drain3 | {} of {} | | {} of {} | |",
        at_or_above(0),
        rows.len(),
        at_or_above(1),
        rows.len()
    );
    out
}
