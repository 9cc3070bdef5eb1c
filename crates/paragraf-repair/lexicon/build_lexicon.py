#!/usr/bin/env python3
"""Builds the word lists that `build-lexicon.sh` turns into fst assets.

Inputs (all from package registries, see README.md):
  * wordfreq's `large_sv` / `large_en` frequency lists (PyPI wheel),
  * hunspell-sv expanded with `unmunch` (Debian hunspell-sv + hunspell-tools),
  * wswedish (/usr/share/dict/swedish),
  * clean Swedish prose: LibreOffice and GIMP help (sv), Debian Edu docs (sv),
    Swedish man pages, plus the hand-written corpus/*.txt.

Outputs (sorted TSV, so the fst build is deterministic):
  lexicon.tsv   word <TAB> weight   weight = 900 - centibels (wordfreq); 1 = listed only by a dictionary
  english.tsv   word <TAB> 1        common English words that are not Swedish words
  bigrams.tsv   "w1 w2" <TAB> count  adjacent word pairs from the clean prose, plus
                "w" <TAB> count for each word in a kept pair and "#tokens" <TAB> corpus size
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
# Junk in web frequency lists: "åååå", "hmmm". Swedish spelling never triples a letter.
TRIPLED = re.compile(r"(.)\1\1")
# Words rarer than this (centibels) are dropped unless a dictionary lists them too.
MAX_CB_UNLISTED = 640
# Dictionary-only forms longer than this are dropped: compound analysis covers them.
MAX_DICT_ONLY_LEN = 14
ENGLISH_MAX_CB = 560  # roughly the 40k most frequent English words


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


def main(out_dir, wordfreq_dir, dict_paths, prose_roots, corpus_dir):
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
            lexicon[w] = 1
    with open(out / "lexicon.tsv", "w", encoding="utf-8") as f:
        for w in sorted(lexicon, key=lambda s: s.encode()):
            f.write(f"{w}\t{lexicon[w]}\n")

    # English words that Swedish does not also use: a token listed here is left alone.
    with open(out / "english.tsv", "w", encoding="utf-8") as f:
        for w in sorted((w for w, cb in en.items() if cb <= ENGLISH_MAX_CB and w not in lexicon and not DIACRITIC.search(w)), key=lambda s: s.encode()):
            f.write(f"{w}\t1\n")

    # Bigrams are only needed around words whose diacritic-less spelling is ambiguous.
    def strip(w):
        return w.translate(str.maketrans("åäöé", "aaoe"))

    spellings = {}
    for w, weight in lexicon.items():
        if weight > 1:
            spellings.setdefault(strip(w), set()).add(w)
    ambiguous = {w for group in spellings.values() if len(group) > 1 for w in group}

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
    kept["#tokens"] = tokens
    with open(out / "bigrams.tsv", "w", encoding="utf-8") as f:
        for key in sorted(kept, key=str.encode):
            f.write(f"{key}\t{kept[key]}\n")
    print(f"lexicon {len(lexicon)}, ambiguous {len(ambiguous)}, bigram types {len(counts)}, corpus tokens {tokens}", file=sys.stderr)


if __name__ == "__main__":
    out_dir, wordfreq_dir, corpus_dir = sys.argv[1:4]
    dicts = ["/tmp/paragraf-lexicon/sv_SE.unmunched", "/usr/share/dict/swedish"]
    roots = [
        "/usr/share/libreoffice/help/sv",
        "/usr/share/gimp/2.0/help/sv",
        "/usr/share/doc/debian-edu-doc-legacy-sv",
        "/usr/share/man/sv",
    ]
    main(out_dir, wordfreq_dir, dicts, roots, corpus_dir)
