# diskdump: top-level build.
#   make                 modules (against KDIR) and the userspace tools
#   make modules         diskdump.ko and the hook modules only
#   make user            diskdumpfmt, diskdumpctl, savecore
#   make install         binaries, modules, man pages (DESTDIR, PREFIX,
#                        INSTALL_MOD_PATH honoured)
#   make check           unit tests and the QEMU scenarios (tests/run-tests)
#   make demo            crash a QEMU guest, savecore, show crash's bt
#   make bench           dump speed and size against raw dd and kdump
KDIR ?= /lib/modules/$(shell uname -r)/build
PREFIX ?= /usr
SBINDIR ?= /sbin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
include config.mk
export KDIR PREFIX SBINDIR MANDIR DESTDIR CONFIG

.PHONY: all modules user install install-modules install-user check clean demo bench

all: modules user

modules:
	@test -f $(KDIR)/Makefile || { echo "KDIR=$(KDIR) has no kernel build tree; install the headers of the target kernel or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

user:
	$(MAKE) -C utils
	$(MAKE) -C savecore

install: install-modules install-user

install-modules: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra modules_install
	@# Debian's headers have no System.map, so kbuild skips depmod and
	@# modprobe would not find the modules until someone ran it.
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a \
		$(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)

install-user: user
	$(MAKE) -C utils install
	$(MAKE) -C savecore install
	$(MAKE) -C man install

check: user
	tests/run-tests

demo:
	tests/vm/demo

bench:
	tests/bench/run

clean:
	-test -f $(KDIR)/Makefile && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C utils clean
	$(MAKE) -C savecore clean
