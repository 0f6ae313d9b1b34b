# Crema: `make notebook` to use it, `make test` to check it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

JAVA_HOME := $(shell install/find-jdk.sh)
export JAVA_HOME
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Every Python and Jupyter call goes through the project's environment .venv (install/venv.sh),
# built from the pinned install/requirements-*.txt.
PY := .venv/bin/python
JUPYTER := .venv/bin/jupyter
MVN := mvn -B -q -e
JDK17 := $(firstword $(wildcard /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64))
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup setup-test build install notebook test test-java test-java17 test-kernel \
        test-install test-image test-notebooks reports bench format clean

help:
	@echo "make notebook   install what is missing, build, register the kernel, open JupyterLab on notebooks/"
	@echo "make install    the same set-up, without starting Jupyter"
	@echo "make test       the same set-up, then every test"
	@echo "make reports    execute every notebook and write HTML reports to target/reports/"
	@echo "make test-image the Kubernetes single-user image's recipe, built in a debootstrap root"
	@echo "make bench      side-by-side benchmarks against PyTorch, to target/bench/"
	@echo "make format     apply the code formatter"

# Debian's system parts (OpenBLAS, data, MathJax, Chromium...), then the Python environment;
# the test profile holds the notebook one.
setup:
	@install/setup.sh notebook
	@install/venv.sh notebook
	@install/report-widgets.sh

setup-test:
	@install/setup.sh test
	@install/venv.sh test
	@install/report-widgets.sh

build:
	@echo "Building with $(JAVA_HOME)"
	$(MVN) package -DskipTests -Dspotless.check.skip=true

install: setup build
	@install/install-kernelspec.sh

notebook: install
	$(JUPYTER) lab --notebook-dir=notebooks $(ALLOW_ROOT)

test: setup-test build
	@install/install-kernelspec.sh
	$(MAKE) --no-print-directory test-java test-java17 test-kernel test-notebooks test-install test-image

# JUnit 5 and the formatter check, on the build JDK.
test-java:
	$(MVN) spotless:check
	mvn -B verify

# The same JUnit suites on JDK 17, the oldest JDK we support (skipped when the build JDK is 17).
test-java17:
	@if [ -n "$(JDK17)" ] && [ "$(JDK17)" != "$(JAVA_HOME)" ]; then \
	  echo "Unit tests again on $(JDK17)"; \
	  JAVA_HOME=$(JDK17) mvn -B test -Dspotless.check.skip=true; \
	fi

# The kernel driven by real Jupyter clients: conformance suite, fault cases, nbconvert, console, browser.
test-kernel:
	@if ls kernel/src/test/python/test_*.py >/dev/null 2>&1; then \
	  $(PY) -m pytest -q -p no:cacheprovider kernel/src/test/python; \
	fi

# Set-up checks: a JupyterHub on loopback offers the Crema kernel to a learner; the reports written
# by test-notebooks render in a real browser.
test-install:
	$(PY) -m pytest -q -p no:cacheprovider install/tests bench/load/test_memory_limit.py

# The single-user image's recipe (Dockerfile = install/image/build.sh), proven without a Docker
# engine: a Debian root set up like the Dockerfile's base image under target/, the recipe run in it
# (downloading what `docker build` would), the kernel started as jovyan and a notebook run. About
# 3 minutes on an idle machine. Needs root and debootstrap: without them it fails, it never skips.
test-image: setup-test
	CREMA_TEST_IMAGE=1 $(PY) -m pytest -q -s -p no:cacheprovider install/image/test_image.py

# Every course notebook executed with the Crema kernel.
test-notebooks:
	$(PY) install/run_notebooks.py --check

reports: install
	$(PY) install/run_notebooks.py

bench: install
	@install/setup.sh bench
	bench/run.sh

format:
	$(MVN) spotless:apply

clean:
	mvn -B -q clean
