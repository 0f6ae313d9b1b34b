#!/usr/bin/env bash
# Puts the widget renderer that HTML reports load next to themselves into the project's
# environment: @jupyter-widgets/html-manager's standalone embed.js (the renderer matching
# ipywidgets 8), unpacked from its npm package into .venv/share/crema/html-manager/.
# install/run_notebooks.py links a report folder's widgets/ to it, so a report shows its widgets'
# last state without a kernel and without a CDN.
#
# The version and the tarball's sha512 are pinned below; a tarball that does not match is refused.
# Idempotent: a second run finds the unpacked copy and returns at once.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
version=1.0.15
integrity="sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA=="
dest="$repo/.venv/share/crema/html-manager"
if [ -f "$dest/$version.ok" ] && [ -f "$dest/dist/embed.js" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "report-widgets.sh: npm is missing, so reports will show widgets as text only (install npm)." >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@jupyter-widgets/html-manager@$version" >/dev/null)
tarball="$work/jupyter-widgets-html-manager-$version.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$integrity" ]; then
  echo "report-widgets.sh: $tarball does not match the pinned sha512; refusing it." >&2
  exit 1
fi
rm -rf "$dest"
mkdir -p "$dest"
tar -xzf "$tarball" -C "$dest" --strip-components=1 package/dist package/package.json
touch "$dest/$version.ok"
echo "report-widgets.sh: widget renderer $version installed for reports"
