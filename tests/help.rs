//! Every command's `--help` ends with examples and the exit codes, and the
//! examples use flags the command has and files the repository has.

mod fixture;

use fixture::{ntm, stdout};

const COMMANDS: [&str; 9] = [
    "plan", "check", "curve", "gap", "sweep", "evaluate", "compare", "generate", "template",
];

#[test]
fn every_command_has_examples_and_exit_codes() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for command in COMMANDS {
        let output = ntm(repo, &[command.as_ref(), "--help".as_ref()]);
        assert_eq!(output.status.code(), Some(0), "{command}");
        let help = stdout(&output);
        let (options, epilogue) = help
            .split_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("`ntm {command} --help` has no examples:\n{help}"));
        assert!(
            epilogue.contains("Exit codes: 0 "),
            "`ntm {command} --help` has no exit codes:\n{help}"
        );
        let examples: Vec<&str> = epilogue
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("ntm "))
            .collect();
        assert!(!examples.is_empty(), "{command}");
        for example in examples {
            let words: Vec<&str> = example.split_whitespace().collect();
            assert_eq!(words[1], command, "{example}");
            // `ntm generate synthetic …`: the flags are the subcommand's.
            let mut options = options.to_string();
            if !words[2].starts_with('-') && !words[2].contains(['/', '.']) {
                let sub = ntm(
                    repo,
                    &[command.as_ref(), words[2].as_ref(), "--help".as_ref()],
                );
                assert_eq!(sub.status.code(), Some(0), "{example}");
                options = stdout(&sub);
            }
            for word in &words[2..] {
                if word.starts_with("--") {
                    let flag = word.split('=').next().unwrap_or(word);
                    assert!(
                        options.contains(flag),
                        "`{example}` uses {flag}, which `ntm {command}` does not have"
                    );
                }
                if word.starts_with("scenarios/") {
                    let path = word.split(':').next().unwrap_or(word);
                    assert!(
                        repo.join(path).exists(),
                        "`{example}`: {path} does not exist"
                    );
                }
            }
        }
    }
}
