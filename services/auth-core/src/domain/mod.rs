//! Auth's domain: values that can only be built valid, and the rules of lockout. No I/O,
//! no framework.

pub mod email;
pub mod lockout;
pub mod name;
pub mod password;

pub use email::Email;
pub use lockout::{Admission, LockoutPolicy, LoginAttempts};
pub use name::Name;
pub use password::{Password, PasswordError};
