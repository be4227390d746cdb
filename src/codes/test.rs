//! The `forge::test` codes.

declare_area! {
    /// The `test` blocks of rules.forge.
    pub enum TestCode in "forge::test" {
        Failed("forge::test::failed",
            "A `same` or `different` line of a rules `test` block did not hold. The diagnostic shows both signatures, the score against the threshold and the rule that decided; change the rules (or the test) until they agree."),
    }
}
