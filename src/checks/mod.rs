//! Checks that run the pipeline's stages on a resource's rules: the rules
//! linted against the journal they group ([`lint`]), and the rules' `test`
//! blocks ([`testing`]). They call normalize and cluster, so they sit above
//! the stages; no stage reads them.

pub(crate) mod lint;
pub(crate) mod testing;
