#!/usr/bin/env bash
# Builds the single-user image's contents inside a Debian root, as root. The one recipe for the
# image: the Dockerfile runs it, and install/image/test_image.py runs it in a debootstrap root.
#   install/image/build.sh [SOURCE]   SOURCE: the checkout copied into the image (default /opt/crema/src)
# Result: the Debian packages of packages.txt, the jars built from SOURCE, a virtual environment
# /opt/crema/venv with JupyterLab and jupyterhub-singleuser, the kernel "Java (Crema)" registered
# system-wide, the notebooks under /opt/crema/notebooks (copied to the user's home at first start
# by crema-entrypoint), JupyterLab as the default UI, and the user jovyan (uid 1000, group users).
set -euo pipefail
src=$(cd "${1:-/opt/crema/src}" && pwd)
here="$src/install/image"
prefix=/opt/crema
venv=$prefix/venv
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8

# Each step with the seconds since the start, so that a slow or failing step is plain in the log.
step() { echo "build.sh: [${SECONDS}s] $*"; }

step "Debian packages"
mapfile -t packages < <(grep -v -e '^#' -e '^$' "$here/packages.txt")
apt-get update -q
# The slim base image has no manual pages, and the JDK's post-installation script fails without
# this folder (its update-alternatives links a manual page into it).
mkdir -p /usr/share/man/man1
apt-get install -y -q --no-install-recommends "${packages[@]}"
# Certificates of a local certificate authority (a TLS-inspecting proxy), put into
# /usr/local/share/ca-certificates before this script runs, reach pip and Java too.
update-ca-certificates

step "user jovyan (uid 1000)"
if ! id -u jovyan >/dev/null 2>&1; then
  useradd --create-home --uid 1000 --gid users --shell /bin/bash jovyan
fi

step "virtual environment $venv"
python3 -m venv "$venv"
PIP_CERT=/etc/ssl/certs/ca-certificates.crt "$venv/bin/pip" install -q --no-cache-dir -r "$here/requirements.txt" -c "$src/install/constraints.txt"

step "jars"
java_home=$("$src/install/find-jdk.sh")
export JAVA_HOME=$java_home
m2=$(mktemp -d)
(cd "$src" && mvn -B -q -Dmaven.repo.local="$m2" package -DskipTests -Dspotless.check.skip=true)
rm -rf "$m2"

step "kernel Java (Crema), system-wide"
# /usr/local/share/jupyter is on every user's Jupyter path; the class-data sharing archive of
# the kernel JVM goes to a folder every user can read.
XDG_CACHE_HOME=$prefix/cache PATH="$venv/bin:$PATH" "$src/install/install-kernelspec.sh" --system
chmod -R a+rX "$prefix" /usr/local/share/jupyter

step "JupyterLab as the default UI"
mkdir -p "$venv/etc/jupyter"
cp "$here/jupyter_server_config.json" "$venv/etc/jupyter/jupyter_server_config.json"

step "notebooks and entry point"
rm -rf "$prefix/notebooks"
cp -r "$src/notebooks" "$prefix/notebooks"
chmod -R a+rX "$prefix/notebooks"
install -m 755 "$here/entrypoint.sh" /usr/local/bin/crema-entrypoint

apt-get clean
rm -rf /var/lib/apt/lists/* /root/.cache
step "done"
