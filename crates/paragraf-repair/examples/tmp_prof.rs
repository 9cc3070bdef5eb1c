use paragraf_repair::{Repairer, candidates};
use std::collections::HashSet;
fn main() {
    let r = Repairer::new().unwrap();
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let docs: Vec<&str> = text.split("\u{c}").collect();
    let t = std::time::Instant::now();
    for d in &docs { r.repair(d); }
    let full = t.elapsed();
    let t = std::time::Instant::now();
    let mut n = 0;
    for d in &docs {
        let set: HashSet<String> = d.split(|c: char| !(c.is_alphanumeric() || c == '{' || c == '&')).filter(|w| w.chars().count() >= 2).map(|w| w.to_lowercase()).collect();
        for w in &set { n += candidates(r.lexicon().automaton(), r.confusion_model(), w).len(); }
    }
    let cand = t.elapsed();
    println!("docs {} bytes {} full {:?} candidates {:?} ({n})", docs.len(), text.len(), full, cand);
}
