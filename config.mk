# Settings shared by utils/ and savecore/ (and the top-level Makefile).
#
# CONFIG: the configuration file, chosen at build time as each family of
# distributions expects it: /etc/default/diskdump on Debian and its
# derivatives, /etc/sysconfig/diskdump on Red Hat and its kind.  Every tool
# takes -C FILE to read another one.
CONFIG ?= $(if $(wildcard /etc/debian_version),/etc/default/diskdump,/etc/sysconfig/diskdump)
# DD_TOOLS_VERSION: what --version prints, from the VERSION file at the top.
DD_TOOLS_VERSION ?= $(shell cat $(dir $(lastword $(MAKEFILE_LIST)))VERSION 2>/dev/null || echo unknown)
