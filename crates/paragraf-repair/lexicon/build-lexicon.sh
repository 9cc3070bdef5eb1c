#!/usr/bin/env bash
# Rebuilds the committed assets in ../data from registry packages:
#   lexicon.fst, english.fst, bigrams.fst  (word lists, see build_lexicon.py)
#   confusions.tsv                         (OCR confusion model fitted on the OCR'd seeds)
# Needs root for apt-get (set SKIP_APT=1 if the packages are installed) and pip.
# Usage: crates/paragraf-repair/lexicon/build-lexicon.sh [WORK_DIR]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
crate=$(dirname "$here")
root=$(cd "$crate/../.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"

# Versions the committed assets were built from (Debian 12 "bookworm", PyPI).
debian_packages=(
  hunspell-sv=1:7.5.0-1 hunspell-tools=1.7.1-1 wswedish=1.4.5-3 manpages-sv=4.18.1-1
  debian-edu-doc-legacy-sv libreoffice-help-sv gimp-help-sv
)
wordfreq_version=3.1.1
msgpack_version=1.2.4

if [[ -z "${SKIP_APT:-}" ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${debian_packages[@]}"
fi
pip install -q "msgpack==$msgpack_version"
pip download -q --no-deps -d "$work" "wordfreq==$wordfreq_version"
unzip -o -q "$work/wordfreq-$wordfreq_version-py3-none-any.whl" \
  'wordfreq/data/large_sv.msgpack.gz' 'wordfreq/data/large_en.msgpack.gz' -d "$work"

# hunspell-sv with every affix rule applied: ~860 000 forms.
unmunch /usr/share/hunspell/sv_SE.dic /usr/share/hunspell/sv_SE.aff 2>/dev/null > "$work/sv_SE.unmunched"

word_lists() {
  python3 "$here/build_lexicon.py" "$work" "$work/wordfreq/data" "$here/corpus" "$crate/data/confusions.tsv"
  cargo run -q --release -p paragraf-repair --example build_lexicon_fst -- "$work" "$crate/data"
}

cd "$root"
# The confusion model is fitted on the lexicon, and the word pairs kept depend on the
# confusion model, so: word lists, fit, word lists again.
word_lists
ocr_seeds=(fixtures/seeds/000_*.txt fixtures/seeds/002_*.txt fixtures/seeds/003_*.txt fixtures/seeds/004_*.txt)
cargo run -q --release -p paragraf-repair --example fit_confusions -- "${ocr_seeds[@]}" > "$work/confusions.tsv"
cp "$work/confusions.tsv" "$crate/data/confusions.tsv"
word_lists
ls -l "$crate/data"
