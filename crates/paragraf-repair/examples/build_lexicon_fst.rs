//! Turns the sorted TSV word lists made by `lexicon/build_lexicon.py` into the fst assets
//! in `data/`. Run by `lexicon/build-lexicon.sh`; not needed at test or run time.
//!
//! Usage: build_lexicon_fst <tsv-dir> <data-dir>

use std::error::Error;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter};
use std::path::Path;

fn build_map(tsv: &Path, out: &Path) -> Result<usize, Box<dyn Error>> {
    let mut builder = fst::MapBuilder::new(BufWriter::new(File::create(out)?))?;
    let mut entries = 0;
    for line in BufReader::new(File::open(tsv)?).lines() {
        let line = line?;
        let (key, value) = line
            .split_once('\t')
            .ok_or_else(|| format!("{}: no tab in {line:?}", tsv.display()))?;
        builder.insert(key, value.parse::<u64>()?)?;
        entries += 1;
    }
    builder.finish()?;
    Ok(entries)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, tsv_dir, data_dir] = args.as_slice() else {
        return Err("usage: build_lexicon_fst <tsv-dir> <data-dir>".into());
    };
    for name in ["lexicon", "bigrams", "english"] {
        let tsv = Path::new(tsv_dir).join(format!("{name}.tsv"));
        let out = Path::new(data_dir).join(format!("{name}.fst"));
        let entries = build_map(&tsv, &out)?;
        let bytes = std::fs::metadata(&out)?.len();
        println!("{name}: {entries} entries, {bytes} bytes");
    }
    Ok(())
}
