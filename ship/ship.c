// SPDX-License-Identifier: GPL-2.0 OR MIT
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddmsg.h"
#include "ddsaved.h"
#include "reply.h"
#include "ship.h"
#include "state.h"

/* The files of a dump that make its triage, sent whole and first. */
static const char *const small_files[] = {
	"triage.txt", "triage.json", "info.txt", "vmcore-dmesg.txt", "crash.txt",
};
#define NR_SMALL (sizeof(small_files) / sizeof(small_files[0]))
#define TRIAGE_JSON_MAX	(1024 * 1024)

int ship_fail(struct ship_job *j, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(j->err, sizeof(j->err), fmt, ap);
	va_end(ap);
	return -1;
}

void ship_note(const struct ship_job *j, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	dd_dev_note(j->name, "%s", msg);
}

void ship_marker_name(const struct ship_job *j, char *buf, size_t len)
{
	snprintf(buf, len, "%s.%s.json", j->host, j->dump);
}

unsigned int ship_backoff(const struct dd_ship_config *c, unsigned int attempt)
{
	unsigned long long delay = c->backoff;

	while (--attempt && delay < c->backoff_max)
		delay *= 2;
	return delay < c->backoff_max ? (unsigned int)delay : c->backoff_max;
}

static void read_signature(struct ship_job *j)
{
	int fd = openat(j->dumpfd, "triage.json", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	char *buf;
	ssize_t n;

	j->sig[0] = '\0';
	if (fd < 0)
		return;
	buf = malloc(TRIAGE_JSON_MAX + 1);
	if (buf) {
		n = read(fd, buf, TRIAGE_JSON_MAX);
		buf[n > 0 ? n : 0] = '\0';
		ship_signature(buf, j->sig);
		free(buf);
	}
	close(fd);
}

static bool regular(int dirfd, const char *name, long long *size)
{
	struct stat st;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode))
		return false;
	if (size)
		*size = st.st_size;
	return true;
}

int shipper_init(struct shipper *s, const struct dd_config *cfg, char *err, size_t errlen)
{
	char node[256];

	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
	if (!cfg->ship.to[0]) {
		snprintf(err, errlen, "shipping is off: SHIP_TO is not set");
		return -1;
	}
	if (ship_target_parse(cfg->ship.to, &s->t, err, errlen))
		return -1;
	/* Local paths go into sftp's batch commands, quoted. */
	if (strpbrk(cfg->dumpdir, "\"\\\n")) {
		snprintf(err, errlen, "DUMPDIR must not hold '\"', '\\' or a newline to be shipped from");
		return -1;
	}
	s->tr = s->t.kind == SHIP_SFTP ? &ship_sftp : &ship_s3;
	if (gethostname(node, sizeof(node)))
		snprintf(node, sizeof(node), "localhost");
	node[sizeof(node) - 1] = '\0';
	ship_remote_name(s->host, sizeof(s->host), node);
	return 0;
}

static int ship_one(struct shipper *s, struct ship_job *j, struct ship_state *st)
{
	const struct dd_ship_config *c = &s->cfg->ship;
	const char *files[NR_SMALL];
	struct ship_survey sv;
	unsigned int n = 0;
	char err[256], size_text[32];
	long long size;

	if (!regular(j->dumpfd, j->core, &size))
		return ship_fail(j, "its %s is gone", j->core);
	/* The first contact: what fails here fails for every dump. */
	if (s->tr->survey(j, st, &sv))
		return -2;
	if (!st->triage_sent) {
		for (size_t i = 0; i < NR_SMALL; i++)
			if (regular(j->dumpfd, small_files[i], NULL))
				files[n++] = small_files[i];
		if (n && s->tr->put_files(j, files, n))
			return -1;
		st->triage_sent = true;
		if (ship_state_save(j->dumpfd, st, err, sizeof(err)))
			return ship_fail(j, "%s", err);
		ship_note(j, "triage shipped to %s/%s/%s%s%s", s->t.url, s->host, j->dump,
			  j->sig[0] ? ", signature " : "", j->sig);
	}
	if (c->triage_only || st->vmcore == VMCORE_SAMPLED)
		return 0;
	if (st->vmcore == VMCORE_WAITING && sv.own_marked) {
		/* Sent and marked by an earlier run that stopped before saving. */
		st->vmcore = VMCORE_SENT;
		st->marked = true;
	}
	if (st->vmcore == VMCORE_WAITING && c->sample && j->sig[0] && sv.same_sig >= c->sample) {
		st->vmcore = VMCORE_SAMPLED;
		st->sampled_with = sv.same_sig;
		if (ship_state_save(j->dumpfd, st, err, sizeof(err)))
			return ship_fail(j, "%s", err);
		ship_note(j, "vmcore not shipped: the collector holds %u of signature %s (SHIP_SAMPLE=%u)",
			  sv.same_sig, j->sig, c->sample);
		return 0;
	}
	if (st->vmcore == VMCORE_WAITING) {
		ship_note(j, "shipping the vmcore (%s) to %s",
			  dd_human_size((unsigned long long)size, size_text, sizeof(size_text)),
			  s->t.url);
		if (s->tr->put_vmcore(j, st, &sv, size))
			return -1;
		st->vmcore = VMCORE_SENT;
		st->marked = !j->sig[0];
		st->upload_id[0] = '\0';
		if (ship_state_save(j->dumpfd, st, err, sizeof(err)))
			return ship_fail(j, "%s", err);
	}
	if (!st->marked) {
		if (s->tr->mark(j))
			return -1;
		st->marked = true;
		if (ship_state_save(j->dumpfd, st, err, sizeof(err)))
			return ship_fail(j, "%s", err);
	}
	ship_note(j, "vmcore shipped whole to %s/%s/%s", s->t.url, s->host, j->dump);
	return 0;
}

struct dump_entry {
	char		name[256];
	struct timespec	saved;
};

static int older_first(const void *a, const void *b)
{
	const struct dump_entry *x = a, *y = b;

	if (x->saved.tv_sec != y->saved.tv_sec)
		return x->saved.tv_sec < y->saved.tv_sec ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The saved dumps of DUMPDIR, oldest first; -1 (said) when it cannot be read. */
static int list_dumps(const char *dumpdir, struct dump_entry **out, size_t *count)
{
	struct dump_entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	int dirfd = open(dumpdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = dirfd < 0 ? NULL : fdopendir(dirfd);

	if (!d) {
		dd_error("cannot read %s: %s", dumpdir, strerror(errno));
		if (dirfd >= 0)
			close(dirfd);
		return -1;
	}
	while ((e = readdir(d))) {
		struct timespec saved;

		if (strlen(e->d_name) >= sizeof(v->name) ||
		    !dd_is_saved_dump(dirfd, e->d_name, &saved))
			continue;
		if (n == cap) {
			struct dump_entry *more;

			cap = cap ? cap * 2 : 16;
			more = realloc(v, cap * sizeof(*v));
			if (!more) {
				free(v);
				closedir(d);
				dd_error("cannot read %s: %s", dumpdir, strerror(ENOMEM));
				return -1;
			}
			v = more;
		}
		snprintf(v[n].name, sizeof(v[n].name), "%s", e->d_name);
		v[n++].saved = saved;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), older_first);
	*out = v;
	*count = n;
	return 0;
}

static int open_job(struct shipper *s, struct ship_job *j, const char *name)
{
	memset(j, 0, sizeof(*j));
	j->t = &s->t;
	j->cfg = &s->cfg->ship;
	j->name = name;
	snprintf(j->host, sizeof(j->host), "%s", s->host);
	ship_remote_name(j->dump, sizeof(j->dump), name);
	if ((size_t)snprintf(j->local, sizeof(j->local), "%s/%s", s->cfg->dumpdir, name) >=
	    sizeof(j->local))
		return ship_fail(j, "its path is too long");
	j->dumpfd = open(j->local, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (j->dumpfd < 0)
		return ship_fail(j, "cannot open %s: %s", j->local, strerror(errno));
	read_signature(j);
	/* A dump saved still sealed ships sealed: its key stays off the machine. */
	j->core = regular(j->dumpfd, "vmcore", NULL) || !regular(j->dumpfd, "sealed.img", NULL) ?
		  "vmcore" : "sealed.img";
	return 0;
}

int ship_all(struct shipper *s)
{
	bool want_vmcore = !s->cfg->ship.triage_only;
	struct dump_entry *dumps;
	unsigned int waiting = 0;
	size_t n;

	if (list_dumps(s->cfg->dumpdir, &dumps, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ship_state st;
		struct ship_job j;
		int rc;

		if (open_job(s, &j, dumps[i].name)) {
			dd_dev_error(dumps[i].name, "not shipped: %s", j.err);
			waiting++;
			continue;
		}
		rc = ship_state_load(j.dumpfd, s->t.url, &st, j.err, sizeof(j.err));
		if (!rc && !ship_state_done(&st, want_vmcore))
			rc = ship_one(s, &j, &st);
		close(j.dumpfd);
		if (!rc)
			continue;
		dd_dev_error(dumps[i].name, "not shipped to %s: %s; left in place for the next try",
			     s->t.url, j.err);
		waiting++;
		/* The collector cannot be reached or refuses us: the others need not try. */
		if (rc == -2 && i + 1 < n) {
			dd_dev_note(NULL, "%zu more dump%s not tried this time", n - i - 1,
				    n - i - 1 == 1 ? "" : "s");
			waiting += (unsigned int)(n - i - 1);
			break;
		}
	}
	free(dumps);
	return (int)waiting;
}

int ship_status(struct shipper *s, FILE *out)
{
	bool want_vmcore = !s->cfg->ship.triage_only;
	struct dump_entry *dumps;
	unsigned int waiting = 0;
	size_t n;

	if (list_dumps(s->cfg->dumpdir, &dumps, &n))
		return -1;
	fprintf(out, "Shipping to %s (%s%s)\n", s->t.url,
		want_vmcore ? "triage and vmcore" : "triage only",
		s->cfg->ship.sample && want_vmcore ? ", sampled by signature" : "");
	for (size_t i = 0; i < n; i++) {
		char size_text[32] = "?", what[1100];
		struct ship_state st;
		struct ship_job j;
		long long size = 0;

		if (open_job(s, &j, dumps[i].name)) {
			fprintf(out, "  %-40s unreadable: %s\n", dumps[i].name, j.err);
			waiting++;
			continue;
		}
		if (regular(j.dumpfd, j.core, &size))
			dd_human_size((unsigned long long)size, size_text, sizeof(size_text));
		if (ship_state_load(j.dumpfd, s->t.url, &st, j.err, sizeof(j.err)))
			snprintf(what, sizeof(what), "state unreadable: %s", j.err);
		else if (ship_state_done(&st, want_vmcore) && st.vmcore == VMCORE_SAMPLED)
			snprintf(what, sizeof(what), "shipped: triage; vmcore (%s) not sent, %u of its signature were there",
				 size_text, st.sampled_with);
		else if (ship_state_done(&st, want_vmcore))
			snprintf(what, sizeof(what), "shipped: %s", want_vmcore ?
				 "triage and vmcore" : "triage");
		else if (!st.triage_sent)
			snprintf(what, sizeof(what), "waiting: triage%s%s%s", want_vmcore ?
				 " and vmcore (" : "", want_vmcore ? size_text : "",
				 want_vmcore ? ")" : "");
		else
			snprintf(what, sizeof(what), "waiting: vmcore (%s)", size_text);
		if (strncmp(what, "shipped", 7))
			waiting++;
		fprintf(out, "  %-40s %s\n", dumps[i].name, what);
		close(j.dumpfd);
	}
	fprintf(out, "%u of %zu saved dump%s waiting to be shipped\n", waiting, n,
		n == 1 ? "" : "s");
	free(dumps);
	return (int)waiting;
}
