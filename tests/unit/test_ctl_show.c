// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * diskdumpctl show, run as the command on this host (where diskdump.ko is
 * not loaded): a configuration naming a ready image, an image holding an
 * unsaved dump and a UUID no device has, a DUMPDIR with a saved dump in
 * it, and a hostile directory name.  The text says what is wrong, the
 * exit status is 2, and the JSON parses (python3's json module is the
 * judge) and says the same.  The JSON writer is checked on every byte.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "ddjson.h"
#include "test_check.h"
#include "test_run_cmd.h"
#include "test_savecore_image.h"

static char top[PATH_MAX];
static char workdir[] = "/tmp/test_ctl_show.XXXXXX";

static void remove_workdir(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", workdir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", workdir);
}

static void build(const char *path)
{
	static struct img im;
	struct img_opts o;

	img_default_opts(&o);
	if (img_build(&im, path, &o) < 0) {
		perror(path);
		exit(2);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(2);
	}
}

/* Every byte 1..255 in a string, and the key too: python must read them back. */
static void test_json_writer(void)
{
	char path[PATH_MAX], s[256];
	struct dd_json j;
	FILE *f;
	int rc;

	for (int i = 1; i < 256; i++)
		s[i - 1] = (char)i;
	s[255] = '\0';
	snprintf(path, sizeof(path), "%s/bytes.json", workdir);
	f = fopen(path, "w");
	if (!f)
		exit(2);
	dd_json_init(&j, f);
	dd_json_object_begin(&j, NULL);
	dd_json_string(&j, s, s);
	dd_json_array_begin(&j, "empty");
	dd_json_array_end(&j);
	dd_json_object_begin(&j, "nested");
	dd_json_uint(&j, "max", UINT64_MAX);
	dd_json_int(&j, "min", INT64_MIN);
	dd_json_bool(&j, "t", true);
	dd_json_null(&j, "n");
	dd_json_string(&j, "nul", NULL);
	dd_json_object_end(&j);
	dd_json_object_end(&j);
	fclose(f);
	rc = test_run("python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
		      "k=\"\".join(map(chr,range(1,256))); "
		      "assert d[k]==k and d[\"empty\"]==[] and d[\"nested\"]=={\"max\":2**64-1,"
		      "\"min\":-2**63,\"t\":True,\"n\":None,\"nul\":None}, d' '%s'", path);
	check("show-json-writer-every-byte", rc == 0, "python: %s", test_output);
}

int main(void)
{
	char ready[PATH_MAX], dump[PATH_MAX], conf[PATH_MAX], dumpdir[PATH_MAX];
	char text[4 * PATH_MAX];
	int rc;

	if (!check("show-tree-found", !test_find_top(top, sizeof(top)),
		   "VERSION not found above the test"))
		return test_exit_status();
	if (!mkdtemp(workdir))
		return 2;
	atexit(remove_workdir);
	test_json_writer();

	snprintf(ready, sizeof(ready), "%s/ready.img", workdir);
	snprintf(dump, sizeof(dump), "%s/dump.img", workdir);
	snprintf(conf, sizeof(conf), "%s/diskdump.conf", workdir);
	/* A directory name no JSON string may carry raw: a quote, a tab, a byte > 0x7f. */
	snprintf(dumpdir, sizeof(dumpdir), "%s/cr\"a\tsh\xe9", workdir);
	/* A dump saved into DUMPDIR from a scratch image; then a fresh ready one. */
	build(ready);
	rc = test_run("'%s/savecore/savecore' -d '%s' '%s'", top, dumpdir, ready);
	check("show-setup-saved", rc == 0, "savecore: %s", test_output);
	rc = test_run("rm -f '%s' && truncate -s 64M '%s' && '%s/utils/diskdumpfmt' '%s'",
		      ready, ready, top, ready);
	check("show-setup-formatted", rc == 0, "diskdumpfmt: %s", test_output);
	build(dump);
	snprintf(text, sizeof(text),
		 "DEVICE=\"%s %s UUID=00000000-dead-beef-0000-000000000000\"\n"
		 "DUMPDIR='%s'\nDUMP_LEVEL=31\nCOMPRESS=lzo\nMAXDUMPS=3\n", ready, dump, dumpdir);
	write_file(conf, text);

	rc = test_run("'%s/utils/diskdumpctl' show -c '%s'", top, conf);
	check("show-text-exit-2", rc == 2, "exit %d: %s", rc, test_output);
	check("show-text-devices", strstr(test_output, ready) && strstr(test_output, "ready") &&
	      strstr(test_output, "holds an unsaved dump") &&
	      strstr(test_output, "no device has UUID=00000000-dead-beef"),
	      "%s", test_output);
	check("show-text-problems", strstr(test_output, "module is not loaded") &&
	      strstr(test_output, "holds a dump savecore has not saved") &&
	      strstr(test_output, "MAXDUMPS 3") && strstr(test_output, "saved dumps: 1"),
	      "%s", test_output);

	rc = test_run("'%s/utils/diskdumpctl' show --json -c '%s' >'%s/show.json'; e=$?; "
		      "python3 -c 'import json,os,sys\n"
		      "d=json.load(open(sys.argv[1]))\n"
		      "dev=d[\"devices\"]\n"
		      "assert d[\"ok\"] is False\n"
		      "assert [x[\"state\"] for x in dev]==[\"ready\",\"holds-dump\",None], dev\n"
		      "assert dev[0][\"capacity_bytes\"]>0 and dev[0][\"path\"]==sys.argv[2], dev[0]\n"
		      "assert dev[2][\"path\"] is None and \"UUID\" in dev[2][\"description\"], dev[2]\n"
		      "assert not any(x[\"armed\"] for x in dev)\n"
		      "assert d[\"config\"][\"dump_level\"]==31 and d[\"config\"][\"compress\"]==\"lzo\"\n"
		      "assert d[\"savecore\"][\"saved_dumps\"]==1, d[\"savecore\"]\n"
		      "assert d[\"savecore\"][\"dumpdir\"]==os.fsencode(sys.argv[3]).decode(\"latin-1\"), d[\"savecore\"]\n"
		      "assert d[\"kernel\"][\"module_loaded\"] is False\n"
		      "assert any(\"not loaded\" in p for p in d[\"problems\"])\n"
		      "' '%s/show.json' '%s' \"$(printf '%%s' '%s')\" && exit $e",
		      top, conf, workdir, workdir, ready, dumpdir);
	check("show-json", rc == 2, "exit %d: %s", rc, test_output);

	rc = test_run("'%s/utils/diskdumpctl' -l --json", top);
	check("show-json-only-with-show", rc == 1 && strstr(test_output, "goes with show"),
	      "exit %d: %s", rc, test_output);
	return test_exit_status();
}
