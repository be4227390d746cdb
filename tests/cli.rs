//! The command line as a whole: clap's own consistency checks, shell
//! completions and the man page.

use clap::CommandFactory as _;

use runbook_forge::cli::Cli;

use crate::support::Forge;

#[test]
fn the_command_line_passes_clap_debug_assertions() {
    Cli::command().debug_assert();
}

#[test]
fn completions_are_generated_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F _forge"),
        ("zsh", "#compdef forge"),
        ("fish", "complete -c forge"),
    ] {
        let output = Forge::new().args(&["completions", shell]).run();
        assert_eq!(output.status, 0, "{shell}: {}", output.combined());
        assert!(output.stdout.contains(marker), "{shell}: {}", output.stdout);
        assert!(output.stdout.contains("--resource"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let output = Forge::new().args(&["completions", "tcsh"]).run();
    assert_eq!(output.status, 2);
}

#[test]
fn the_man_page_documents_forge_and_each_subcommand() {
    let page = Forge::new().args(&["man"]).run();
    assert_eq!(page.status, 0, "{}", page.combined());
    assert!(page.stdout.starts_with(".ie"), "{}", page.stdout);
    assert!(page.stdout.contains(".TH forge 1"));
    assert!(page.stdout.contains("generate"));
    let sub = Forge::new().args(&["man", "generate"]).run();
    assert_eq!(sub.status, 0, "{}", sub.combined());
    assert!(
        sub.stdout.contains(".TH forge\\-generate 1")
            || sub.stdout.contains(".TH forge-generate 1")
    );
    assert!(sub.stdout.contains("no\\-timeline"), "{}", sub.stdout);
}

#[test]
fn a_man_page_for_an_unknown_subcommand_suggests_the_closest() {
    let output = Forge::new().args(&["man", "generat"]).run();
    assert_eq!(output.status, 2);
    insta::assert_snapshot!(output.combined());
}

#[test]
fn color_always_colours_diagnostics_and_never_does_not() {
    let journal = "## 2026-03-01 — restarted web-1\n- outcome: verified\n";
    let always = Forge::new()
        .file("JOURNAL.md", journal)
        .args(&["check", "--resource", "{dir}", "--color", "always"])
        .run();
    assert!(always.stderr.contains('\u{1b}'), "{}", always.stderr);
    let never = Forge::new()
        .file("JOURNAL.md", journal)
        .args(&["--color", "never", "check", "--resource", "{dir}"])
        .run();
    assert!(!never.stderr.contains('\u{1b}'), "{}", never.stderr);
}

#[test]
fn quiet_drops_the_warning_count_and_keeps_the_result() {
    let journal = "## 2026-03-01 — restarted web-1\n- outcome: verified\n";
    let forge = Forge::new()
        .file("JOURNAL.md", journal)
        .args(&["generate", "--resource", "{dir}"]);
    let loud = forge.run();
    assert!(loud.stderr.contains("1 warning"), "{}", loud.stderr);
    let quiet = forge.run_with(&["-q"]);
    assert_eq!(quiet.status, 0);
    assert_eq!(quiet.stderr, "");
    assert_eq!(quiet.stdout, loud.stdout);
}

#[test]
fn rules_print_default_is_a_subcommand_and_the_old_flag_still_works() {
    let new = Forge::new().args(&["rules", "print-default"]).run();
    let old = Forge::new().args(&["rules", "--print-default"]).run();
    assert_eq!(new.status, 0, "{}", new.combined());
    assert_eq!(old.status, 0, "{}", old.combined());
    assert_eq!(new.stdout, old.stdout);
    assert!(new.stdout.contains("extends default"));
    let alone = Forge::new().args(&["rules"]).run();
    assert_eq!(alone.status, 0, "{}", alone.combined());
    assert!(alone.stdout.contains("print-default"), "{}", alone.stdout);
}

#[test]
fn help_shows_examples_and_exit_codes() {
    let help = Forge::new().args(&["--help"]).run();
    assert_eq!(help.status, 0);
    assert!(help.stdout.contains("Examples:"), "{}", help.stdout);
    assert!(help.stdout.contains("Exit codes:"));
    assert!(help.stdout.contains("2  bad input or usage"));
}

#[test]
fn format_text_is_accepted_wherever_table_is() {
    for command in ["operations", "test", "eval"] {
        let es1 = crate::support::root().join("examples/es-1");
        let es1 = es1.to_string_lossy();
        let table = Forge::new()
            .args(&[command, "--resource", &es1, "--format", "table"])
            .run();
        let text = Forge::new()
            .args(&[command, "--resource", &es1, "--format", "text"])
            .run();
        assert_eq!(text.status, table.status, "{command}: {}", text.combined());
        assert_eq!(text.stdout, table.stdout, "{command}");
    }
}

#[test]
fn defaults_uses_the_built_in_rules_wherever_rules_is_accepted() {
    let es1 = crate::support::root().join("examples/es-1");
    let read = |name: &str| std::fs::read_to_string(es1.join(name)).expect("es-1 file");
    let bare = Forge::new()
        .file("JOURNAL.md", read("JOURNAL.md"))
        .file("INVENTORY.yaml", read("INVENTORY.yaml"));
    let with_rules = Forge::new()
        .copy_dir(&es1)
        .file("forge.toml", "rules = \"rules.forge\"\n");
    for command in ["operations", "steps", "generate", "explain"] {
        let expected = bare.run_with(&[command, "--resource", "{dir}"]);
        let defaults = with_rules.run_with(&[command, "--resource", "{dir}", "--defaults"]);
        assert_eq!(defaults.status, 0, "{command}: {}", defaults.combined());
        assert!(defaults.stdout == expected.stdout, "{command} differs");
    }
    let check = Forge::new().args(&["check", "--defaults"]).run();
    assert_eq!(check.status, 0, "{}", check.combined());
    let test = Forge::new().args(&["test", "--defaults"]).run();
    assert_eq!(test.status, 0, "{}", test.combined());
    assert!(test.stdout.contains(" passed, 0 failed"), "{}", test.stdout);
    let both = Forge::new()
        .args(&[
            "operations",
            "--resource",
            "{dir}",
            "--defaults",
            "--rules",
            "x",
        ])
        .run();
    assert_eq!(both.status, 2);
}

#[test]
fn explain_on_stdout_follows_color_too() {
    let es1 = crate::support::root().join("examples/es-1");
    let es1 = es1.to_string_lossy();
    let always = Forge::new()
        .args(&[
            "explain",
            "--resource",
            &es1,
            "--entry",
            "L23",
            "--color",
            "always",
        ])
        .run();
    assert!(always.stdout.contains('\u{1b}'));
    let auto = Forge::new()
        .args(&["explain", "--resource", &es1, "--entry", "L23"])
        .run();
    assert!(!auto.stdout.contains('\u{1b}'));
}
