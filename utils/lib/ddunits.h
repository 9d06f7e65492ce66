/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * systemd's names for the configured dump devices, so that the boot units
 * can wait for them (diskdumpctl -g, run by the diskdump generator).
 */
#ifndef DDUNITS_H
#define DDUNITS_H

#include <stddef.h>

/*
 * The device node systemd knows a DEVICE entry by, without looking it up:
 * a path as it is, UUID=x as /dev/disk/by-uuid/x, LABEL=, PARTUUID=,
 * PARTLABEL= likewise.  Returns 0, or -1 for a spec of another form.
 */
int dd_spec_device_path(const char *spec, char *buf, size_t len);

/*
 * systemd-escape --path --suffix=device of path: "/dev/disk/by-uuid/a-b"
 * becomes "dev-disk-by\x2duuid-a\x2db.device".  Returns 0, or -1 if it
 * does not fit.
 */
int dd_device_unit_name(const char *path, char *buf, size_t len);

#endif /* DDUNITS_H */
