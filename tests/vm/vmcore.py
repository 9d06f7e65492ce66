#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Read physical memory out of a vmcore, and check fillmem's patterns in it.

The one place where the harness reads vmcores.  Two formats:
  - ELF64 core (as /proc/vmcore or savecore -E): PT_LOAD segments found by
    p_paddr; bytes past p_filesz read as zeros.
  - kdump-compressed ("KDUMP   ", as makedumpfile writes it): header, sub
    header, two bitmaps (the second says which pages are stored), then one
    page descriptor per stored page, in pfn order.  Pages are raw, zlib or
    LZO (python3-lzo), zstd (python3-zstandard); snappy is reported, not
    guessed at.

Usage: vmcore.py patterns VMCORE PFN_FILE [DAMAGED_PFNS]
         checks every sampled page (tests/vm/guest/fillmem.c) at its
         physical address; exit 0 only if all are intact.  Sampled pages
         listed in DAMAGED_PFNS (a,b,c: a chunk corrupted on purpose) must
         instead not read back intact.
       vmcore.py absent VMCORE PFN_FILE
         exit 0 only if no sampled page is stored with data (a level
         that leaves user pages out must leave fillmem's out).
       vmcore.py scribble VMCORE PFN
         exit 0 only if the page at PFN is stored and holds what ddcrash's
         scribble kind writes: word i, where written, a count n with
         n % 512 == i, and at least one written.
       vmcore.py sealed RAW_PARTITION PFN_FILE OPENED_VMCORE
         exit 0 only if no sampled page's pattern, no panic line, kernel
         log banner or VMCOREINFO string is on the raw partition, while
         the opened vmcore holds every sampled pattern.
       vmcore.py info VMCORE
"""
import struct
import sys
import zlib

PAGE_SIZE = 4096
# Must match pattern_word() in tests/vm/guest/fillmem.c.
PATTERN_BASE = 0xD15CD0D000000000


def pattern_page(pfn):
    """The 4 KiB fillmem writes into the page at frame pfn."""
    return struct.pack("<512Q", *(PATTERN_BASE ^ ((pfn << 12) | (i * 8))
                                  for i in range(PAGE_SIZE // 8)))


class VmcoreError(Exception):
    pass


class ElfVmcore:
    def __init__(self, f):
        self.f = f
        f.seek(0)
        ehdr = f.read(64)
        if ehdr[4] != 2 or ehdr[5] != 1:
            raise VmcoreError("not a little-endian ELF64 file")
        phoff, = struct.unpack_from("<Q", ehdr, 32)
        phentsize, phnum = struct.unpack_from("<HH", ehdr, 54)
        self.loads = []
        self.notes = []
        f.seek(phoff)
        table = f.read(phentsize * phnum)
        for i in range(phnum):
            (p_type, _flags, off, vaddr, paddr, filesz, memsz,
             align) = struct.unpack_from("<IIQQQQQQ", table, i * phentsize)
            if p_type == 1:
                self.loads.append((paddr, off, filesz, memsz, vaddr, align))
            elif p_type == 4:
                self.notes.append((off, filesz))
        self.format = "elf"

    def read_page(self, pfn):
        paddr = pfn * PAGE_SIZE
        for start, off, filesz, memsz, _vaddr, _align in self.loads:
            if start <= paddr and paddr + PAGE_SIZE <= start + memsz:
                rel = paddr - start
                if rel + PAGE_SIZE <= filesz:
                    self.f.seek(off + rel)
                    return self.f.read(PAGE_SIZE)
                return bytes(PAGE_SIZE)  # beyond p_filesz: zeros
        return None

    def describe(self):
        ram = sum(m for _, _, _, m, _, _ in self.loads)
        return "ELF, %d PT_NOTE, %d PT_LOAD covering %d MiB" % (
            len(self.notes), len(self.loads), ram >> 20)


# kdump-compressed page descriptor flags (makedumpfile's diskdump_mod.h)
DUMP_DH_COMPRESSED_ZLIB = 0x1
DUMP_DH_COMPRESSED_LZO = 0x2
DUMP_DH_COMPRESSED_SNAPPY = 0x4
DUMP_DH_COMPRESSED_ZSTD = 0x20


class KdumpVmcore:
    def __init__(self, f):
        self.f = f
        f.seek(0)
        hdr = f.read(464)
        self.version, = struct.unpack_from("<i", hdr, 8)
        # signature[8], version, new_utsname (6 * 65), struct timeval
        # (8-aligned at 408), then the int fields from offset 424.
        (self.status, self.block_size, self.sub_hdr_size, self.bitmap_blocks,
         max_mapnr32) = struct.unpack_from("<IiiII", hdr, 424)
        bs = self.block_size
        f.seek(bs)
        sub = f.read(104)
        self.phys_base, = struct.unpack_from("<Q", sub, 0)
        self.max_mapnr = max_mapnr32
        if self.version >= 6:
            self.max_mapnr, = struct.unpack_from("<Q", sub, 96)
        bitmap_off = bs * (1 + self.sub_hdr_size)
        half = self.bitmap_blocks * bs // 2
        f.seek(bitmap_off + half)
        self.bitmap2 = f.read(half)
        if len(self.bitmap2) != half:
            raise VmcoreError("file ends inside the bitmaps")
        self.desc_off = bitmap_off + self.bitmap_blocks * bs
        # Index of a page's descriptor = set bits in bitmap 2 before it.
        self.rank = [0] * (len(self.bitmap2) + 1)
        total = 0
        for i, b in enumerate(self.bitmap2):
            self.rank[i] = total
            total += bin(b).count("1")
        self.rank[len(self.bitmap2)] = total
        self.nr_stored = total
        self.format = "kdump-compressed"

    def read_page(self, pfn):
        byte, bit = divmod(pfn, 8)
        if byte >= len(self.bitmap2) or not (self.bitmap2[byte] >> bit) & 1:
            return None
        index = self.rank[byte] + bin(self.bitmap2[byte] & ((1 << bit) - 1)).count("1")
        self.f.seek(self.desc_off + index * 24)
        offset, size, flags, _page_flags = struct.unpack("<qIIQ", self.f.read(24))
        self.f.seek(offset)
        data = self.f.read(size)
        if flags & DUMP_DH_COMPRESSED_ZLIB:
            return zlib.decompress(data)
        if flags & DUMP_DH_COMPRESSED_LZO:
            import lzo  # python3-lzo, installed by tests/install-deps
            return lzo.decompress(data, False, self.block_size)
        if flags & DUMP_DH_COMPRESSED_ZSTD:
            import zstandard  # python3-zstandard, installed by tests/install-deps
            return zstandard.ZstdDecompressor().decompress(data, max_output_size=self.block_size)
        if flags & DUMP_DH_COMPRESSED_SNAPPY:
            raise VmcoreError("page %#x: compression flags %#x not supported "
                              "by this reader" % (pfn, flags))
        return data

    def describe(self):
        return ("kdump-compressed v%d, block %d, max_mapnr %d, %d pages stored"
                % (self.version, self.block_size, self.max_mapnr, self.nr_stored))


def open_vmcore(path):
    f = open(path, "rb")
    magic = f.read(8)
    if magic[:4] == b"\x7fELF":
        return ElfVmcore(f)
    if magic == b"KDUMP   ":
        return KdumpVmcore(f)
    raise VmcoreError("%s: neither ELF nor kdump-compressed (magic %r)" % (path, magic))


def check_patterns(vmcore_path, pfn_path, damaged_arg=""):
    core = open_vmcore(vmcore_path)
    pfns = [int(line) for line in open(pfn_path) if line.strip()]
    if not pfns:
        print("no sampled pfns in %s" % pfn_path)
        return 1
    # Pages of a chunk damaged on purpose: they must NOT read back intact
    # (savecore has to drop or flag them), the others must.
    damaged = set(int(x) for x in damaged_arg.split(",") if x)
    leaked = [p for p in pfns if p in damaged and core.read_page(p) == pattern_page(p)]
    if damaged:
        in_chunk = len([p for p in pfns if p in damaged])
        print("%d sampled pages in the damaged chunk, %d of them read back intact"
              % (in_chunk, len(leaked)))
        pfns = [p for p in pfns if p not in damaged]
    missing = bad = 0
    for pfn in pfns:
        data = core.read_page(pfn)
        if data is None:
            missing += 1
            if missing <= 5:
                print("pfn %#x: not in the vmcore" % pfn)
        elif data != pattern_page(pfn):
            bad += 1
            if bad <= 5:
                print("pfn %#x: pattern differs (first bytes %s)" % (pfn, data[:16].hex()))
    print("%s: %d sampled pages, %d intact, %d missing, %d wrong"
          % (core.describe(), len(pfns), len(pfns) - missing - bad, missing, bad))
    return 0 if missing == 0 and bad == 0 and not leaked else 1


def check_absent(vmcore_path, pfn_path):
    """Pages a dump level leaves out (fillmem's user pages at level 8+):
    none may be stored with its pattern; each must be absent or zeroes."""
    core = open_vmcore(vmcore_path)
    pfns = [int(line) for line in open(pfn_path) if line.strip()]
    if not pfns:
        print("no sampled pfns in %s" % pfn_path)
        return 1
    kept = 0
    for pfn in pfns:
        data = core.read_page(pfn)
        if data is not None and data != bytes(len(data)):
            kept += 1
            if kept <= 5:
                print("pfn %#x: stored although the level excludes it" % pfn)
    print("%s: %d sampled pages, %d left out, %d stored"
          % (core.describe(), len(pfns), len(pfns) - kept, kept))
    return 0 if kept == 0 else 1


def check_scribble(vmcore_path, pfn_arg):
    """The page a CPU kept writing during the dump (ddcrash kind=scribble)."""
    core = open_vmcore(vmcore_path)
    pfn = int(pfn_arg, 0)
    data = core.read_page(pfn)
    if data is None:
        print("pfn %#x: not stored" % pfn)
        return 1
    words = struct.unpack("<512Q", data)
    written = [(i, n) for i, n in enumerate(words) if n]
    wrong = [(i, n) for i, n in written if n % 512 != i]
    print("pfn %#x: %d of 512 words written, highest count %d, %d not the scribbler's"
          % (pfn, len(written), max([n for _, n in written] or [0]), len(wrong)))
    return 0 if written and not wrong else 1


def check_sealed(image_path, pfn_path, vmcore_path):
    """A sealed dump partition (raw image) holds none of the pattern pages the
    opened vmcore holds, nor the kernel log's panic line, nor VMCOREINFO.
    The same search on the opened vmcore must find them: the control that
    the search can find anything at all."""
    raw = open(image_path, "rb").read()
    core = open_vmcore(vmcore_path)
    pfns = [int(line) for line in open(pfn_path) if line.strip()][:16]
    if not pfns:
        print("no sampled pfns in %s" % pfn_path)
        return 1
    in_raw = in_core = 0
    for pfn in pfns:
        needle = pattern_page(pfn)[1024:1088]
        if needle in raw:
            in_raw += 1
        data = core.read_page(pfn)
        if data is not None and needle in data:
            in_core += 1
    strings = [b"sysrq triggered crash", b"OSRELEASE=", b"VMCOREINFO", b"Linux version"]
    found = [s.decode() for s in strings if s in raw]
    print("%d sampled pattern pages: %d found in the raw partition, %d in the opened vmcore; "
          "clear strings on the partition: %s" % (len(pfns), in_raw, in_core, ", ".join(found) or "none"))
    return 0 if in_raw == 0 and in_core == len(pfns) and not found else 1


def main(argv):
    try:
        if len(argv) in (4, 5) and argv[1] == "patterns":
            return check_patterns(*argv[2:])
        if len(argv) == 4 and argv[1] == "absent":
            return check_absent(*argv[2:])
        if len(argv) == 5 and argv[1] == "sealed":
            return check_sealed(*argv[2:])
        if len(argv) == 4 and argv[1] == "scribble":
            return check_scribble(*argv[2:])
        if len(argv) == 3 and argv[1] == "info":
            print(open_vmcore(argv[2]).describe())
            return 0
    except (VmcoreError, OSError, struct.error, zlib.error) as e:
        print("error: %s" % e)
        return 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
