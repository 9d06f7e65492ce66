// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "diskdump/abi.h"
#include "ddkernel.h"

bool dd_module_loaded(void)
{
	return access(DD_SYSFS_DIR, F_OK) == 0;
}

int dd_sysfs_read(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return 0;
}

int dd_sysfs_write(const char *path, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return errno;
	/* A sysfs store takes the whole value in one write, or fails. */
	do
		n = write(fd, value, len);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		int err = errno;

		close(fd);
		return err;
	}
	if (close(fd) < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
}

static int write_devno(const char *path, dev_t dev)
{
	char text[32];

	snprintf(text, sizeof(text), "%u:%u\n", major(dev), minor(dev));
	return dd_sysfs_write(path, text);
}

int dd_kernel_arm(dev_t dev)
{
	return write_devno(DD_SYSFS_ARM, dev);
}

int dd_kernel_disarm(dev_t dev)
{
	return write_devno(DD_SYSFS_DISARM, dev);
}

const char *dd_arm_error_text(int err, bool disarm)
{
	switch (err) {
	case EINVAL:
		return "the kernel did not accept the device number (diskdumpctl and diskdump.ko do not match?)";
	case ENXIO:
		return "the kernel has no block device with this number (removed?)";
	case ENOTBLK:
		return "it is a whole disk; diskdump dumps to a partition";
	case EOPNOTSUPP:
		return "no loaded hook module can drive this disk's controller (modprobe the one for it: diskdump_virtio, diskdump_virtio_scsi, diskdump_pvscsi, diskdump_megaraid, diskdump_ahci, diskdump_nvme, diskdump_mptsas, diskdump_mptspi, diskdump_mptfc, diskdump_sym53c8xx or diskdump_cciss; the kernel log says why a hook refused)";
	case ENOSPC:
		return "the partition is smaller than the 16 MiB minimum";
	case EMEDIUMTYPE:
		return "the partition carries no valid diskdump label (prepare it with diskdumpfmt)";
	case EBUSY:
		return "the partition is in use (mounted, active swap, or held by another driver)";
	case EEXIST:
		return "the partition is already armed";
	case ENOENT:
		return disarm ? "the partition is not armed"
			      : "the diskdump arm interface is missing (module version mismatch?)";
	case ENOMEM:
		return "the kernel could not reserve the memory the panic path needs";
	case E2BIG:
		return "System RAM has more ranges than the dump format can describe";
	case EACCES:
	case EPERM:
		return "permission denied (run as root)";
	}
	return strerror(err);
}

int dd_parse_armed(FILE *f, struct dd_armed *armed, int max)
{
	char line[256];
	int count = 0;

	while (fgets(line, sizeof(line), f)) {
		struct dd_armed a;
		char kind[16], sealed[32] = "", extra;
		int n;

		if (line[strspn(line, " \t\n")] == '\0')
			continue;
		memset(&a, 0, sizeof(a));
		n = sscanf(line, "%u:%u %63s %" SCNu64 " %" SCNu64 " %15s %31s %c",
			   &a.major, &a.minor, a.hook, &a.start_sector,
			   &a.nr_sectors, kind, sealed, &extra);
		if (n != 6 && n != 7)
			return -1;
		/* A sealed target ends with "sealed=KEYID". */
		if (n == 7 && (strncmp(sealed, "sealed=", 7) || strlen(sealed + 7) != 16))
			return -1;
		if (n == 7)
			memcpy(a.seal_key_id, sealed + 7, 17);
		if (strcmp(kind, "partition") && strcmp(kind, "swap"))
			return -1;
		a.swap = !strcmp(kind, "swap");
		if (count < max)
			armed[count] = a;
		count++;
	}
	return count;
}

int dd_read_armed(struct dd_armed *armed, int max)
{
	FILE *f = fopen(DD_SYSFS_DEVICES, "re");
	int rc;

	if (!f)
		return -1;
	rc = dd_parse_armed(f, armed, max);
	fclose(f);
	if (rc < 0)
		errno = EBADMSG;
	return rc;
}

bool dd_is_armed(dev_t dev)
{
	struct dd_armed armed[DD_MAX_ARMED];
	int n = dd_read_armed(armed, DD_MAX_ARMED);

	if (n > DD_MAX_ARMED)
		n = DD_MAX_ARMED;
	for (int i = 0; i < n; i++)
		if (armed[i].major == major(dev) && armed[i].minor == minor(dev))
			return true;
	return false;
}
