//! Rebuild when a migration or a template is added: both are embedded at compile time.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/notifications");
    println!("cargo:rerun-if-changed=templates");
}
