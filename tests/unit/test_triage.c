// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * savecore's triage (triage.h) on real kernel logs: the logs savecore
 * saved from the dumps of the crash-kind scenarios (tests/vm, 6.1 unless
 * the name says otherwise), each kind dumped twice on two boots, in
 * triage-logs/KIND.N.log.  The same kind must give the same signature on
 * both boots, two kinds two signatures; the cause, the panic and the
 * frame the signature starts from must be the ones the crash had (sysrq:
 * the sysrq-c of the virtio parts; the hardlockup kind is left out: the
 * operator's NMI that ends it leaves a log like nmi's, with no trace of
 * the locked CPU, so it has nmi's signature).  Then
 * what a disk can hand in instead of a log: nothing, garbage, every cut
 * of a real log, NUL bytes, endless lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_check.h"
#include "test_file.h"
#include "triage.h"

#define LOGDIR "triage-logs/"

struct kind {
	const char *name;
	const char *cause;	/* how it starts; "" for none */
	const char *panic;	/* how it starts */
	const char *frame;	/* the first frame of the signature */
};

static const struct kind kinds[] = {
	{ "sysrq", "sysrq: Trigger a crash", "sysrq triggered crash", "sysrq_handle_crash" },
	{ "bug", "kernel BUG at ", "Fatal exception", "ddcrash_bug" },
	{ "softirq", "BUG: kernel NULL pointer dereference", "Fatal exception in interrupt", "ddcrash_timer_fn" },
	{ "hardirq", "", "ddcrash: panic in hard interrupt context", "ddcrash_hrtimer_fn" },
	{ "softlockup", "watchdog: BUG: soft lockup - CPU#", "softlockup: hung tasks", "ddcrash_spin" },
	{ "nmi", "Uhhuh. NMI received for unknown reason", "NMI: Not continuing", "unknown_nmi_error" },
	{ "blkirq", "", "ddcrash: panic in virtio-blk's interrupt handler", "ddcrash_vq_pre" },
	{ "twopanic", "", "ddcrash: two CPUs panic at once (this is CPU ", "ddcrash_panic_together" },
	{ "sysrq-6.12", "sysrq: Trigger a crash", "sysrq triggered crash", "sysrq_handle_crash" },
	{ "bug-7.2", "kernel BUG at ", "Fatal exception", "ddcrash_bug" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* want is how s starts; an empty want wants an empty s. */
static bool matches(const char *want, const char *s)
{
	return *want ? !strncmp(s, want, strlen(want)) : !*s;
}

/* The first frame name of a signature text (cause, panic, frames...). */
static const char *first_frame(const struct triage *t, char *buf, size_t size)
{
	const char *p = strchr(t->sig_text, '\n');

	p = p ? strchr(p + 1, '\n') : NULL;
	if (!p)
		return "";
	snprintf(buf, size, "%s", p + 1);
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

static bool triage_file(const char *name, int n, struct triage *t)
{
	char path[128];
	size_t len;
	char *log;

	snprintf(path, sizeof(path), LOGDIR "%s.%d.log", name, n);
	log = slurp(path, &len);
	if (!log)
		return false;
	triage_parse(log, len, t);
	triage_sign(t);
	free(log);
	return true;
}

/* The JSON must be JSON: Python's parser says so. */
static bool json_valid(const struct triage *t)
{
	struct triage_meta m = {
		.host = "host\"with\\quotes", .release = "6.1.0", .build_id = "ab",
		.crash_time = 1, .status = "COMPLETE", .vmcore_bytes = 2,
		.dump_dir = "d",
	};
	char path[] = "/tmp/test_triage_XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	char cmd[256];
	bool ok;

	if (!f)
		return false;
	triage_write_json(f, t, &m);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "python3 -m json.tool %s >/dev/null 2>&1", path);
	ok = system(cmd) == 0;
	unlink(path);
	return ok;
}

static void check_kinds(void)
{
	static struct triage t[NKINDS][2];
	static bool loaded[NKINDS][2];
	char name[96], buf[TRIAGE_NAME];

	for (size_t k = 0; k < NKINDS; k++) {
		const struct kind *kd = &kinds[k];

		for (int n = 0; n < 2; n++) {
			snprintf(name, sizeof(name), "triage-%s.%d", kd->name, n + 1);
			loaded[k][n] = triage_file(kd->name, n + 1, &t[k][n]);
			if (!check(name, loaded[k][n],
				   "cannot read " LOGDIR "%s.%d.log", kd->name, n + 1))
				continue;
			snprintf(name, sizeof(name), "triage-%s.%d-panic", kd->name, n + 1);
			check(name, t[k][n].has_panic && matches(kd->panic, t[k][n].panic),
			      "panic '%s', wanted '%s...'", t[k][n].panic, kd->panic);
			snprintf(name, sizeof(name), "triage-%s.%d-cause", kd->name, n + 1);
			check(name, matches(kd->cause, t[k][n].cause),
			      "cause '%s', wanted '%s...'", t[k][n].cause, kd->cause);
			snprintf(name, sizeof(name), "triage-%s.%d-frame", kd->name, n + 1);
			check(name, !strcmp(first_frame(&t[k][n], buf, sizeof(buf)), kd->frame),
			      "the signature starts at '%s', wanted %s (signature text: %s)",
			      buf, kd->frame, t[k][n].sig_text);
			snprintf(name, sizeof(name), "triage-%s.%d-taint-release", kd->name, n + 1);
			check(name, t[k][n].release[0] >= '6' && t[k][n].release[0] <= '9',
			      "release '%s'", t[k][n].release);
			snprintf(name, sizeof(name), "triage-%s.%d-json", kd->name, n + 1);
			check(name, json_valid(&t[k][n]), "python3 -m json.tool refuses the JSON");
		}
		if (!loaded[k][0] || !loaded[k][1])
			continue;
		snprintf(name, sizeof(name), "triage-%s-same-signature", kd->name);
		check(name, !strcmp(t[k][0].signature, t[k][1].signature),
		      "%s vs %s:\n%s---\n%s", t[k][0].signature, t[k][1].signature,
		      t[k][0].sig_text, t[k][1].sig_text);
	}
	/* Two kinds, two bugs: sysrq on 6.1 and on 6.12 is the same one. */
	for (size_t a = 0; a < NKINDS; a++) {
		for (size_t b = a + 1; b < NKINDS; b++) {
			bool same_bug = !strncmp(kinds[a].name, kinds[b].name,
						 strcspn(kinds[b].name, "-")) &&
					strcspn(kinds[a].name, "-") == strcspn(kinds[b].name, "-");

			if (same_bug || !loaded[a][0] || !loaded[b][0])
				continue;
			snprintf(name, sizeof(name), "triage-differ-%s-%s", kinds[a].name, kinds[b].name);
			check(name, strcmp(t[a][0].signature, t[b][0].signature),
			      "one signature %s for both", t[a][0].signature);
		}
	}
}

static void check_hostile(void)
{
	static struct triage t;
	size_t len, bad = 0;
	char *log = NULL, *big;

	triage_parse(NULL, 0, &t);
	triage_sign(&t);
	check("triage-empty", !t.has_panic && t.nr_traces == 0 &&
	      strlen(t.signature) == TRIAGE_SIG_HEX, "has_panic %d, %u traces", t.has_panic, t.nr_traces);
	triage_parse("\0\0\0garbage\xff\xfe[[[[ ]]]\n<<<>>>\nCall Trace:\n ? +0x/0x\n", 45, &t);
	triage_sign(&t);
	check("triage-garbage", !t.has_panic, "a panic found in garbage: '%s'", t.panic);

	/* Every cut of a real log: no crash, bounded fields (ASan runs this too). */
	log = slurp(LOGDIR "bug.1.log", &len);
	if (check("triage-cuts-log", log != NULL, "cannot read " LOGDIR "bug.1.log")) {
		for (size_t cut = 0; cut <= len; cut += 97) {
			triage_parse(log, cut, &t);
			triage_sign(&t);
			if (strlen(t.panic) >= TRIAGE_TEXT || t.nr_traces > TRIAGE_TRACES)
				bad++;
		}
		check("triage-cuts", bad == 0, "%zu cuts gave fields out of bounds", bad);
		/* The same log with its line ends turned into NULs. */
		for (size_t i = 0; i < len; i++)
			if (log[i] == '\n' && (i % 3) == 0)
				log[i] = '\0';
		triage_parse(log, len, &t);
		triage_sign(&t);
		check("triage-nuls", strlen(t.signature) == TRIAGE_SIG_HEX, "no signature");
	}
	free(log);

	/* One line of 1 MiB, a frame-shaped one included. */
	big = malloc(1 << 20);
	if (big) {
		memset(big, 'a', 1 << 20);
		memcpy(big, "[    1.000000] Kernel panic - not syncing: ", 44);
		triage_parse(big, 1 << 20, &t);
		triage_sign(&t);
		check("triage-long-line", t.has_panic && strlen(t.panic) < TRIAGE_TEXT,
		      "panic of %zu bytes", strlen(t.panic));
		free(big);
	}
}

int main(void)
{
	check_kinds();
	check_hostile();
	return test_exit_status();
}
