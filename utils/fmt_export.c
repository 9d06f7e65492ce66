// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdumpfmt --export DEVICE: the udev properties of a diskdump label,
 * for 61-diskdump.rules (IMPORT{program}).  libblkid does not know the
 * label, so without this udev would see an empty partition: no by-uuid
 * link for the UUID= the configuration names, and lsblk shows no FSTYPE.
 * Only block 0 is read, without an exclusive open; nothing is written.
 * A device without a valid label prints nothing and exits 0 (udev then
 * keeps what else it knows).
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "ddblockio.h"
#include "ddformat.h"
#include "fmt.h"

int fmt_export(const char *path)
{
	union { char raw[DD_BLOCK_SIZE]; struct dd_label l; } b;
	uint64_t bytes;
	char uuid[37];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return FMT_EXIT_ERROR;
	if (dd_fd_size(fd, &bytes) || dd_read_block(fd, DD_LABEL_BLOCK, b.raw)) {
		close(fd);
		return FMT_EXIT_ERROR;
	}
	close(fd);
	/* The kernel's own check: a label it would arm, size included. */
	if (dd_label_check(b.raw, bytes / DD_BLOCK_SIZE))
		return FMT_EXIT_OK;
	uuid_unparse_lower(b.l.uuid, uuid);
	printf("ID_FS_TYPE=diskdump\nID_FS_USAGE=other\nID_FS_VERSION=%u\n"
	       "ID_FS_UUID=%s\nID_FS_UUID_ENC=%s\n",
	       (unsigned int)dd_from_le32(b.l.version), uuid, uuid);
	return FMT_EXIT_OK;
}
