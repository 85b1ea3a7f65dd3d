#!/usr/bin/env bash
# A throwaway Python environment with a real Label Studio ML backend
# (label-studio-ml 1.0.x; 1.0.9 needs rq beside it) and spaCy, for the
# external-model test and the quality comparison in tests/formats/model_*.rs.
# Reuses the environment when it already has them. Prints the path of its
# python on stdout; everything else goes to stderr.
set -euo pipefail

venv="${TMPDIR:-/tmp}/spanwright-ml-venv"
packages=("label-studio-ml==1.0.9" "rq" "spacy>=3.7,<4")
check='import label_studio_ml, rq, spacy; from label_studio_ml.api import init_app'

if ! "$venv/bin/python" -c "$check" >/dev/null 2>&1; then
    python3 -m venv "$venv" >&2
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${packages[@]}" >&2
fi
"$venv/bin/python" -c "$check" >&2
echo "$venv/bin/python"
