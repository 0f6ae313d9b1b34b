# The single-user image for JupyterHub (Zero to JupyterHub on Kubernetes): JupyterLab with the
# Java (Crema) kernel and the course notebooks. Build: docker build -t crema-singleuser .
# Everything is done by install/image/build.sh, which install/image/test_image.py also runs in a
# debootstrap root: keep this file to the lines that script cannot express (test_image.py reads
# the ENV, USER, WORKDIR, ENTRYPOINT and CMD lines below and applies them the same way).
FROM debian:bookworm-slim

COPY . /opt/crema/src
RUN /opt/crema/src/install/image/build.sh /opt/crema/src

ENV PATH=/opt/crema/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
ENV LC_ALL=C.UTF-8
ENV SHELL=/bin/bash
USER 1000
WORKDIR /home/jovyan
EXPOSE 8888
ENTRYPOINT ["/usr/local/bin/crema-entrypoint"]
CMD ["jupyterhub-singleuser"]
