#!/usr/bin/env bash
# A throwaway Python environment with the tools that read Spanwright's exports
# (spaCy, seqeval, label-studio-sdk), for tests/formats/python_consumers.rs.
# Reuses the environment when it already has them. Prints the path of its
# python on stdout; everything else goes to stderr.
set -euo pipefail

venv="${TMPDIR:-/tmp}/spanwright-venv"
packages=("spacy>=3.7,<4" "seqeval==1.2.2" "label-studio-sdk==2.1.2")
imports="import spacy, seqeval, label_studio_sdk.converter"

if ! "$venv/bin/python" -c "$imports" >/dev/null 2>&1; then
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2
fi
"$venv/bin/python" -c "$imports" >&2
echo "$venv/bin/python"
