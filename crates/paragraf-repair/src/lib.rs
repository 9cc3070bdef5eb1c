//! OCR repair for Swedish text.
//!
//! OCR of Swedish minutes drops or mangles å, ä and ö (`férvaltningen`, `6kar`,
//! `Atgirdsplan`, `pa`, `for`). [`Repairer`] reads each word as the most probable
//! lexicon spelling under a noisy-channel model:
//!
//! * a lexicon of ~690 000 Swedish forms with frequencies (`data/lexicon.fst`, built by
//!   `lexicon/build-lexicon.sh`), with compounds analysed as known parts;
//! * a confusion model fitted on the OCR'd seeds (`data/confusions.tsv`, fitted by the
//!   `fit_confusions` example);
//! * word-pair counts from clean prose, so neighbours decide `for`/`för`, `ar`/`är`/`år`.
//!
//! Names, abbreviations, numbers, English words, addresses and anything the model is
//! unsure about are left as they are; every change is reported with its line and offset.

mod candidates;
mod confusion;
mod diff;
mod error;
mod lexicon;
mod repair;
mod tokens;

use std::sync::OnceLock;

pub use candidates::{Candidate, candidates};
pub use confusion::{ConfusionModel, Reading};
pub use diff::render_diff;
pub use error::RepairError;
pub use lexicon::Lexicon;
pub use repair::{Change, OCR_THRESHOLD, Repaired};

use repair::{AnalysisCache, Engine};

/// The loaded lexicon and confusion model. Load once and share: all methods take `&self`.
pub struct Repairer {
    lexicon: Lexicon,
    model: ConfusionModel,
    cache: AnalysisCache,
}

impl Repairer {
    /// Loads the embedded lexicon and the fitted confusion model. Fails only if the
    /// embedded assets are corrupt (the crate's tests load them).
    pub fn new() -> Result<Repairer, RepairError> {
        Ok(Repairer {
            lexicon: Lexicon::embedded()?,
            model: ConfusionModel::fitted()?,
            cache: AnalysisCache::default(),
        })
    }

    /// Repairs `text`, keeping its line structure exactly (same number of `'\n'`).
    pub fn repair(&self, text: &str) -> Repaired {
        self.engine().repair(text)
    }

    /// Share (0..=1) of word tokens that a context-free pass would repair.
    pub fn ocr_score(&self, text: &str) -> f64 {
        self.engine().ocr_score(text)
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    pub fn confusion_model(&self) -> &ConfusionModel {
        &self.model
    }

    fn engine(&self) -> Engine<'_> {
        Engine {
            lexicon: &self.lexicon,
            model: &self.model,
            cache: &self.cache,
        }
    }
}

fn shared() -> Option<&'static Repairer> {
    static SHARED: OnceLock<Option<Repairer>> = OnceLock::new();
    SHARED.get_or_init(|| Repairer::new().ok()).as_ref()
}

/// Share (0..=1) of tokens that look OCR-mangled (see [`Repairer::ocr_score`]);
/// 0 if the embedded assets cannot be loaded.
pub fn ocr_score(text: &str) -> f64 {
    shared().map_or(0.0, |repairer| repairer.ocr_score(text))
}

/// Whether `text` looks like OCR output: [`ocr_score`] ≥ [`OCR_THRESHOLD`].
pub fn looks_ocr(text: &str) -> bool {
    ocr_score(text) >= OCR_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairer_can_be_shared_across_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Repairer>();
        let repairer = Repairer::new().unwrap();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..2)
                .map(|_| scope.spawn(|| repairer.repair("6kar pa ar").text))
                .collect();
            for handle in handles {
                assert_eq!(handle.join().unwrap(), "ökar på är");
            }
        });
    }

    #[test]
    fn free_functions_use_the_embedded_assets() {
        assert!(looks_ocr(
            "Budgetvolymerna for forskola och grundskola ar fardigstallda 6kar."
        ));
        assert!(!looks_ocr(
            "Budgetvolymerna för förskola och grundskola är färdigställda."
        ));
        assert_eq!(ocr_score(""), 0.0);
    }
}
