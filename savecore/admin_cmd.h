/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * POST_SAVE_CMD and FAIL_CMD (diskdump(5)): the administrator's commands,
 * run after a dump was saved and when saving one failed, so that someone
 * is told (kdump-tools' KDUMP_FAIL_CMD and post hooks are the model).
 */
#ifndef SAVECORE_ADMIN_CMD_H
#define SAVECORE_ADMIN_CMD_H

/*
 * Run cmd with /bin/sh -c, its positional parameters $1 the dump's
 * directory ("" when none was saved), $2 the status (saved, partial,
 * error) and $3 the device, and the same in DISKDUMP_DIR,
 * DISKDUMP_STATUS and DISKDUMP_DEVICE.  Its output goes where savecore's
 * does; stdin is /dev/null.  After timeout_s seconds it is killed, with
 * all it started: at boot savecore holds up swap, and an alert that hangs
 * must not hold up the boot.  A failure is a warning, never savecore's.
 */
void admin_cmd_run(const char *what, const char *cmd, unsigned int timeout_s,
		   const char *dir, const char *status, const char *device);

#endif
