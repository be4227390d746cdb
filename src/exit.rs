//! The exit codes: 0 success, 1 a check or test failed, 2 bad input or
//! usage. A leaf module, so that output handling can use them too.

pub(crate) const SUCCESS: i32 = 0;
pub(crate) const FAILED: i32 = 1;
pub(crate) const BAD_INPUT: i32 = 2;
