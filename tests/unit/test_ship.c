// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdump-ship's decisions, without a collector: SHIP_TO and the SHIP_
 * settings, the names dumps get remotely, the retry schedule, the
 * signature read from triage.json, ship.state (kept, resumed, about
 * another collector, damaged), and which directories are saved dumps
 * (never one savecore is still writing).  tests/ship runs the shipper
 * against a real sshd.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ddconfig.h"
#include "ddsaved.h"
#include "reply.h"
#include "ship.h"
#include "state.h"
#include "target.h"
#include "test_check.h"

static void test_targets(void)
{
	static const struct {
		const char *url, *user, *host, *base, *prefix;
		unsigned int port;
		enum ship_kind kind;
	} good[] = {
		{ "sftp://crash@collector.example.org:2222/srv/crash", "crash",
		  "collector.example.org", "/srv/crash", "", 2222, SHIP_SFTP },
		{ "sftp://10.0.0.7/crash/", "", "10.0.0.7", "/crash", "", 0, SHIP_SFTP },
		{ "sftp://u@[fd00::7]:22/x", "u", "fd00::7", "/x", "", 22, SHIP_SFTP },
		{ "s3://fleet-crash", "", "", "fleet-crash", "", 0, SHIP_S3 },
		{ "s3://fleet-crash/dc1/rack7/", "", "", "fleet-crash", "dc1/rack7/", 0, SHIP_S3 },
	};
	static const char *const bad[] = {
		"ftp://h/x", "sftp://host", "sftp://h:0/x", "sftp://h:99999/x", "sftp://-oProxy=x/x",
		"sftp://a b/x", "sftp://h/x y", "sftp://h/a/../b", "sftp://h/..", "sftp://u;x@h/x",
		"sftp://[fd00::7/x", "s3://Upper", "s3://ab", "s3://-bucket", "s3://b.dotted",
		"s3://bucket//x", "s3://bucket/a b", "sftp://h/x\"y",
	};
	struct ship_target t;
	char err[512], name[64];

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		int rc = ship_target_parse(good[i].url, &t, err, sizeof(err));

		snprintf(name, sizeof(name), "target-good-%zu", i);
		check(name, !rc && t.kind == good[i].kind && !strcmp(t.user, good[i].user) &&
		      !strcmp(t.host, good[i].host) && !strcmp(t.base, good[i].base) &&
		      !strcmp(t.prefix, good[i].prefix) && t.port == good[i].port,
		      "%s: rc %d (%s) user '%s' host '%s' base '%s' prefix '%s' port %u",
		      good[i].url, rc, rc ? err : "", t.user, t.host, t.base, t.prefix, t.port);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = ship_target_parse(bad[i], &t, err, sizeof(err));

		snprintf(name, sizeof(name), "target-bad-%zu", i);
		check(name, rc && strstr(err, "SHIP_TO="), "%s accepted (%s)", bad[i], err);
	}
	ship_remote_name(name, sizeof(name), "web1-2026-12-07-14:30:15.1");
	check("remote-name-colons", !strcmp(name, "web1-2026-12-07-14-30-15.1"), "%s", name);
	ship_remote_name(name, sizeof(name), "../x/y");
	check("remote-name-no-dotdot", !strcmp(name, "_.-x-y"), "%s", name);
}

static void test_backoff(void)
{
	struct dd_ship_config c;
	unsigned int want[] = { 30, 60, 120, 240, 480, 960, 1920, 3600, 3600 };
	bool ok = true;

	dd_ship_config_defaults(&c);
	for (unsigned int i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ok &= ship_backoff(&c, i + 1) == want[i];
	check("backoff-doubles-to-max", ok, "%u %u %u ... %u", ship_backoff(&c, 1),
	      ship_backoff(&c, 2), ship_backoff(&c, 3), ship_backoff(&c, 9));
	c.backoff = 5000;
	check("backoff-first-above-max", ship_backoff(&c, 1) == 3600, "%u", ship_backoff(&c, 1));
	c.backoff = 1;
	check("backoff-no-overflow", ship_backoff(&c, 4000) == 3600, "%u", ship_backoff(&c, 4000));
}

static void test_signature(void)
{
	char sig[SHIP_SIG_HEX + 1];

	ship_signature("{\n  \"signature\": \"975A08bf1ba3c16bf62dca98ab4ddba3\",\n", sig);
	check("signature-read", !strcmp(sig, "975a08bf1ba3c16bf62dca98ab4ddba3"), "'%s'", sig);
	ship_signature("{ \"signature\": \"\" }", sig);
	check("signature-empty", !sig[0], "'%s'", sig);
	ship_signature("{ \"signature\": \"975a08bf1ba3c16bf62dca98ab4ddba3/../x\" }", sig);
	check("signature-not-hex-refused", !sig[0], "'%s'", sig);
	ship_signature("{ \"signature\": \"975a08bf\" }", sig);
	check("signature-short-refused", !sig[0], "'%s'", sig);
}

static void test_state(void)
{
	char dir[] = "/tmp/test_ship.XXXXXX", err[256], path[300];
	struct ship_state s, r;
	int fd, rc;
	FILE *f;

	if (!mkdtemp(dir) || (fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0) {
		check("state-setup", 0, "cannot make %s", dir);
		return;
	}
	rc = ship_state_load(fd, "sftp://h/x", &s, err, sizeof(err));
	check("state-fresh", !rc && !s.triage_sent && s.vmcore == VMCORE_WAITING &&
	      !strcmp(s.target, "sftp://h/x") && !ship_state_done(&s, true), "rc %d %s", rc, err);
	s.triage_sent = true;
	check("state-triage-only-done", ship_state_done(&s, false) && !ship_state_done(&s, true), "%s", "wrong");
	snprintf(s.upload_id, sizeof(s.upload_id), "2~AbC.d_e-f");
	rc = ship_state_save(fd, &s, err, sizeof(err));
	rc |= ship_state_load(fd, "sftp://h/x", &r, err, sizeof(err));
	check("state-kept", !rc && r.triage_sent && r.vmcore == VMCORE_WAITING &&
	      !strcmp(r.upload_id, "2~AbC.d_e-f"), "rc %d %s upload '%s'", rc, err, r.upload_id);
	r.vmcore = VMCORE_SENT;
	r.marked = false;
	check("state-sent-unmarked-not-done", !ship_state_done(&r, true), "%s", "wrong");
	r.marked = true;
	rc = ship_state_save(fd, &r, err, sizeof(err));
	rc |= ship_state_load(fd, "sftp://h/x", &s, err, sizeof(err));
	check("state-sent-done", !rc && ship_state_done(&s, true), "rc %d", rc);
	rc = ship_state_load(fd, "s3://other-bucket", &s, err, sizeof(err));
	check("state-other-collector-fresh", !rc && !s.triage_sent && s.vmcore == VMCORE_WAITING &&
	      !strcmp(s.target, "s3://other-bucket"), "rc %d", rc);
	snprintf(path, sizeof(path), "%s/%s", dir, SHIP_STATE_FILE);
	f = fopen(path, "w");
	fputs("target sftp://h/x\nvmcore maybe\n", f);
	fclose(f);
	rc = ship_state_load(fd, "sftp://h/x", &s, err, sizeof(err));
	check("state-damaged-refused", rc && strstr(err, ":2:"), "rc %d %s", rc, err);
	f = fopen(path, "w");
	fputs("target sftp://h/x\ntriage sent", f);
	fclose(f);
	rc = ship_state_load(fd, "sftp://h/x", &s, err, sizeof(err));
	check("state-cut-short-refused", rc, "rc %d", rc);
	unlink(path);
	close(fd);
	rmdir(dir);
}

static void test_saved_dumps(void)
{
	char dir[] = "/tmp/test_ship_saved.XXXXXX", path[400];
	const char *names[] = { "web1-2026-12-07-14:30:15", "web1-2026-12-07-14:31:00.incomplete.Ab12Cd" };
	struct timespec t;
	int fd;

	if (!mkdtemp(dir) || (fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0) {
		check("saved-setup", 0, "cannot make %s", dir);
		return;
	}
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/%s/info.txt", dir, names[i]);
		close(open(path, O_CREAT | O_WRONLY, 0600));
		snprintf(path, sizeof(path), "%s/%s/vmcore", dir, names[i]);
		close(open(path, O_CREAT | O_WRONLY, 0600));
	}
	check("saved-dump-finished", dd_is_saved_dump(fd, names[0], &t), "%s", names[0]);
	check("saved-dump-incomplete-is-not", !dd_is_saved_dump(fd, names[1], &t),
	      "%s counted though savecore has not renamed it", names[1]);
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s/info.txt", dir, names[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s/vmcore", dir, names[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		rmdir(path);
	}
	close(fd);
	rmdir(dir);
}

static void test_config(void)
{
	static const struct {
		const char *key, *value, *words;
	} bad[] = {
		{ "SHIP_TO", "ftp://x/y", "SHIP_TO must be" },
		{ "SHIP_WHAT", "vmcore", "SHIP_WHAT must be all or triage" },
		{ "SHIP_SAMPLE", "-1", "SHIP_SAMPLE must be a number" },
		{ "SHIP_RETRIES", "0", "SHIP_RETRIES must be a number from 1" },
		{ "SHIP_SSH_KEY", "id_ed25519", "SHIP_SSH_KEY must be an absolute path" },
		{ "SHIP_S3_ENDPOINT", "s3.example.org", "SHIP_S3_ENDPOINT must be an http" },
		{ "SHIP_S3_REGION", "US East", "SHIP_S3_REGION must be a region" },
		{ "SHIP_TYPO", "1", "unknown setting SHIP_TYPO" },
	};
	struct dd_ship_config c;
	char err[512], name[64];

	dd_ship_config_defaults(&c);
	check("config-ship-off-by-default", !c.to[0] && !c.triage_only && !c.sample && !c.rate_kib &&
	      c.retries == DD_DEFAULT_SHIP_RETRIES, "to '%s'", c.to);
	check("config-not-a-ship-key", dd_ship_config_set(&c, "DEVICE", "/dev/sdb1", err, sizeof(err)) == 1,
	      "DEVICE taken as a shipping setting");
	check("config-ship-good",
	      !dd_ship_config_set(&c, "SHIP_TO", "s3://fleet/crash", err, sizeof(err)) &&
	      !dd_ship_config_set(&c, "SHIP_WHAT", "triage", err, sizeof(err)) &&
	      !dd_ship_config_set(&c, "SHIP_SAMPLE", "3", err, sizeof(err)) &&
	      !dd_ship_config_set(&c, "SHIP_RATE", "2048", err, sizeof(err)) &&
	      !dd_ship_config_set(&c, "SHIP_S3_REGION", "eu-west-3", err, sizeof(err)) &&
	      !strcmp(c.to, "s3://fleet/crash") && c.triage_only && c.sample == 3 &&
	      c.rate_kib == 2048 && !strcmp(c.s3_region, "eu-west-3"), "%s", err);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = dd_ship_config_set(&c, bad[i].key, bad[i].value, err, sizeof(err));

		snprintf(name, sizeof(name), "config-ship-bad-%s", bad[i].key);
		check(name, rc == -1 && strstr(err, bad[i].words), "rc %d: %s", rc, err);
	}
}

/* sftp's batch output and an S3 store's XML, as they come, and hostile. */
static void test_replies(void)
{
	static struct s3_part parts[S3_MAX_PARTS];
	const char *out =
		"sftp> -mkdir /c/signatures\n"
		"sftp> -ls -1 /c/signatures/abc\n"
		"/c/signatures/abc/web1.web1-2026-12-07-14-30-15.json\n"
		"/c/signatures/abc/web2.web2-2026-12-07-14-31-00.json\n"
		"/c/signatures/abc/web3.web3-2026-12-07-14-32-00.json.part\n"
		"/c/signatures/abc/vm.vm-2026-12-07-14-33-00.json   \n"
		"sftp> -ls -ln /c/vm/d/vmcore.part\n"
		"-rw-------    ? 0        0         2097152 Dec  7 14:40 /c/vm/d/vmcore.part\n"
		"sftp> ls -ln /c/vm/e/vmcore\n";
	struct ship_survey sv = { 0 };
	unsigned int nr = 0, next = 0;
	bool more;

	sftp_count_entries(out, "-ls -1 /c/signatures/abc", "vm.vm-2026-12-07-14-33-00.json", &sv);
	check("reply-sftp-count", sv.same_sig == 2 && sv.own_marked, "%u own %d", sv.same_sig,
	      sv.own_marked);
	check("reply-sftp-size", sftp_listed_size(out, "-ls -ln /c/vm/d/vmcore.part") == 2097152,
	      "%lld", sftp_listed_size(out, "-ls -ln /c/vm/d/vmcore.part"));
	check("reply-sftp-size-none", sftp_listed_size(out, "ls -ln /c/vm/e/vmcore") == -1 &&
	      sftp_listed_size(out, "ls -ln /nowhere") == -1, "found a size");
	check("reply-sftp-size-negative", sftp_listed_size("sftp> x\n- ? 0 0 -5 y\n", "x") == -1,
	      "took a negative size");
	memset(&sv, 0, sizeof(sv));
	s3_count_keys("<ListBucketResult><Contents><Key>p/signatures/abc/a.b.json</Key></Contents>"
		      "<Contents><Key>p/signatures/abc/me.json</Key></Contents>"
		      "<Contents><Key>p/signatures/abc/c.d.json.part</Key></Contents>"
		      "<Contents><Key>q/signatures/abc/x.json</Key></Contents>"
		      "<Contents><Key>p/signatures/abc/", "p/signatures/abc/", "me.json", &sv);
	check("reply-s3-count", sv.same_sig == 1 && sv.own_marked, "%u own %d", sv.same_sig,
	      sv.own_marked);
	more = s3_parse_parts("<ListPartsResult><IsTruncated>true</IsTruncated>"
			      "<Part><PartNumber>1</PartNumber><ETag>&quot;aa&quot;</ETag><Size>16777216</Size></Part>"
			      "<Part><PartNumber>3</PartNumber><ETag>\"c<x\"</ETag><Size>5</Size></Part>"
			      "<Part><PartNumber>0</PartNumber><ETag>z</ETag><Size>1</Size></Part>"
			      "<Part><PartNumber>99999</PartNumber><ETag>z</ETag><Size>1</Size></Part>",
			      parts, &nr, &next);
	check("reply-s3-parts", more && nr == 3 && next == 3 && parts[0].size == 16777216 &&
	      !strcmp(parts[0].etag, "&quot;aa&quot;") && !parts[2].etag[0] && !parts[1].size,
	      "more %d nr %u next %u size %lld etag '%s' '%s'", more, nr, next, parts[0].size,
	      parts[0].etag, parts[2].etag);
	check("reply-s3-parts-end", !s3_parse_parts("<IsTruncated>false</IsTruncated>", parts, &nr, &next),
	      "more");
}

int main(void)
{
	test_replies();
	test_targets();
	test_backoff();
	test_signature();
	test_state();
	test_saved_dumps();
	test_config();
	return test_failures ? 1 : 0;
}
