//! The pipeline behind the `paragraf` command: bytes → text → repaired
//! text → meeting record. The binary (`main.rs`) only parses arguments and
//! prints; everything a test or another front end needs lives here.

pub mod pipeline;
