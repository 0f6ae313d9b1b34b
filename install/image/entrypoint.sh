#!/usr/bin/env bash
# The single-user image's entry point: at the first start (the home volume has no course yet)
# copy the notebooks into ~/crema-notebooks, then run the command (jupyterhub-singleuser).
# A participant's edits survive restarts: an existing ~/crema-notebooks is never overwritten.
set -euo pipefail
course="${HOME:-/home/jovyan}/crema-notebooks"
if [ ! -e "$course" ]; then
  cp -r /opt/crema/notebooks "$course.tmp.$$"
  mv "$course.tmp.$$" "$course"
fi
exec "$@"
