#!/usr/bin/env bash
# Installs the programs Paragraf runs, with apt-get, each only when missing,
# and says what it did. Safe to run again. CI runs it before the tests.
# Then installs the browser tests' npm packages (e2e/), when Node is present.
#
# To add a program: one `need` line below (the command to look for, then
# the Debian packages that provide it).
set -euo pipefail

missing_packages=()

# need COMMAND PACKAGE...: queue the PACKAGEs unless COMMAND is on PATH.
need() {
    local command="$1"
    shift
    if command -v "$command" >/dev/null 2>&1; then
        echo "setup: $command is installed"
    else
        echo "setup: $command is missing; will install: $*"
        missing_packages+=("$@")
    fi
}

# A Tesseract without the Swedish model cannot read Swedish minutes.
need_tesseract_swedish() {
    if command -v tesseract >/dev/null 2>&1 \
        && tesseract --list-langs 2>&1 | grep -qx swe; then
        echo "setup: tesseract with the Swedish model is installed"
    else
        echo "setup: tesseract or its Swedish model is missing; will install: tesseract-ocr tesseract-ocr-swe"
        missing_packages+=(tesseract-ocr tesseract-ocr-swe)
    fi
}

# PDF text, page rendering and page sizes (paragraf-import).
need pdftotext poppler-utils
need pdftoppm poppler-utils
# OCR of scanned pages and images (paragraf-import).
need_tesseract_swedish
# The headless browser of the end-to-end tests (e2e/, tests/browser.rs).
need chromium chromium

if [ "${#missing_packages[@]}" -eq 0 ]; then
    echo "setup: nothing to install with apt-get"
else
    # Each package once, in the order first asked for.
    mapfile -t packages < <(printf '%s\n' "${missing_packages[@]}" | awk '!seen[$0]++')
    sudo_prefix=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo_prefix=(sudo)
    fi
    echo "setup: apt-get install ${packages[*]}"
    "${sudo_prefix[@]}" apt-get update -qq
    "${sudo_prefix[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${packages[@]}"
    echo "setup: installed ${packages[*]}"
fi

# The browser tests' packages, exactly as package-lock.json pins them.
# Without Node the browser tests skip (or fail, under
# PARAGRAF_BROWSER_TESTS=required), so say so and go on.
e2e_dir="$(dirname "$0")/../e2e"
if command -v npm >/dev/null 2>&1; then
    echo "setup: npm ci --prefix e2e"
    npm ci --prefix "$e2e_dir" --no-audit --no-fund --loglevel=error
    echo "setup: installed the browser tests' npm packages"
else
    echo "setup: node/npm is missing; skipping the browser tests' npm packages (install Node 20, then run this again)"
fi
