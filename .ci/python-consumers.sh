#!/usr/bin/env bash
# A throwaway Python environment with the tools that read Spanwright's exports
# (spaCy, seqeval), for tests/formats_python_consumers.rs. Reuses the
# environment when it already has them. Prints the path of its python on
# stdout; everything else goes to stderr.
set -euo pipefail

venv="${TMPDIR:-/tmp}/spanwright-venv"
packages=("spacy>=3.7,<4" "seqeval==1.2.2")

if ! "$venv/bin/python" -c "import spacy, seqeval" >/dev/null 2>&1; then
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2
fi
"$venv/bin/python" -c "import spacy, seqeval" >&2
echo "$venv/bin/python"
