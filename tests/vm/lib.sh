# shellcheck shell=bash
# Shared settings and helpers for the tests/vm scripts.  Sourced, not run.
#
# Paths:
#   DD_SRC    the diskdump source tree (the repository root)
#   DD_CACHE  downloads and unpacked packages, kept between runs; it is a
#             cache: deleting it costs a re-download, nothing else
#   DD_OUT    artefacts of this run (logs, images, vmcores); gitignored

DD_VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DD_SRC=$(cd "$DD_VM_DIR/../.." && pwd)
DD_CACHE=${DISKDUMP_TEST_CACHE:-/var/cache/diskdump-test}
DD_OUT=${DISKDUMP_TEST_OUT:-$DD_VM_DIR/out}
export DD_VM_DIR DD_SRC DD_CACHE DD_OUT

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }

# The kernel series under test: 6.1 (Debian 12's own, linux-image-amd64),
# 6.12 (Debian 13's, in bookworm as linux-image-6.12-amd64) or 7.2 (Debian
# unstable's linux-image-amd64, see kernel_is_sid).
DD_KERNEL=${DISKDUMP_TEST_KERNEL:-6.1}
export DD_KERNEL

# The ABI of the current kernel of that series, e.g. 6.1.0-56-amd64 or
# 6.12.117+deb12-amd64, taken from what its metapackage depends on today.
# Overridable so a run can be pinned to a kernel already in the cache.
kernel_abi() {
	if [ -n "${DISKDUMP_TEST_ABI:-}" ]; then
		echo "$DISKDUMP_TEST_ABI"
		return
	fi
	local abi
	abi=$(apt_kernel_abi)
	if [ -z "$abi" ] && [ "$(id -u)" = 0 ]; then
		# No package lists yet (a fresh machine): fetch them once.
		apt-get update -q >/dev/null 2>&1 || true
		abi=$(apt_kernel_abi)
	fi
	if [ -z "$abi" ]; then
		# apt lists may be missing on a fresh machine; fall back to the
		# newest kernel already unpacked in the cache.
		abi=$(find "$DD_CACHE/kernel" -mindepth 2 -maxdepth 2 -name .complete \
			-printf '%h\n' 2>/dev/null | sed 's|.*/||' | grep "^${DD_KERNEL}[.-]" |
			sort -V | tail -n1)
	fi
	[ -n "$abi" ] || die "cannot resolve the kernel ABI (apt-get update first?)"
	echo "$abi"
}

apt_kernel_abi() {
	local meta=linux-image-amd64 apt=(apt-cache)
	if kernel_is_sid; then
		# Debian unstable's current kernel, asked of the sid chroot.
		apt=(chroot "$("$DD_VM_DIR/make-sid")" apt-cache)
	elif [ "$DD_KERNEL" != 6.1 ]; then
		meta=linux-image-$DD_KERNEL-amd64
	fi
	"${apt[@]}" depends "$meta" 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n1
}

# Linux 7.x is Debian unstable's kernel: fetched, built for and judged in
# the sid chroot (make-sid), with the new package layout (fetch-kernel).
kernel_is_sid() { [[ $DD_KERNEL == 7.* ]]; }
sid_root() { echo "$DD_CACHE/sid"; }

# Where fetch-kernel unpacks the kernel of ABI $1.
kernel_root() { echo "$DD_CACHE/kernel/$1"; }

# The judges' chroot: Debian trixie's crash, makedumpfile and drgn; for
# Linux 7.x, sid's (make-sid), the ones that know that kernel.
judge_root() {
	if kernel_is_sid; then
		sid_root
	else
		echo "$DD_CACHE/judge-trixie"
	fi
}

# One result line, the only output format tests/run-tests counts.
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# killed_tail LOG: the end of a console log whose QEMU was killed, as
# comment lines, so a hang found only in CI can be read from its output.
killed_tail() {
	tail -n 25 "$1" 2>/dev/null | tr -d '\r' | sed 's/^/# console tail: /'
}

# partition_range IMAGE N: "START SIZE" of partition N in 512-byte sectors
# (from IMAGE.layout for an image of a disk with larger sectors).
partition_range() {
	if [ -f "$1.layout" ]; then
		awk -v n="$2" '$1 == n { print $2, $3 }' "$1.layout"
		return
	fi
	sfdisk -d "$1" | sed -n "s|^$1$2 : start= *\([0-9]*\), size= *\([0-9]*\),.*|\1 \2|p"
}

# partition_sums IMAGE: "p1 SHA256" and "p3 SHA256" lines.
partition_sums() {
	local n start size
	for n in 1 3; do
		read -r start size < <(partition_range "$1" $n)
		echo "p$n $(dd if="$1" bs=1M skip=$((start * 512)) count=$((size * 512)) \
			iflag=skip_bytes,count_bytes status=none | sha256sum | cut -d' ' -f1)"
	done
}

# partition_extract IMAGE N OUT: copy partition N of IMAGE into the file OUT.
partition_extract() {
	local start size
	read -r start size < <(partition_range "$1" "$2")
	dd if="$1" of="$3" bs=1M skip=$((start * 512)) count=$((size * 512)) \
		iflag=skip_bytes,count_bytes conv=sparse status=none
}

# altered_dump_check CHECK PARTITION WORK HOW PFNS WHY [SAVECORE_OPTION...]:
# a dump partition someone wrote to.  ddformat.py HOW alters WORK.img, a
# copy of the dumped PARTITION image (removed again here), choosing a chunk
# that holds one of the kernel's pattern pages PFNS lists; savecore, with
# the options, must save the rest (exit 2), say "chunk SEQ ...WHY" of the
# chunk altered and lose no pattern page outside the chunks altered.  One
# verdict line for CHECK; artefacts WORK.log, WORK-patterns.log.
altered_dump_check() {
	local check=$1 partition=$2 work=$3 how=$4 pfnlist=$5 why=$6 rc=0 seq pfns v
	shift 6
	cp --sparse=always --reflink=auto "$partition" "$work.img"
	if ! "$DD_VM_DIR/ddformat.py" "$how" "$work.img" "$pfnlist" >"$work.env" 2>"$work.err"; then
		fail "$check" "ddformat.py $how: $(cat "$work.err")"
		rm -f "$work.img"
		return 0
	fi
	seq=$(sed -n 's/^SEQ=//p' "$work.env")
	pfns=$(sed -n 's/^PFNS=//p' "$work.env")
	rm -rf "$work.d"
	"$DD_SRC/savecore/savecore" -c /dev/null "$@" -d "$work.d" "$work.img" >"$work.log" 2>&1 || rc=$?
	rm -f "$work.img"
	v=$(find "$work.d" -name vmcore -type f 2>/dev/null | head -n1)
	echo "# ${check}: $how, chunk $seq; savecore rc $rc: $(grep -m1 "chunk $seq " "$work.log" || tail -n1 "$work.log")"
	if [ "$rc" -ne 2 ]; then
		fail "$check" "savecore rc $rc, expected 2 (saved but partial): $(tail -n1 "$work.log")"
	elif ! grep -E "chunk $seq .*$why" "$work.log" >/dev/null; then
		fail "$check" "savecore does not say chunk $seq: $why: $(grep -m1 chunk "$work.log")"
	elif [ -z "$v" ]; then
		fail "$check" "no vmcore extracted"
	elif ! "$DD_VM_DIR/vmcore.py" patterns "$v" "$pfnlist" "$pfns" >"$work-patterns.log" 2>&1; then
		fail "$check" "$(tail -n1 "$work-patterns.log")"
	else
		pass "$check"
		echo "# ${check}: $(tail -n1 "$work-patterns.log")"
	fi
	rm -rf "$work.d"
}
