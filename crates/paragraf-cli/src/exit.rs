//! Outcomes that end the program with a documented exit code other than 1.

/// An outcome with its own exit code (see `main.rs`).
#[derive(Debug, thiserror::Error)]
pub enum Exit {
    #[error("{0} file(s) could not be ingested; the others are stored")]
    SomeFilesFailed(usize),
    #[error("no meeting matches '{0}'; `paragraf meetings` lists them")]
    NoSuchMeeting(String),
    #[error("no person's name contains '{0}'; `paragraf people` lists them")]
    NoSuchPerson(String),
    #[error("no action has id {0}; `paragraf actions` lists them")]
    NoSuchAction(i64),
    #[error("no topic has an item titled like '{0}'; `paragraf topics` lists them")]
    NoSuchTopic(String),
    #[error("'{0}' fits {1} topics; an unlink needs exactly one (give the topic's id)")]
    AmbiguousTopic(String, usize),
    #[error("{0}")]
    Usage(String),
    #[error("'{0}' matches several meetings; give one id:\n{1}")]
    Ambiguous(String, String),
}

impl Exit {
    pub fn code(&self) -> u8 {
        match self {
            Exit::Ambiguous(..) | Exit::AmbiguousTopic(..) | Exit::Usage(_) => 2,
            Exit::SomeFilesFailed(_) => 5,
            Exit::NoSuchMeeting(_)
            | Exit::NoSuchPerson(_)
            | Exit::NoSuchAction(_)
            | Exit::NoSuchTopic(_) => 6,
        }
    }
}
