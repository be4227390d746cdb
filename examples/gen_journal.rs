//! Writes realistic synthetic journals for benchmarks and scale tests.
//!
//! ```sh
//! cargo run --release --example gen_journal -- --entries 1000000 --out /tmp/big
//! cargo run --release --example gen_journal -- --ledger /tmp/fleet --resources 10000 --entries 50
//! ```
//!
//! A journal mixes a Zipf-distributed catalogue of operations (a few very
//! frequent, a long tail of rare ones) with one-off entries, and words each
//! occurrence differently: synonyms, sizes and versions, host names, dates,
//! optional fields, code blocks and notes. The output depends only on the
//! seed, so a benchmark always reads the same bytes.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Parser;

/// Verb families; each variant is worded as a journal writer would.
const VERBS: [&[&str]; 14] = [
    &[
        "raised",
        "bumped",
        "increased",
        "lowered",
        "resized",
        "set",
        "tuned",
    ],
    &["restarted", "bounced", "rebooted", "recycled"],
    &["upgraded", "upgraded", "patched"],
    &["rotated", "renewed"],
    &["took snapshot of", "backed up"],
    &["restored"],
    &["drained", "cordoned"],
    &["reindexed", "rebuilt"],
    &["vacuumed", "compacted"],
    &["enabled", "turned on"],
    &["disabled", "turned off"],
    &["migrated", "moved"],
    &["purged", "cleared"],
    &["scaled out", "scaled up"],
];
const OBJECTS: [&str; 32] = [
    "heap",
    "disk",
    "connection pool",
    "replica count",
    "retention",
    "log level",
    "cache",
    "shard allocation",
    "partitions",
    "tls certs",
    "kernel",
    "gc settings",
    "query timeout",
    "rate limit",
    "worker threads",
    "index template",
    "consumer group",
    "dns record",
    "firewall rule",
    "cron schedule",
    "backup job",
    "wal archive",
    "node pool",
    "ingress",
    "feature flag",
    "read replica",
    "sidecar",
    "autoscaler",
    "mapping",
    "quota",
    "secrets",
    "audit log",
];
const SERVICES: [&str; 40] = [
    "orders",
    "billing",
    "search",
    "checkout",
    "payments",
    "ledger",
    "catalog",
    "auth",
    "gateway",
    "inventory",
    "shipping",
    "pricing",
    "reports",
    "metrics",
    "logging",
    "mailer",
    "queue",
    "scheduler",
    "profile",
    "cart",
    "reviews",
    "ads",
    "fraud",
    "identity",
    "notify",
    "media",
    "export",
    "import",
    "sync",
    "archive",
    "session",
    "ranking",
    "feeds",
    "tax",
    "audit",
    "warehouse",
    "support",
    "loyalty",
    "geo",
    "tenant",
];
const HOST_KINDS: [&str; 8] = [
    "es", "kafka", "pg", "web", "redis", "worker", "etcd", "ingest",
];
const WHY: [&str; 12] = [
    "query latency under load",
    "disk watermark at {pct}",
    "security fix {ticket}",
    "p99 above SLO for {num} minutes",
    "memory pressure on {host}",
    "vendor end of support",
    "certificates expire {date}",
    "noisy alerts",
    "capacity plan for {month}",
    "incident follow-up {ticket}",
    "cost review",
    "customer escalation",
];
const VERIFY: [&str; 12] = [
    "cluster green within {num}m",
    "{size} confirmed in _cat/nodes",
    "error rate below {pct}",
    "p99 back under {num}ms",
    "health check passes on {host}",
    "dashboards nominal for {num}m",
    "all pods ready ({num}/{num})",
    "synthetic checkout succeeds",
    "no alerts for {num}h",
    "replication lag under {num}s",
    "smoke tests green",
    "version {version} reported by {host}",
];
const ROLLBACK: [&str; 6] = [
    "recreate container with prior settings from kept fallback",
    "revert the config commit and redeploy",
    "restore snapshot taken before the change",
    "helm rollback to the previous release",
    "switch traffic back to {host}",
    "re-apply the previous manifest",
];
const ACTORS: [&str; 10] = [
    "ops-bot",
    "deploy-bot",
    "ajay",
    "mei",
    "lucas",
    "fatima",
    "sre-oncall",
    "ingrid",
    "kofi",
    "agent-7",
];
const OUTCOMES: [&str; 4] = ["verified", "failed", "rolled-back", "inconclusive"];

#[derive(Parser)]
struct Args {
    /// Entries per journal
    #[arg(long, default_value_t = 10_000)]
    entries: usize,
    /// Write one resource (JOURNAL.md, INVENTORY.yaml) into this folder
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Write a ledger of many resources into this folder instead
    #[arg(long, value_name = "DIR")]
    ledger: Option<PathBuf>,
    /// How many resources a ledger has
    #[arg(long, default_value_t = 100)]
    resources: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    if let Some(root) = &args.ledger {
        write_ledger(root, args.resources, args.entries, args.seed)
    } else {
        let dir = args
            .out
            .clone()
            .unwrap_or_else(|| PathBuf::from("gen-journal"));
        write_resource(&dir, "big-1", &journal(args.entries, args.seed))
    }
}

/// A ledger: `res-NNNNN/` folders, every tenth with its own rules.forge, and
/// a root rules.forge the others inherit.
pub(crate) fn write_ledger(
    root: &std::path::Path,
    resources: usize,
    entries: usize,
    seed: u64,
) -> std::io::Result<()> {
    std::fs::create_dir_all(root)?;
    std::fs::write(
        root.join("rules.forge"),
        "extends default\nsimilarity { threshold = 0.5 }\n",
    )?;
    for i in 0..resources {
        let dir = root.join(format!("res-{i:05}"));
        write_resource(
            &dir,
            &format!("res-{i}"),
            &journal(entries, seed.wrapping_add(i as u64)),
        )?;
        if i % 10 == 0 {
            std::fs::write(dir.join("rules.forge"), "extends default\n")?;
        }
    }
    Ok(())
}

fn write_resource(dir: &std::path::Path, name: &str, journal: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("JOURNAL.md"), journal)?;
    let inventory = format!("name: {name}\nkind: synthetic\nowner: platform\nenvironment: bench\n");
    std::fs::write(dir.join("INVENTORY.yaml"), inventory)
}

/// A small, fast generator with a fixed algorithm (`SplitMix64`), so a seed
/// gives the same journal on every machine and every crate version.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// One kind of operation: a verb family, an object and a service, with the
/// wording it is usually written in.
struct Kind {
    family: usize,
    object: &'static str,
    service: &'static str,
    shape: usize,
}

/// Cumulative Zipf weights over `n` ranks (exponent 1.1).
fn zipf(n: usize) -> Vec<f64> {
    let mut total = 0.0;
    (1..=n)
        .map(|rank| {
            total += 1.0 / (rank as f64).powf(1.1);
            total
        })
        .collect()
}

fn catalogue(rng: &mut Rng, n: usize) -> Vec<Kind> {
    (0..n)
        .map(|_| Kind {
            family: rng.below(VERBS.len()),
            object: OBJECTS[rng.below(OBJECTS.len())],
            service: SERVICES[rng.below(SERVICES.len())],
            shape: rng.below(4),
        })
        .collect()
}

/// A journal of `entries` entries.
pub(crate) fn journal(entries: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    // Bigger journals come from bigger fleets with more kinds of change.
    let kinds = catalogue(&mut rng, (entries / 25).clamp(20, 20_000));
    let weights = zipf(kinds.len());
    let total = weights.last().copied().unwrap_or(1.0);
    let mut out = String::with_capacity(entries * 300);
    out.push_str("# Journal\n\nAppend-only. One entry per change, newest last.\n\n");
    let mut minute: i64 = 0;
    let start = chrono::NaiveDate::from_ymd_opt(2020, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    for _ in 0..entries {
        minute += 1 + i64::from(u8::try_from(rng.below(7)).unwrap_or(0));
        let when = start + chrono::Duration::minutes(minute);
        let title = if rng.chance(4) {
            one_off(&mut rng)
        } else {
            let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
            let rank = weights.partition_point(|&w| w < x).min(kinds.len() - 1);
            title(&mut rng, &kinds[rank])
        };
        entry(
            &mut out,
            &mut rng,
            &when.format("%Y-%m-%d %H:%M").to_string(),
            &title,
        );
    }
    out
}

fn title(rng: &mut Rng, kind: &Kind) -> String {
    let verb = rng.pick(VERBS[kind.family]);
    let (object, service) = (kind.object, kind.service);
    // One time in five the writer words it another way.
    let shape = if rng.chance(20) {
        rng.below(4)
    } else {
        kind.shape
    };
    let host = host(rng);
    match (kind.family, shape) {
        (0, 0 | 1) => {
            let (a, b) = (1 << rng.below(6), 1 << rng.below(7));
            format!("{verb} {service} {object} {a}G→{b}G on {host}")
        }
        (0, _) => format!("{verb} {object} of {service} to {}%", 10 + rng.below(80)),
        (2, _) => format!("{verb} {service} {} → {}", version(rng), version(rng)),
        (_, 0) => format!("{verb} {service} {object} on {host}"),
        (_, 1) => format!("{verb} {object} for {service}"),
        (_, 2) => format!("{verb} {object} on {host} ({service})"),
        _ => format!("{verb} the {service} {object} after alert"),
    }
}

/// A title seen once: the long tail of a real fleet.
fn one_off(rng: &mut Rng) -> String {
    const SYLLABLES: [&str; 16] = [
        "ka", "lo", "mi", "ter", "van", "zu", "re", "po", "sen", "dal", "fi", "gor", "hu", "jin",
        "qua", "wex",
    ];
    let mut word = || {
        (0..2 + rng.below(2))
            .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
            .collect::<String>()
    };
    format!("investigated {} {} in {}", word(), word(), word())
}

fn host(rng: &mut Rng) -> String {
    format!("{}-{}", rng.pick(&HOST_KINDS), rng.below(40))
}

fn version(rng: &mut Rng) -> String {
    format!("{}.{}.{}", 1 + rng.below(9), rng.below(20), rng.below(10))
}

/// Fills `{pct}`, `{num}`, `{host}`, … in a phrase.
fn fill(rng: &mut Rng, phrase: &str) -> String {
    let mut out = String::new();
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let value = match &rest[open + 1..close] {
            "pct" => format!("{}%", 50 + rng.below(50)),
            "num" => (1 + rng.below(500)).to_string(),
            "host" => host(rng),
            "ticket" => format!("OPS-{}", 1000 + rng.below(9000)),
            "size" => format!("-Xmx{}g", 1 << rng.below(6)),
            "version" => version(rng),
            "date" => format!("2026-0{}-1{}", 1 + rng.below(9), rng.below(10)),
            _ => format!("{} {}", rng.pick(&SERVICES), 2025 + rng.below(3)),
        };
        out.push_str(&value);
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

fn entry(out: &mut String, rng: &mut Rng, when: &str, title: &str) {
    let sep = if rng.chance(90) { "—" } else { "-" };
    let _ = writeln!(out, "## {when} {sep} {title}");
    let why = fill_any(rng, &WHY);
    let _ = writeln!(out, "- why: {why}");
    let _ = writeln!(
        out,
        "- change: {}",
        fill(rng, "apply the new setting on {host}")
    );
    if rng.chance(10) {
        let _ = writeln!(
            out,
            "  ```sh\n  kubectl -n {} rollout restart deploy/{}\n  ```",
            rng.pick(&SERVICES),
            rng.pick(&SERVICES)
        );
    }
    if !rng.chance(3) {
        for _ in 0..=rng.below(2) {
            let _ = writeln!(out, "- verify: {}", fill_any(rng, &VERIFY));
        }
    }
    if rng.chance(60) {
        let _ = writeln!(out, "- rollback: {}", fill_any(rng, &ROLLBACK));
    }
    let outcome = if rng.chance(85) {
        "verified"
    } else {
        rng.pick(&OUTCOMES)
    };
    let _ = writeln!(out, "- outcome: {outcome}");
    let _ = writeln!(out, "- by: {}", rng.pick(&ACTORS));
    if rng.chance(40) {
        let _ = writeln!(out, "- ticket: OPS-{}", 1000 + rng.below(9000));
    }
    if rng.chance(5) {
        let _ = writeln!(
            out,
            "\nTook longer than planned; {} was slow to drain.",
            host(rng)
        );
    }
    out.push('\n');
}

/// One of the phrases, filled.
fn fill_any(rng: &mut Rng, phrases: &[&str]) -> String {
    let phrase = phrases[rng.below(phrases.len())];
    fill(rng, phrase)
}
