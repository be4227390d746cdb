//! The exit codes: 0 success, 1 a check or test failed, 2 bad input or
//! usage. A leaf module, so that output handling can use them too.

pub const SUCCESS: i32 = 0;
pub const FAILED: i32 = 1;
pub const BAD_INPUT: i32 = 2;
