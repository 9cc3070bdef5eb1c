use paragraf_repair::{Repairer, candidates, render_diff};
fn main() {
    let r = Repairer::new().unwrap();
    for w in std::env::args().skip(1) {
        if let Ok(text) = std::fs::read_to_string(&w) {
            let t = std::time::Instant::now();
            let out = r.repair(&text);
            eprintln!(
                "{w}: score {:.3}, {} changes, {:?}",
                r.ocr_score(&text),
                out.changes.len(),
                t.elapsed()
            );
            print!("{}", render_diff(&text, &out));
            continue;
        }
        println!("{w}: weight {:?}", r.lexicon().weight(&w));
        for c in candidates(r.lexicon().automaton(), r.confusion_model(), &w)
            .iter()
            .take(6)
        {
            println!(
                "  {} w={} ch={} e={} p={}",
                c.word, c.weight, c.channel, c.edits, c.parts
            );
        }
    }
}
