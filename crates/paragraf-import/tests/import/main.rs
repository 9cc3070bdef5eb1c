//! Integration tests of `read_document`: every format against the same
//! minutes, office structure, and hostile input.

mod formats;
mod hostile;
mod office;
mod support;
