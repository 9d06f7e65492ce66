/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Naming a device: a path, or a UUID=/LABEL=/PARTUUID=/PARTLABEL= tag. */
#ifndef DDDEVICE_H
#define DDDEVICE_H

#include <stddef.h>

/*
 * Resolve spec to a device path with libblkid.  Returns 0, or -1 with a
 * message in err ("no device has UUID=..." etc.).
 */
int dd_resolve_device(const char *spec, char *path, size_t pathlen,
		      char *err, size_t errlen);

#endif /* DDDEVICE_H */
