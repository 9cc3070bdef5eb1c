#!/usr/bin/env python3
"""Builds the word lists that `build-lexicon.sh` turns into fst assets.

Inputs (all from package registries, see README.md):
  * wordfreq's `large_sv` / `large_en` frequency lists (PyPI wheel),
  * hunspell-sv expanded with `unmunch` (Debian hunspell-sv + hunspell-tools),
  * wswedish (/usr/share/dict/swedish),
  * clean Swedish prose: LibreOffice and GIMP help (sv), Debian Edu docs (sv),
    Swedish man pages, plus the hand-written corpus/*.txt.

Usage: build_lexicon.py OUT_DIR WORDFREQ_DATA_DIR CORPUS_DIR CONFUSIONS_TSV
(OUT_DIR must hold sv_SE.unmunched; CONFUSIONS_TSV may be missing on a first run.)

Outputs (sorted TSV, so the fst build is deterministic):
  lexicon.tsv   word <TAB> value    value = weight + 65536 if the word is a stripped form;
                weight = 900 - centibels (wordfreq), 80 = listed only by a dictionary;
                a stripped form (`niva`, `direktor`) is a word whose spelling with å/ä/ö
                is at least 10 times as frequent: mostly a misspelling, never a compound part
  english.tsv   word <TAB> 1|2      common English words (2: overwhelmingly English)
  bigrams.tsv   "w1 w2" <TAB> count  adjacent word pairs from the clean prose around words
                OCR can turn into another word, plus "w" <TAB> count for each word in a
                kept pair (+ 2^40 if all pairs of w are kept) and "#tokens" <TAB> corpus size
"""
import gzip
import html.parser
import pathlib
import re
import sys
import unicodedata

import msgpack

# Adjacent words: only whitespace between them (no punctuation), as in the Rust tokenizer.
PAIR = re.compile(r"([^\W\d_]+)(?=\s+([^\W\d_]+))")
LETTERS = re.compile(r"[^\W\d_]+")
ALPHA = re.compile(r"^[a-zåäöéüæø]+(?:-[a-zåäöéüæø]+)*$")
DIACRITIC = re.compile(r"[åäöé]")
# Junk in web frequency lists: "hmmm", "åäö". Swedish never triples a letter.
TRIPLED = re.compile(r"(.)\1\1|^[åäöé]{2,}$")
# Words rarer than this (centibels) are dropped unless a dictionary lists them too.
MAX_CB_UNLISTED = 640
# Weight of forms only a dictionary lists: rarer than anything wordfreq keeps (>= 100).
DICTIONARY_ONLY_WEIGHT = 80
# Dictionary-only forms longer than this are dropped: compound analysis covers them.
MAX_DICT_ONLY_LEN = 14
ENGLISH_MAX_CB = 560  # roughly the 40k most frequent English words
# An English word whose dotted Swedish twin weighs this much is treated as Swedish.
ENGLISH_TWIN_WEIGHT = 400
ENGLISH_CB = 100  # at least 10 times as frequent in English as in Swedish (and no Swedish dictionary word)
STRONGLY_ENGLISH_CB = 200  # at least 100 times
STRIPPED_FLAG = 1 << 16
TRACKED_FLAG = 1 << 40
STRIPPED_MARGIN = 100  # centibels: the dotted twin is at least 10 times as frequent


def nfc(s):
    return unicodedata.normalize("NFC", s)


def load_wordfreq(path):
    buckets = msgpack.unpackb(gzip.open(path).read(), raw=False)
    freq = {}
    for cb, words in enumerate(buckets[1:], start=1):
        for w in words:
            w = nfc(w)
            if ALPHA.match(w) and not TRIPLED.search(w) and w not in freq:
                freq[w] = cb
    return freq


def load_dictionary(paths):
    words = set()
    for p in paths:
        for line in open(p, encoding="utf-8", errors="replace"):
            w = nfc(line.split("/")[0].strip().lower())
            if ALPHA.match(w) and not TRIPLED.search(w):
                words.add(w)
    return words


class TextOnly(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "pre", "code"):
            self.skip += 1
        elif tag in ("p", "br", "li", "td", "h1", "h2", "h3", "div", "dt", "dd"):
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "pre", "code") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def prose_texts(roots, extra):
    for root in roots:
        for p in sorted(pathlib.Path(root).rglob("*")):
            if p.suffix in (".html", ".htm"):
                parser = TextOnly()
                parser.feed(p.read_text(encoding="utf-8", errors="replace"))
                yield "".join(parser.parts)
            elif p.suffix == ".gz" and "/man/" in str(p):
                lines = gzip.open(p).read().decode("utf-8", "replace").splitlines()
                text = [re.sub(r"\\f.|\\\(..|\\-|\\&", "", l) for l in lines if not l.startswith((".", "'"))]
                yield "\n".join(text)
    for p in extra:
        yield p.read_text(encoding="utf-8")


def main(out_dir, wordfreq_dir, dict_paths, prose_roots, corpus_dir, confusions):
    out = pathlib.Path(out_dir)
    sv = load_wordfreq(f"{wordfreq_dir}/large_sv.msgpack.gz")
    en = load_wordfreq(f"{wordfreq_dir}/large_en.msgpack.gz")
    listed = load_dictionary(dict_paths)

    lexicon = {}
    for w, cb in sv.items():
        if w in listed or cb <= MAX_CB_UNLISTED:
            lexicon[w] = 900 - cb
    for w in listed:
        if w not in lexicon and len(w) <= MAX_DICT_ONLY_LEN:
            lexicon[w] = DICTIONARY_ONLY_WEIGHT
    def strip(w):
        return w.translate(str.maketrans("åäöé", "aaoe"))

    best_twin, listed_twin = {}, set()
    for w, weight in lexicon.items():
        if DIACRITIC.search(w):
            key = strip(w)
            best_twin[key] = max(best_twin.get(key, 0), weight)
            if w in listed:
                listed_twin.add(key)
    # Also a web-only word whose dotted twin a dictionary lists (`lone` for `löne-`).
    stripped = {
        w for w, weight in lexicon.items()
        if best_twin.get(w, 0) >= weight + STRIPPED_MARGIN or (w in listed_twin and w not in listed)
    }
    with open(out / "lexicon.tsv", "w", encoding="utf-8") as f:
        for w in sorted(lexicon, key=lambda s: s.encode()):
            f.write(f"{w}\t{lexicon[w] + (STRIPPED_FLAG if w in stripped else 0)}\n")

    # Bigrams are only needed around words that OCR can turn into another listed word:
    # å/ä/ö read as a/o (always), and as the other letters the fitted confusion table knows.
    readings = {"å": {"a"}, "ä": {"a"}, "ö": {"o"}}
    if confusions and pathlib.Path(confusions).exists():
        for line in open(confusions, encoding="utf-8"):
            fields = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(fields) == 4 and fields[0] in readings and fields[1].isalpha():
                readings[fields[0]].add(fields[1])
    common = {w for w, weight in lexicon.items() if weight > DICTIONARY_ONLY_WEIGHT}
    ambiguous, ocr_twin = set(), {}
    for w in common:
        for i, c in enumerate(w):
            for noisy in readings.get(c, ()):
                variant = w[:i] + noisy + w[i + 1:]
                ocr_twin[variant] = max(ocr_twin.get(variant, 0), lexicon[w])
                if variant in common:
                    ambiguous.update((w, variant))
        if DIACRITIC.search(w) and strip(w) in common:
            ambiguous.update((w, strip(w)))

    # English words: a token listed here is left alone (1: clearly more English than
    # Swedish), and also protects its neighbours (2: overwhelmingly English, `the`, `and`).
    # Not those that OCR makes of a common Swedish word (`for`, `hog`, `fore`, `pd`).
    def english_value(w, cb):
        twin = max(best_twin.get(w, 0), ocr_twin.get(w, 0))
        if cb > ENGLISH_MAX_CB or DIACRITIC.search(w) or twin >= ENGLISH_TWIN_WEIGHT:
            return 0
        more_english = sv.get(w, 900) - cb
        if more_english >= STRONGLY_ENGLISH_CB:
            return 2
        return 1 if more_english >= ENGLISH_CB and w not in listed else 0

    with open(out / "english.tsv", "w", encoding="utf-8") as f:
        for w in sorted(en, key=str.encode):
            value = english_value(w, en[w])
            if value:
                f.write(f"{w}\t{value}\n")

    counts, unigrams, tokens = {}, {}, 0
    extra = sorted(pathlib.Path(corpus_dir).glob("*.txt"))
    for text in prose_texts(prose_roots, extra):
        for line in text.splitlines():
            line = nfc(line)
            for w in LETTERS.findall(line):
                w = w.lower()
                tokens += 1
                unigrams[w] = unigrams.get(w, 0) + 1
            for m in PAIR.finditer(line):
                a, b = m.group(1).lower(), m.group(2).lower()
                if a in ambiguous or b in ambiguous:
                    counts[(a, b)] = counts.get((a, b), 0) + 1
    kept = {f"{a} {b}": c for (a, b), c in counts.items() if a in lexicon and b in lexicon}
    for key in list(kept):
        for w in key.split(" "):
            kept[w] = unigrams[w]
    # Words OCR can confuse are tracked even when the prose never has them: unseen is news too.
    for w in ambiguous:
        kept[w] = unigrams.get(w, 0) + TRACKED_FLAG
    kept["#tokens"] = tokens
    with open(out / "bigrams.tsv", "w", encoding="utf-8") as f:
        for key in sorted(kept, key=str.encode):
            f.write(f"{key}\t{kept[key]}\n")
    print(f"lexicon {len(lexicon)}, ambiguous {len(ambiguous)}, bigram types {len(counts)}, corpus tokens {tokens}", file=sys.stderr)


if __name__ == "__main__":
    out_dir, wordfreq_dir, corpus_dir, confusions = sys.argv[1:5]
    dicts = [f"{out_dir}/sv_SE.unmunched", "/usr/share/dict/swedish"]
    roots = [
        "/usr/share/libreoffice/help/sv",
        "/usr/share/gimp/2.0/help/sv",
        "/usr/share/doc/debian-edu-doc-legacy-sv",
        "/usr/share/man/sv",
    ]
    main(out_dir, wordfreq_dir, dicts, roots, corpus_dir, confusions)
