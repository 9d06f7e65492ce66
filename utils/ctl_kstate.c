// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kernel settings that arming changes, and gives back.
 *
 * crash_kexec_post_notifiers=Y makes panic() stop the other CPUs by NMI and
 * save their registers before the notifiers run ("bt -a").  diskdumpctl
 * sets it when it arms; if it was N before, a mark in DD_RUN_DIR says so,
 * and disarming the last device sets it back.
 *
 * panic_on_oops: with 0 an oops kills a task and the machine runs on in an
 * unknown state, with no dump.  The configuration's PANIC_ON_OOPS (yes by
 * default, as the original diskdump service did) sets it; arming warns
 * when it is 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl.h"
#include "ddkernel.h"
#include "ddmsg.h"
#include "diskdump/abi.h"

#define DD_RUN_DIR		"/run/diskdump"
#define DD_POST_NOTIFIERS_MARK	DD_RUN_DIR "/set-crash-kexec-post-notifiers"
#define DD_PANIC_ON_OOPS	"/proc/sys/kernel/panic_on_oops"

void ctl_enable_cpu_notes(void)
{
	char value[8] = "";
	int err, fd;

	if (!dd_sysfs_read(DD_POST_NOTIFIERS_PARAM, value, sizeof(value)) && value[0] == 'Y')
		return;
	err = dd_sysfs_write(DD_POST_NOTIFIERS_PARAM, "Y");
	if (err) {
		dd_warn("could not set %s (%s): dumps will hold the registers of the panicking CPU only",
			DD_POST_NOTIFIERS_PARAM, strerror(err));
		return;
	}
	/* Remember that it was ours to set, so the last disarm can undo it. */
	if ((mkdir(DD_RUN_DIR, 0755) && errno != EEXIST) ||
	    (fd = open(DD_POST_NOTIFIERS_MARK, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0)
		dd_warn("cannot record in %s that crash_kexec_post_notifiers was N: %s",
			DD_RUN_DIR, strerror(errno));
	else
		close(fd);
	dd_info("set crash_kexec_post_notifiers=Y");
}

void ctl_restore_cpu_notes(void)
{
	struct dd_armed armed[DD_MAX_ARMED];
	int err;

	if (access(DD_POST_NOTIFIERS_MARK, F_OK) || dd_read_armed(armed, DD_MAX_ARMED) != 0)
		return;
	err = dd_sysfs_write(DD_POST_NOTIFIERS_PARAM, "N");
	if (err) {
		dd_warn("could not set %s back to N: %s", DD_POST_NOTIFIERS_PARAM, strerror(err));
		return;
	}
	unlink(DD_POST_NOTIFIERS_MARK);
	printf("nothing armed any more: crash_kexec_post_notifiers set back to N\n");
}

void ctl_panic_on_oops(int want)
{
	char value[16] = "";
	int err;

	if (want > 0) {
		err = dd_sysfs_write(DD_PANIC_ON_OOPS, "1");
		if (err)
			dd_warn("could not set %s (%s)", DD_PANIC_ON_OOPS, strerror(err));
		else
			dd_info("set kernel.panic_on_oops=1 (PANIC_ON_OOPS)");
	}
	if (!dd_sysfs_read(DD_PANIC_ON_OOPS, value, sizeof(value)) && !strcmp(value, "0"))
		dd_warn("kernel.panic_on_oops is 0: an oops kills a task and leaves no dump (set PANIC_ON_OOPS=yes in the configuration, or sysctl kernel.panic_on_oops=1)");
}
