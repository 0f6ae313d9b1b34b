#!/usr/bin/env bash
# Builds the project's Python environment, .venv at the repository root, from the pinned
# requirement files:
#   install/venv.sh notebook   JupyterLab 4, Notebook 7, ipywidgets 8, nbclient, nbconvert 7,
#                              jupyter_client, jupyter-console  (install/requirements-notebook.txt)
#   install/venv.sh test       that, plus the conformance suite, JupyterHub, Playwright, pytest
#                              and ipykernel                    (install/requirements-test.txt)
# Every transitive version is pinned by install/constraints.txt.
#
# Idempotent and fast the second time: .venv/crema-<profile>.sha256 holds a hash of the
# requirement files (and the Python version) that were installed; while it matches, pip is not
# run at all. The test profile contains the notebook profile, so its stamp satisfies both.
set -euo pipefail
profile=${1:-notebook}
repo=$(cd "$(dirname "$0")/.." && pwd)
venv="$repo/.venv"
python=${CREMA_BASE_PYTHON:-/usr/bin/python3}

case "$profile" in
  notebook) files=(requirements-notebook.txt constraints.txt) ;;
  test) files=(requirements-notebook.txt requirements-test.txt constraints.txt) ;;
  *) echo "venv.sh: unknown profile '$profile' (notebook or test)" >&2; exit 2 ;;
esac

hash_of() { # the hash of the named requirement files and of the base Python's version
  (cd "$repo/install" && cat "$@" && "$python" -c 'import sys; print(sys.version)') | sha256sum | cut -d' ' -f1
}
wanted=$(hash_of "${files[@]}")
stamp="$venv/crema-$profile.sha256"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c '' 2>/dev/null; then
  if [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
    exit 0
  fi
  if [ "$profile" = notebook ] &&
     [ "$(cat "$venv/crema-test.sha256" 2>/dev/null)" = "$(hash_of requirements-notebook.txt requirements-test.txt constraints.txt)" ]; then
    exit 0
  fi
else
  if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    echo "venv.sh: $python cannot create a virtual environment; install python3-venv (install/setup.sh does)." >&2
    exit 1
  fi
  echo "venv.sh: creating $venv"
  rm -rf "$venv"
  "$python" -m venv "$venv"
fi

echo "venv.sh: installing the pinned $profile requirements into .venv (first time: a minute or two)"
rm -f "$venv"/crema-*.sha256
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$repo/install/requirements-$profile.txt" -c "$repo/install/constraints.txt"
echo "$wanted" > "$stamp"
