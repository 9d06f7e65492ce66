// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "state.h"

#define STATE_TMP	"ship.state.new"

static const char *const vmcore_words[] = {
	[VMCORE_WAITING] = "waiting", [VMCORE_SENT] = "sent", [VMCORE_SAMPLED] = "sampled",
};

static int bad(char *err, size_t errlen, unsigned int line, const char *why)
{
	snprintf(err, errlen, SHIP_STATE_FILE ":%u: %s", line, why);
	return -1;
}

static int parse_line(struct ship_state *s, char *line, unsigned int nr,
		      char *err, size_t errlen)
{
	char *value = strchr(line, ' ');

	if (!value)
		return bad(err, errlen, nr, "expected KEY VALUE");
	*value++ = '\0';
	if (!strcmp(line, "target")) {
		snprintf(s->target, sizeof(s->target), "%s", value);
	} else if (!strcmp(line, "triage")) {
		if (strcmp(value, "sent") && strcmp(value, "waiting"))
			return bad(err, errlen, nr, "triage is sent or waiting");
		s->triage_sent = !strcmp(value, "sent");
	} else if (!strcmp(line, "vmcore")) {
		unsigned int i;

		for (i = 0; i < sizeof(vmcore_words) / sizeof(vmcore_words[0]); i++)
			if (!strcmp(value, vmcore_words[i]))
				break;
		if (i == sizeof(vmcore_words) / sizeof(vmcore_words[0]))
			return bad(err, errlen, nr, "vmcore is waiting, sent or sampled");
		s->vmcore = (enum ship_vmcore)i;
	} else if (!strcmp(line, "marked")) {
		s->marked = !strcmp(value, "yes");
	} else if (!strcmp(line, "sampled_with")) {
		s->sampled_with = (unsigned int)strtoul(value, NULL, 10);
	} else if (!strcmp(line, "upload_id")) {
		snprintf(s->upload_id, sizeof(s->upload_id), "%s", value);
	} else if (!strcmp(line, "shipped")) {
		s->shipped = strtoll(value, NULL, 10);
	} else {
		return bad(err, errlen, nr, "unknown key");
	}
	return 0;
}

int ship_state_read(FILE *f, struct ship_state *s, char *err, size_t errlen)
{
	char line[1200];
	unsigned int nr = 0;

	memset(s, 0, sizeof(*s));
	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		nr++;
		if (!len || line[len - 1] != '\n')
			return bad(err, errlen, nr, "line too long or cut short");
		line[len - 1] = '\0';
		if (line[0] && line[0] != '#' && parse_line(s, line, nr, err, errlen))
			return -1;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "cannot read " SHIP_STATE_FILE);
		return -1;
	}
	return 0;
}

int ship_state_load(int dumpfd, const char *target, struct ship_state *s,
		    char *err, size_t errlen)
{
	int fd = openat(dumpfd, SHIP_STATE_FILE, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	FILE *f;
	int rc;

	memset(s, 0, sizeof(*s));
	if (fd < 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "cannot read " SHIP_STATE_FILE ": %s", strerror(errno));
			return -1;
		}
		goto fresh;
	}
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		snprintf(err, errlen, "cannot read " SHIP_STATE_FILE ": %s", strerror(errno));
		return -1;
	}
	rc = ship_state_read(f, s, err, errlen);
	fclose(f);
	if (rc)
		return rc;
	if (!strcmp(s->target, target))
		return 0;
	/* About another collector: this one has nothing yet. */
	memset(s, 0, sizeof(*s));
fresh:
	snprintf(s->target, sizeof(s->target), "%s", target);
	return 0;
}

int ship_state_save(int dumpfd, const struct ship_state *s, char *err, size_t errlen)
{
	int fd = openat(dumpfd, STATE_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
			0600);
	FILE *f;
	int ok;

	if (fd < 0)
		goto fail;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		goto fail;
	}
	fprintf(f, "# diskdump-ship: what of this dump the collector has\n");
	fprintf(f, "target %s\ntriage %s\nvmcore %s\n", s->target,
		s->triage_sent ? "sent" : "waiting", vmcore_words[s->vmcore]);
	if (s->vmcore == VMCORE_SENT)
		fprintf(f, "marked %s\n", s->marked ? "yes" : "no");
	if (s->vmcore == VMCORE_SAMPLED)
		fprintf(f, "sampled_with %u\n", s->sampled_with);
	if (s->upload_id[0])
		fprintf(f, "upload_id %s\n", s->upload_id);
	fprintf(f, "shipped %lld\n", (long long)time(NULL));
	ok = !fflush(f) && !fsync(fileno(f));
	if (fclose(f) || !ok)
		goto fail;
	if (renameat(dumpfd, STATE_TMP, dumpfd, SHIP_STATE_FILE) || fsync(dumpfd))
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "cannot write " SHIP_STATE_FILE ": %s", strerror(errno));
	unlinkat(dumpfd, STATE_TMP, 0);
	return -1;
}

bool ship_state_done(const struct ship_state *s, bool want_vmcore)
{
	return s->triage_sent && (!want_vmcore || s->vmcore == VMCORE_SAMPLED ||
				  (s->vmcore == VMCORE_SENT && s->marked));
}
