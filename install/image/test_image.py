"""The single-user image, built without a Docker engine: debootstrap a Debian root under
target/ set up like the Dockerfile's base image (debian:bookworm-slim), run the Dockerfile's RUN
line in it (install/image/build.sh), then, as the unprivileged user jovyan with the Dockerfile's
ENV, USER, WORKDIR, ENTRYPOINT and CMD, check that the entry point copies the course, the kernel
is registered system-wide, JupyterLab is the default UI, jupyterhub-singleuser is there, and a
course notebook runs through nbclient.

Part of `make test` (about 3 minutes on an idle 2-core machine: the Debian packages, Python
wheels and Maven dependencies are downloaded, as `docker build` would). Needs root and
debootstrap (`make setup-test` installs it); under `make test` and `make test-image`
(CREMA_TEST_IMAGE=1) a machine without them fails the test instead of skipping it.
Alone: CREMA_TEST_IMAGE=1 .venv/bin/python -m pytest -s install/image/test_image.py.
CREMA_IMAGE_KEEP=1 keeps the root between runs, so that a second run only repeats the build
script and the checks. Logs: target/image-debootstrap.log, target/image-build.log."""
import fnmatch
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ROOT = REPO / "target" / "image-rootfs"
DEBOOTSTRAP_LOG = REPO / "target" / "image-debootstrap.log"
BUILD_LOG = REPO / "target" / "image-build.log"
SUITE = "bookworm"
NOTEBOOK = os.environ.get("CREMA_IMAGE_NOTEBOOK", "00-welcome.ipynb")
TOOLS = ("debootstrap", "unshare", "chroot", "mount")

pytestmark = pytest.mark.skipif(
    os.environ.get("CREMA_TEST_IMAGE") != "1",
    reason="builds a Debian root (about 3 minutes): run by make test and make test-image (CREMA_TEST_IMAGE=1)")


def mirrors():
    """The Debian mirror and the security mirror this machine's apt uses (deb822 or one-line
    sources); the security one defaults to the main one's host."""
    texts = [p.read_text() for p in [Path("/etc/apt/sources.list"),
                                     *Path("/etc/apt/sources.list.d").glob("*")]
             if p.is_file() and p.suffix in ("", ".list", ".sources")]
    uris = [m.group(1) for t in texts for m in re.finditer(r"^URIs:\s*(\S+)", t, re.M)]
    uris += [m.group(1) for t in texts
             for m in re.finditer(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+\S+", t, re.M)]
    debian = [u.rstrip("/") for u in uris if re.search(r"/debian$", u.rstrip("/"))]
    security = [u.rstrip("/") for u in uris if re.search(r"/debian-security$", u.rstrip("/"))]
    if not debian:
        raise AssertionError("no Debian mirror (an URI ending in /debian) in /etc/apt/sources*")
    return debian[0], (security or [debian[0] + "-security"])[0]


# What debian:bookworm-slim holds beyond debootstrap --variant=minbase (the official images are
# made by debuerreotype from such a root): apt and dpkg set up for image builds, and the slim
# variant's excluded paths. The test builds on the same base as the Dockerfile: no services
# started by package scripts, no fsync per file, no translations, no manuals or docs (a package
# script that needs /usr/share/man/man1 fails here as it would in the image).
SLIM_FILES = {
    "usr/sbin/policy-rc.d": "#!/bin/sh\nexit 101\n",
    "etc/dpkg/dpkg.cfg.d/docker-apt-speedup": "force-unsafe-io\n",
    "etc/apt/apt.conf.d/docker-clean":
        'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb'
        ' /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
        'APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb'
        ' /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\n'
        'Dir::Cache::pkgcache "";\nDir::Cache::srcpkgcache "";\n',
    "etc/apt/apt.conf.d/docker-gzip-indexes": 'Acquire::GzipIndexes "true";\n',
    "etc/apt/apt.conf.d/docker-no-languages": 'Acquire::Languages "none";\n',
    "etc/apt/apt.conf.d/docker-autoremove-suggests": 'Apt::AutoRemove::SuggestsImportant "false";\n',
}
SLIM_EXCLUDES = ["/usr/share/doc/*", "/usr/share/groff/*", "/usr/share/info/*", "/usr/share/linda/*",
                 "/usr/share/lintian/overrides/*", "/usr/share/locale/*", "/usr/share/man/*"]
SLIM_INCLUDES = ["/usr/share/doc/*/copyright", "/usr/share/locale/locale.alias"]


def make_slim(root: Path, mirror: str, security: str):
    """Turns a first-stage debootstrap root into bookworm-slim's configuration."""
    for rel, text in SLIM_FILES.items():
        (root / rel).write_text(text)
    (root / "usr/sbin/policy-rc.d").chmod(0o755)
    (root / "etc/dpkg/dpkg.cfg.d/docker").write_text(
        "".join(f"path-exclude {p}\n" for p in SLIM_EXCLUDES)
        + "".join(f"path-include {p}\n" for p in SLIM_INCLUDES))
    keyring = "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    (root / "etc/apt/sources.list.d/debian.sources").write_text(
        f"Types: deb\nURIs: {mirror}\nSuites: {SUITE} {SUITE}-updates\nComponents: main\n{keyring}\n"
        f"Types: deb\nURIs: {security}\nSuites: {SUITE}-security\nComponents: main\n{keyring}")
    (root / "etc/apt/sources.list").unlink(missing_ok=True)


def remove_slim_excludes(root: Path):
    """What the first stage unpacked into the excluded paths (dpkg keeps later packages out)."""
    for pattern in SLIM_EXCLUDES:
        top = root / pattern.strip("/").removesuffix("/*")
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top, topdown=False):
            for name in filenames:
                path = Path(dirpath) / name
                if not any(fnmatch.fnmatch("/" + str(path.relative_to(root)), p) for p in SLIM_INCLUDES):
                    path.unlink()
            for name in dirnames:
                d = Path(dirpath) / name
                if not d.is_symlink() and not any(d.iterdir()):
                    d.rmdir()


def mounts_under(path: Path):
    """Mount points at or below path in this mount namespace."""
    prefix = str(path)
    points = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    return [p for p in points if p == prefix or p.startswith(prefix + "/")]


def remove_root():
    """Deletes an old root, never through a mount (a bind-mounted /dev would take the host's
    device files with it)."""
    if mounts_under(ROOT):  # left by an older version of this test, which mounted in the host
        subprocess.run(["umount", "-R", "-l", *mounts_under(ROOT)], capture_output=True)
    left = mounts_under(ROOT)
    assert not left, f"still mounted under {ROOT}, not deleting it: {left}"
    shutil.rmtree(ROOT)


# /proc, /sys and /dev inside the root, in a mount namespace of the command's own: the mounts
# end with the command, so none outlives the test, even one that is killed.
IN_ROOT = ('set -e; r="$0"; mount -t proc proc "$r/proc"; mount -t sysfs sysfs "$r/sys"; '
           'mount --rbind /dev "$r/dev"; exec chroot "$@"')


def in_root(args, chroot_options=(), **kw):
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "--",
                           "sh", "-c", IN_ROOT, str(ROOT), *chroot_options, str(ROOT), *args], **kw)


def logged(what, log: Path, tail=60):
    """A failure message naming the step and quoting the end of its log."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    return f"{what}; the last lines of {log}:\n" + "\n".join(lines[-tail:])


def debootstrap(mirror, security):
    """debootstrap --variant=minbase in two stages, bookworm-slim's configuration in between."""
    with DEBOOTSTRAP_LOG.open("w") as log:
        r = subprocess.run(["debootstrap", "--foreign", "--variant=minbase", SUITE, str(ROOT), mirror],
                           stdout=log, stderr=subprocess.STDOUT)
        if r.returncode == 0:
            make_slim(ROOT, mirror, security)
            r = subprocess.run(["unshare", "--mount", "--propagation", "private", "--",
                                "chroot", str(ROOT), "/debootstrap/debootstrap", "--second-stage"],
                               stdout=log, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        inner = ROOT / "debootstrap" / "debootstrap.log"
        if inner.exists():
            DEBOOTSTRAP_LOG.write_text(DEBOOTSTRAP_LOG.read_text() + inner.read_text())
        pytest.fail(logged(f"debootstrap {SUITE} from {mirror} failed (exit {r.returncode})",
                           DEBOOTSTRAP_LOG))
    remove_slim_excludes(ROOT)


def dockerfile():
    """The Dockerfile's run-time settings: {'ENV': {...}, 'USER': ..., 'WORKDIR': ...,
    'ENTRYPOINT': [...], 'CMD': [...]}."""
    out = {"ENV": {}}
    for line in (REPO / "Dockerfile").read_text().splitlines():
        word, _, rest = line.partition(" ")
        if word == "ENV":
            key, _, value = rest.partition("=")
            out["ENV"][key] = value
        elif word in ("USER", "WORKDIR"):
            out[word] = rest.strip()
        elif word in ("ENTRYPOINT", "CMD"):
            out[word] = json.loads(rest)
    return out


def copy_checkout(dest: Path):
    """The checkout's files as git sees them (tracked and new, not ignored), as COPY . would."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    for f in files:
        src = REPO / f.decode()
        if f and src.is_file():
            (dest / f.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / f.decode())


def local_certificate_authorities(dest: Path):
    """This machine's trusted certificates that Debian does not ship (a TLS-inspecting proxy's CA),
    so that pip and Maven inside the root trust what they trust here."""
    bundle = Path("/etc/ssl/certs/ca-certificates.crt")
    if not bundle.is_file():
        return
    shipped = {"".join(p.read_text().split())
               for p in Path("/usr/share/ca-certificates").rglob("*.crt")}
    certs = re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----",
                       bundle.read_text(), re.S)
    dest.mkdir(parents=True, exist_ok=True)
    for i, c in enumerate(c for c in certs if "".join(c.split()) not in shipped):
        (dest / f"local-{i}.crt").write_text(c + "\n")


def build(run_line):
    """The Dockerfile's RUN line as root in the root; returns build.sh's step durations."""
    with BUILD_LOG.open("w") as log:
        r = in_root(["/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
                     "sh", "-c", run_line], stdout=log, stderr=subprocess.STDOUT)
    text = BUILD_LOG.read_text(errors="replace")
    steps = re.findall(r"build\.sh: \[(\d+)s\] (.*)$", text, re.M)  # Maven may leave colour codes before it
    if r.returncode != 0:
        where = f"in the step '{steps[-1][1]}'" if steps else "before its first step"
        pytest.fail(logged(f"build.sh failed {where} (exit {r.returncode})", BUILD_LOG))
    return {name: int(b) - int(a) for (a, name), (b, _) in zip(steps, steps[1:])}


def as_user(cfg, command, timeout):
    """Runs command in the root the way the container runtime would run the image."""
    env = ["env", "-i", *[f"{k}={v}" for k, v in cfg["ENV"].items()],
           "HOME=/home/jovyan", "USER=jovyan"]
    return in_root([*env, "sh", "-c",
                    f"cd {shlex.quote(cfg['WORKDIR'])} && exec " + " ".join(map(shlex.quote, command))],
                   chroot_options=[f"--userspec={cfg['USER']}:100"],
                   capture_output=True, text=True, timeout=timeout)


def test_image_builds_and_runs_a_course_notebook_as_jovyan(monkeypatch):
    # debootstrap, chroot and mount live in sbin, which a user's PATH may lack.
    monkeypatch.setenv("PATH", os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if os.geteuid() != 0 or missing:
        pytest.fail("the image test cannot run here: it needs "
                    + ("root (debootstrap, mount and chroot do) " if os.geteuid() != 0 else "")
                    + (f"the commands {', '.join(missing)} (make setup-test installs debootstrap) "
                       if missing else "")
                    + "- run `sudo make test`")
    cfg = dockerfile()
    assert cfg["USER"] == "1000" and cfg["CMD"] == ["jupyterhub-singleuser"], cfg
    run_line = next(l for l in (REPO / "Dockerfile").read_text().splitlines() if l.startswith("RUN "))

    timings = {}
    t0 = time.monotonic()
    if not (ROOT / "usr" / "bin" / "apt-get").exists() or os.environ.get("CREMA_IMAGE_KEEP") != "1":
        if ROOT.exists():
            remove_root()
        ROOT.parent.mkdir(parents=True, exist_ok=True)
        debootstrap(*mirrors())
    timings["debootstrap"] = time.monotonic() - t0

    t1 = time.monotonic()
    copy_checkout(ROOT / "opt" / "crema" / "src")
    local_certificate_authorities(ROOT / "usr" / "local" / "share" / "ca-certificates")
    shutil.copy("/etc/resolv.conf", ROOT / "etc" / "resolv.conf")
    steps = build(run_line[4:])  # the Dockerfile's RUN line, word for word
    timings["build.sh"] = time.monotonic() - t1

    home = ROOT / "home" / "jovyan"
    assert home.stat().st_uid == 1000
    if (home / "crema-notebooks").exists():
        shutil.rmtree(home / "crema-notebooks")  # a first start, as with a fresh volume

    t2 = time.monotonic()
    entry = cfg["ENTRYPOINT"]
    r = as_user(cfg, [*entry, "id", "-u"], 60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1000"
    course = home / "crema-notebooks"
    assert (course / NOTEBOOK).is_file(), "the entry point did not copy the course"
    assert course.stat().st_uid == 1000

    r = as_user(cfg, ["jupyter", "kernelspec", "list", "--json"], 60)
    assert r.returncode == 0, r.stderr
    specs = json.loads(r.stdout)["kernelspecs"]
    assert specs["crema"]["resource_dir"].startswith("/usr/local/share/jupyter"), specs
    r = as_user(cfg, ["jupyter", "server", "--show-config-json"], 120)
    assert r.returncode == 0, r.stderr
    config = json.loads(r.stdout[r.stdout.index("{"):])
    assert config["ServerApp"].get("default_url") == "/lab", config["ServerApp"]
    # The server provisions CurveZMQ keys for the kernel, which declares support for them.
    assert config["MappingKernelManager"].get("transport_encryption") == "auto", config
    assert "curve" in specs["crema"]["spec"]["metadata"].get("supported_encryption", []), specs
    r = as_user(cfg, [cfg["CMD"][0], "--version"], 60)
    assert r.returncode == 0, r.stderr

    script = ("import nbformat, nbclient, sys\n"
              f"nb = nbformat.read('crema-notebooks/{NOTEBOOK}', as_version=4)\n"
              "nbclient.NotebookClient(nb, kernel_name='crema', timeout=600,"
              " resources={'metadata': {'path': 'crema-notebooks'}}).execute()\n"
              "errors = [o for c in nb.cells if c.cell_type == 'code'"
              " for o in c.get('outputs', []) if o.output_type == 'error']\n"
              # The kernel's own complaints (a value it could not render...) are not errors.
              "warnings = [o.text for c in nb.cells for o in c.get('outputs', [])"
              " if o.get('name') == 'stderr' and o.text.startswith('[crema]')]\n"
              "print('cells', sum(c.cell_type == 'code' for c in nb.cells), 'errors', len(errors),"
              " 'kernel warnings', len(warnings), *warnings[:3])\n"
              "sys.exit(1 if errors or warnings else 0)\n")
    r = as_user(cfg, [*entry, "python", "-c", script], 900)
    timings["notebook"] = time.monotonic() - t2
    assert r.returncode == 0 and "errors 0 kernel warnings 0" in r.stdout, \
        f"{NOTEBOOK} as jovyan: exit {r.returncode}\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    print(f"\nimage: {r.stdout.strip()}; seconds: "
          + ", ".join(f"{k} {v:.0f}" for k, v in timings.items())
          + " (build.sh: " + ", ".join(f"{k} {v}" for k, v in steps.items()) + ")"
          + f", total {time.monotonic() - t0:.0f}; load average {os.getloadavg()[0]:.1f}")
