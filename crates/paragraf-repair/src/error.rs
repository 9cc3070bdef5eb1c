use thiserror::Error;

/// Why the embedded lexicon or confusion model could not be loaded.
#[derive(Debug, Error)]
pub enum RepairError {
    #[error("embedded {asset} is not a valid fst: {source}")]
    Fst {
        asset: &'static str,
        #[source]
        source: fst::Error,
    },
    #[error("confusion table line {line}: {reason}")]
    ConfusionTable { line: usize, reason: String },
}
