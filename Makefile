# diskdump: top-level build.
#   make                 modules (against KDIR) and the userspace tools
#   make modules         diskdump.ko and the hook modules only
#   make user            diskdumpfmt, diskdumpctl, savecore, diskdump-ship
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
	$(MAKE) -C ship

install: install-modules install-user

# The release the modules are for, as uname -r says it (Debian's
# include/config/kernel.release holds the upstream version instead).
KRELEASE = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
		$(KDIR)/include/generated/utsrelease.h 2>/dev/null)

# Unsigned (CONFIG_MODULE_SIG_ALL= : the key the distribution signed its
# kernel's modules with is not ours to have; the kernel taints, as with any
# out-of-tree module).  Debian's headers have no System.map, so kbuild skips
# depmod, and modprobe would not find the modules until someone ran it.
install-modules: modules
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=extra CONFIG_MODULE_SIG_ALL= modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(KRELEASE)

install-user: user
	$(MAKE) -C utils install
	$(MAKE) -C savecore install
	$(MAKE) -C ship install
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
