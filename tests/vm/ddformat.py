#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side view of a diskdump partition (include/diskdump/format.h).

The one place where the harness reads the on-disk format: to report what
the kernel wrote (status, bytes written) and to damage one chunk on purpose
for savecore's negative tests.

Usage: ddformat.py header PARTITION_IMAGE
         prints the dump header as KEY=VALUE lines (shell-readable)
       ddformat.py corrupt-chunk PARTITION_IMAGE PFN_FILE
         flips bytes in the payload of one chunk (one holding a sampled pfn
         if any does), prints SEQ=, FIRST_PFN=, NR_PAGES= and the chunk's
         pfns to stdout as PFNS=a,b,c
       ddformat.py forge-chunk PARTITION_IMAGE PFN_FILE
         the same, then the chunk's checksums made to match the new bytes
         (as a forger would): only a sealed dump's tag can find it out
       ddformat.py swap-chunks PARTITION_IMAGE PFN_FILE
         two neighbouring chunks of the same length change places, each
         whole; prints SEQ= (the first) and PFNS= of both
"""
import struct
import sys

BLOCK = 4096
HEADER_BLOCK = 1
# struct dd_dump_header up to and including ranges[]
HEADER_FMT = "<8sII16sQIIQQIIIIIIQ" + "17Q" + "8Q" + "128Q"
HEADER_FIELDS = ("magic version header_size uuid dump_id status flags panic_time "
                 "dump_nsecs page_size nr_cpus panic_cpu dump_level compression "
                 "nr_ranges phys_base page_offset kernel_text_vaddr "
                 "kernel_text_paddr kernel_text_size vmcoreinfo_paddr "
                 "vmcoreinfo_size partition_blocks notes_block notes_size "
                 "dmesg_block dmesg_size data_block end_block nr_chunks "
                 "nr_pages_total nr_pages_written nr_pages_unreadable").split()
CHUNK_FMT = "<8sQQIIQQQQ"
# struct dd_chunk_header: where payload_bytes, payload_xxh64, header_xxh64 are
CHUNK_PAYLOAD_BYTES_OFF = 32
CHUNK_PAYLOAD_XXH64_OFF = 40
CHUNK_HEADER_XXH64_OFF = 56
FLAG_SEALED = 1 << 3  # DD_FLAG_SEALED
SEAL_TAG = 16
STATUS = {0: "NONE", 1: "IN_PROGRESS", 2: "COMPLETE", 3: "SHORT_AREA", 4: "IO_ERROR",
          5: "TIMED_OUT"}


def read_block(f, block):
    f.seek(block * BLOCK)
    return f.read(BLOCK)


def read_header(f):
    raw = read_block(f, HEADER_BLOCK)
    values = struct.unpack_from(HEADER_FMT, raw)
    hdr = dict(zip(HEADER_FIELDS, values))
    if hdr["magic"] != b"DDHEADER":
        raise ValueError("no dump header (magic %r)" % hdr["magic"])
    return hdr


def chunks(f, hdr):
    """Yield (block, seq, nr_pages, payload_blocks, pfns) of each chunk."""
    block = hdr["data_block"]
    for _ in range(hdr["nr_chunks"]):
        raw = read_block(f, block)
        magic, dump_id, seq, nr_pages, payload_blocks = struct.unpack_from(CHUNK_FMT, raw)[:5]
        if magic != b"DDCHUNK\0" or dump_id != hdr["dump_id"]:
            raise ValueError("block %d: not a chunk of this dump" % block)
        pfns = [struct.unpack_from("<Q", raw, 64 + 16 * i)[0] for i in range(nr_pages)]
        yield block, seq, nr_pages, payload_blocks, pfns
        block += 1 + payload_blocks


def cmd_header(path):
    with open(path, "rb") as f:
        hdr = read_header(f)
    for k in HEADER_FIELDS:
        if k in ("magic", "uuid"):
            continue
        print("%s=%d" % (k.upper(), hdr[k]))
    print("STATUS_NAME=%s" % STATUS.get(hdr["status"], "UNKNOWN"))
    print("BYTES_WRITTEN=%d" % (hdr["end_block"] * BLOCK))
    return 0


M64 = (1 << 64) - 1
P1, P2, P3 = 11400714785074694791, 14029467366897019727, 1609587929392839161
P4, P5 = 9650029242287828579, 2870177450012600261


def _rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M64


def _round(acc, lane):
    return (_rotl((acc + lane * P2) & M64, 31) * P1) & M64


def xxh64(data, seed=0):
    """XXH64, as the kernel and savecore checksum chunks (one place: forge)."""
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + P1 + P2) & M64, (seed + P2) & M64, seed, (seed - P1) & M64]
        while i + 32 <= n:
            lanes = struct.unpack_from("<4Q", data, i)
            v = [_round(v[k], lanes[k]) for k in range(4)]
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & M64
        for k in range(4):
            h = ((h ^ _round(0, v[k])) * P1 + P4) & M64
    else:
        h = (seed + P5) & M64
    h = (h + n) & M64
    while i + 8 <= n:
        h ^= _round(0, struct.unpack_from("<Q", data, i)[0])
        h = (_rotl(h, 27) * P1 + P4) & M64
        i += 8
    if i + 4 <= n:
        h ^= (struct.unpack_from("<I", data, i)[0] * P1) & M64
        h = (_rotl(h, 23) * P2 + P3) & M64
        i += 4
    while i < n:
        h ^= (data[i] * P5) & M64
        h = (_rotl(h, 11) * P1) & M64
        i += 1
    h ^= h >> 33
    h = (h * P2) & M64
    h ^= h >> 29
    h = (h * P3) & M64
    return h ^ (h >> 32)


def pick_chunk(all_chunks, sampled, fits=lambda i: True):
    """A chunk in the middle holding a sampled page, so the pattern check can
    tell the damage stayed inside it."""
    mid = len(all_chunks) // 2
    order = [i for i in sorted(range(len(all_chunks)), key=lambda i: abs(i - mid)) if fits(i)]
    if not order:
        raise ValueError("no chunk fits")
    return next((i for i in order if sampled & set(all_chunks[i][4])), order[0])


def cmd_corrupt(path, pfn_path, forge=False):
    sampled = set(int(x) for x in open(pfn_path) if x.strip())
    with open(path, "r+b") as f:
        hdr = read_header(f)
        all_chunks = list(chunks(f, hdr))
        if not all_chunks:
            raise ValueError("the dump has no chunks")
        block, seq, nr_pages, payload_blocks, pfns = \
            all_chunks[pick_chunk(all_chunks, sampled, lambda i: all_chunks[i][3] > 0)]
        f.seek((block + 1) * BLOCK)
        data = bytearray(f.read(64))
        f.seek((block + 1) * BLOCK)
        f.write(bytes(b ^ 0xFF for b in data))
        if forge:
            head = bytearray(read_block(f, block))
            size = struct.unpack_from("<Q", head, CHUNK_PAYLOAD_BYTES_OFF)[0]
            if hdr["flags"] & FLAG_SEALED:
                size += SEAL_TAG
            f.seek((block + 1) * BLOCK)
            struct.pack_into("<Q", head, CHUNK_PAYLOAD_XXH64_OFF, xxh64(f.read(size)))
            struct.pack_into("<Q", head, CHUNK_HEADER_XXH64_OFF, 0)
            struct.pack_into("<Q", head, CHUNK_HEADER_XXH64_OFF, xxh64(bytes(head)))
            f.seek(block * BLOCK)
            f.write(head)
    print("SEQ=%d" % seq)
    print("BLOCK=%d" % block)
    print("NR_PAGES=%d" % nr_pages)
    print("PFNS=%s" % ",".join(str(p) for p in pfns))
    return 0


def cmd_swap(path, pfn_path):
    sampled = set(int(x) for x in open(pfn_path) if x.strip())
    with open(path, "r+b") as f:
        hdr = read_header(f)
        all_chunks = list(chunks(f, hdr))
        i = pick_chunk(all_chunks[:-1], sampled,
                       lambda i: all_chunks[i][3] == all_chunks[i + 1][3])
        (b1, seq, _, blocks, pfns1), (b2, _, _, _, pfns2) = all_chunks[i], all_chunks[i + 1]
        f.seek(b1 * BLOCK)
        first = f.read((1 + blocks) * BLOCK)
        second = f.read((1 + blocks) * BLOCK)
        f.seek(b1 * BLOCK)
        f.write(second + first)
    print("SEQ=%d" % seq)
    print("BLOCK=%d" % b1)
    print("PFNS=%s" % ",".join(str(p) for p in pfns1 + pfns2))
    return 0


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "header":
            return cmd_header(argv[2])
        if len(argv) == 4 and argv[1] == "corrupt-chunk":
            return cmd_corrupt(argv[2], argv[3])
        if len(argv) == 4 and argv[1] == "forge-chunk":
            return cmd_corrupt(argv[2], argv[3], forge=True)
        if len(argv) == 4 and argv[1] == "swap-chunks":
            return cmd_swap(argv[2], argv[3])
    except (ValueError, OSError, struct.error) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
