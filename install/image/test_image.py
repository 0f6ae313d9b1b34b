"""The single-user image, built without a Docker engine: debootstrap a Debian root under
target/, run install/image/build.sh in it (the script the Dockerfile runs), then, as the
unprivileged user jovyan with the Dockerfile's ENV, USER, WORKDIR, ENTRYPOINT and CMD, check that
the entry point copies the course, the kernel is registered system-wide, JupyterLab is the
default UI, jupyterhub-singleuser is there, and a course notebook runs through nbclient.

Needs root (debootstrap, chroot) and the debootstrap package; takes several minutes (the
Debian packages, Python wheels and Maven dependencies are downloaded). Run: make test-image,
or CREMA_TEST_IMAGE=1 .venv/bin/python -m pytest -s install/image/test_image.py.
CREMA_IMAGE_KEEP=1 keeps the root between runs, so that a second run only repeats the build
script and the checks."""
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
SUITE = "bookworm"
NOTEBOOK = os.environ.get("CREMA_IMAGE_NOTEBOOK", "00-welcome.ipynb")

pytestmark = [
    pytest.mark.skipif(os.environ.get("CREMA_TEST_IMAGE") != "1",
                       reason="takes 7-15 minutes: opt in with CREMA_TEST_IMAGE=1 (make test-image)"),
    pytest.mark.skipif(os.geteuid() != 0 or shutil.which("debootstrap") is None,
                       reason="needs root and debootstrap (apt-get install debootstrap)"),
]


def mirror():
    """The Debian mirror this machine's apt uses (deb822 or one-line sources)."""
    texts = [p.read_text() for p in [Path("/etc/apt/sources.list"),
                                     *Path("/etc/apt/sources.list.d").glob("*")]
             if p.is_file() and p.suffix in ("", ".list", ".sources")]
    for t in texts:
        for m in re.finditer(r"^URIs:\s*(\S+)", t, re.M):
            if "security" not in m.group(1):
                return m.group(1)
        for m in re.finditer(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+\S+", t, re.M):
            if "security" not in m.group(1):
                return m.group(1)
    raise AssertionError("no Debian mirror found in /etc/apt/sources*")


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


def run(cmd, **kw):
    print("+", " ".join(map(str, cmd)), flush=True)
    return subprocess.run(cmd, check=True, **kw)


class Mounts:
    """/proc, /sys, /dev and name resolution inside the root, undone on exit."""

    def __enter__(self):
        self.done = []
        for what, args in (("proc", ["-t", "proc", "proc"]), ("sys", ["-t", "sysfs", "sysfs"]),
                           ("dev", ["--rbind", "/dev"])):
            target = ROOT / what
            target.mkdir(exist_ok=True)
            run(["mount", *args, str(target)])
            self.done.append(target)
        shutil.copy("/etc/resolv.conf", ROOT / "etc" / "resolv.conf")
        return self

    def __exit__(self, *exc):
        for target in reversed(self.done):
            subprocess.run(["umount", "-R", "-l", str(target)])


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


def as_user(cfg, command, timeout):
    """Runs command in the root the way the container runtime would run the image."""
    env = ["env", "-i", *[f"{k}={v}" for k, v in cfg["ENV"].items()],
           "HOME=/home/jovyan", "USER=jovyan"]
    return subprocess.run(
        ["chroot", f"--userspec={cfg['USER']}:100", str(ROOT), *env, "sh", "-c",
         f"cd {shlex.quote(cfg['WORKDIR'])} && exec " + " ".join(map(shlex.quote, command))],
        capture_output=True, text=True, timeout=timeout)


def test_image_builds_and_runs_a_course_notebook_as_jovyan():
    timings = {}
    t0 = time.monotonic()
    if not (ROOT / "usr" / "bin" / "apt-get").exists() or os.environ.get("CREMA_IMAGE_KEEP") != "1":
        if ROOT.exists():
            subprocess.run(["umount", "-R", "-l", *(str(ROOT / d) for d in ("proc", "sys", "dev"))],
                           capture_output=True)
            shutil.rmtree(ROOT)
        ROOT.parent.mkdir(parents=True, exist_ok=True)
        run(["debootstrap", "--variant=minbase", SUITE, str(ROOT), mirror()],
            stdout=subprocess.DEVNULL)
    timings["debootstrap"] = time.monotonic() - t0

    cfg = dockerfile()
    assert cfg["USER"] == "1000" and cfg["CMD"] == ["jupyterhub-singleuser"], cfg
    t1 = time.monotonic()
    copy_checkout(ROOT / "opt" / "crema" / "src")
    local_certificate_authorities(ROOT / "usr" / "local" / "share" / "ca-certificates")
    with Mounts():
        # The Dockerfile's RUN line, word for word.
        run_line = next(l for l in (REPO / "Dockerfile").read_text().splitlines()
                        if l.startswith("RUN "))
        run(["chroot", str(ROOT), "/usr/bin/env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
             "HOME=/root", "sh", "-c", run_line[4:]])
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
        r = as_user(cfg, [cfg["CMD"][0], "--version"], 60)
        assert r.returncode == 0, r.stderr

        script = ("import nbformat, nbclient, sys\n"
                  f"nb = nbformat.read('crema-notebooks/{NOTEBOOK}', as_version=4)\n"
                  "nbclient.NotebookClient(nb, kernel_name='crema', timeout=600,"
                  " resources={'metadata': {'path': 'crema-notebooks'}}).execute()\n"
                  "errors = [o for c in nb.cells if c.cell_type == 'code'"
                  " for o in c.get('outputs', []) if o.output_type == 'error']\n"
                  "print('cells', sum(c.cell_type == 'code' for c in nb.cells), 'errors', len(errors))\n"
                  "sys.exit(1 if errors else 0)\n")
        r = as_user(cfg, [*entry, "python", "-c", script], 900)
        timings["notebook"] = time.monotonic() - t2
        print(r.stdout[-2000:], r.stderr[-4000:])
        assert r.returncode == 0, r.stderr[-4000:]
        assert "errors 0" in r.stdout
    print("timings (s):", {k: round(v) for k, v in timings.items()},
          "total", round(time.monotonic() - t0), "load", os.getloadavg())
