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


def cmd_corrupt(path, pfn_path):
    sampled = set(int(x) for x in open(pfn_path) if x.strip())
    with open(path, "r+b") as f:
        hdr = read_header(f)
        all_chunks = list(chunks(f, hdr))
        if not all_chunks:
            raise ValueError("the dump has no chunks")
        # Prefer a chunk in the middle that holds a sampled page, so the
        # pattern check can tell the damage stayed inside that chunk.
        mid = len(all_chunks) // 2
        order = sorted(range(len(all_chunks)), key=lambda i: abs(i - mid))
        pick = next((i for i in order if sampled & set(all_chunks[i][4])), mid)
        block, seq, nr_pages, payload_blocks, pfns = all_chunks[pick]
        if payload_blocks == 0:
            raise ValueError("chunk %d has no payload" % seq)
        f.seek((block + 1) * BLOCK)
        data = bytearray(f.read(64))
        f.seek((block + 1) * BLOCK)
        f.write(bytes(b ^ 0xFF for b in data))
    print("SEQ=%d" % seq)
    print("BLOCK=%d" % block)
    print("NR_PAGES=%d" % nr_pages)
    print("PFNS=%s" % ",".join(str(p) for p in pfns))
    return 0


def main(argv):
    try:
        if len(argv) == 3 and argv[1] == "header":
            return cmd_header(argv[2])
        if len(argv) == 4 and argv[1] == "corrupt-chunk":
            return cmd_corrupt(argv[2], argv[3])
    except (ValueError, OSError, struct.error) as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
