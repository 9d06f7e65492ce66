// SPDX-License-Identifier: GPL-2.0 OR MIT
/* diskdumpctl show: printing what show_collect() found, for people or as JSON. */
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "ctl_show.h"
#include "ddjson.h"
#include "ddmsg.h"

static const char *or_unknown(const char *s)
{
	return s && s[0] ? s : "unknown";
}

static const char *size_text(uint64_t bytes, char *buf, size_t len)
{
	return bytes ? dd_human_size(bytes, buf, len) : "unknown";
}

static void print_setting(const char *what, const char *running, const char *configured)
{
	printf("  %-22s %s", what, running && running[0] ? running : "-");
	if (configured)
		printf("  (configured: %s)", configured);
	printf("\n");
}

static void print_device(const struct show *s, const struct show_device *d)
{
	char cap[32];

	printf("  %s%s%s\n", d->configured ? d->spec : "(armed by hand)",
	       d->path[0] && strcmp(d->path, d->spec) ? " = " : "",
	       d->path[0] && strcmp(d->path, d->spec) ? d->path : "");
	if (d->armed)
		printf("      armed:      yes, %s, hook %s%s%s\n", d->armed_as.swap ? "swap" : "partition",
		       d->armed_as.hook, d->armed_as.seal_key_id[0] ? ", sealed for key " : "",
		       d->armed_as.seal_key_id);
	else
		printf("      armed:      no\n");
	if (d->pci[0])
		printf("      controller: %s (%s)\n", d->pci, d->driver[0] ? d->driver : "no driver");
	if (d->examined)
		printf("      state:      %s\n", d->report.description);
	else
		printf("      state:      %s\n", d->error);
	printf("      room:       %s, ", size_text(d->capacity, cap, sizeof(cap)));
	switch (d->fit) {
	case FIT_YES: printf("a full dump fits\n"); break;
	case FIT_AT_LEVEL: printf("a dump at level %d fits as memory is used now\n", s->level); break;
	case FIT_NO: printf("too small\n"); break;
	default: printf("fit unknown\n"); break;
	}
}

static void print_text(const struct show *s)
{
	char a[32], b[32], c[32];
	char level[16], timeout[32];

	snprintf(level, sizeof(level), "%d", s->cfg.dump_level);
	snprintf(timeout, sizeof(timeout), "%ld", s->cfg.dump_timeout);
	printf("configuration: %s%s\n", s->config_path, s->config_ok ? "" : " (has errors)");
	printf("kernel module: %s\n", s->module_loaded ? "loaded; settings as running" :
	       "not loaded; settings as running (-: none)");
	print_setting("dump level:", s->param_dump_level, s->cfg.dump_level >= 0 ? level : NULL);
	print_setting("compression:", s->param_compress, s->cfg.compress[0] ? s->cfg.compress : NULL);
	print_setting("dump timeout (s):", s->param_dump_timeout,
		      s->cfg.dump_timeout >= 0 ? timeout : NULL);
	print_setting("panic_on_oops:", s->panic_on_oops, s->cfg.panic_on_oops ? "yes" : "no");
	print_setting("all CPUs' registers:", s->post_notifiers, NULL);
	printf("memory: %s; a full dump %s", size_text(s->memory, a, sizeof(a)),
	       size_text(s->full_dump, b, sizeof(b)));
	if (s->level > 0 && s->at_level)
		printf(", at level %d about %s as memory is used now", s->level,
		       dd_human_size(s->at_level, c, sizeof(c)));
	printf("\n");
	printf("devices, in dump order:%s\n", s->nr_devices ? "" : " none");
	for (int i = 0; i < s->nr_devices; i++)
		print_device(s, &s->devices[i]);
	printf("savecore: DUMPDIR %s (%s), MINFREE %llu MiB, MAXDUMPS %u%s\n", s->dumpdir,
	       s->dumpdir_exists ? size_text(s->dumpdir_free, a, sizeof(a)) : "missing",
	       s->cfg.minfree_mib, s->cfg.maxdumps, s->cfg.maxdumps ? "" : " (keep all)");
	if (s->dumpdir_exists)
		printf("  saved dumps: %u (%s)%s%s\n", s->saved.count,
		       dd_human_size(s->saved.bytes, b, sizeof(b)),
		       s->saved.newest[0] ? ", newest " : "", s->saved.newest);
	printf("units: diskdump.service %s, diskdump-savecore.service %s\n",
	       or_unknown(s->unit_arm), or_unknown(s->unit_savecore));
	if (!s->nr_problems) {
		printf("status: OK: every configured device is armed and can hold the dump\n");
		return;
	}
	printf("status: %d problem(s):\n", s->nr_problems);
	for (int i = 0; i < s->nr_problems; i++)
		printf("  - %s\n", s->problems[i]);
}

static void json_optional(struct dd_json *j, const char *key, const char *value)
{
	if (value && value[0])
		dd_json_string(j, key, value);
	else
		dd_json_null(j, key);
}

static void json_device(struct dd_json *j, const struct show_device *d)
{
	dd_json_object_begin(j, NULL);
	json_optional(j, "spec", d->spec);
	json_optional(j, "path", d->path);
	dd_json_bool(j, "configured", d->configured);
	dd_json_bool(j, "armed", d->armed);
	json_optional(j, "hook", d->armed ? d->armed_as.hook : NULL);
	json_optional(j, "kind", d->armed ? (d->armed_as.swap ? "swap" : "partition") : NULL);
	json_optional(j, "sealed_for_key", d->armed && d->armed_as.seal_key_id[0] ?
		      d->armed_as.seal_key_id : NULL);
	json_optional(j, "controller", d->pci);
	json_optional(j, "driver", d->driver);
	json_optional(j, "state", d->examined ? show_state_name(d->report.state) : NULL);
	if (d->examined)
		dd_json_int(j, "state_code", d->report.state);
	else
		dd_json_null(j, "state_code");
	json_optional(j, "description", d->examined ? d->report.description : d->error);
	dd_json_uint(j, "capacity_bytes", d->capacity);
	dd_json_string(j, "fits", show_fit_name(d->fit));
	dd_json_object_end(j);
}

static void print_json(const struct show *s)
{
	struct dd_json j;

	dd_json_init(&j, stdout);
	dd_json_object_begin(&j, NULL);
	dd_json_bool(&j, "ok", !s->nr_problems);
	dd_json_array_begin(&j, "problems");
	for (int i = 0; i < s->nr_problems; i++)
		dd_json_string(&j, NULL, s->problems[i]);
	dd_json_array_end(&j);

	dd_json_object_begin(&j, "config");
	dd_json_string(&j, "path", s->config_path);
	dd_json_bool(&j, "valid", s->config_ok);
	dd_json_array_begin(&j, "devices");
	for (int i = 0; i < s->cfg.nr_devices; i++)
		dd_json_string(&j, NULL, s->cfg.devices[i]);
	dd_json_array_end(&j);
	if (s->cfg.dump_level >= 0)
		dd_json_int(&j, "dump_level", s->cfg.dump_level);
	else
		dd_json_null(&j, "dump_level");
	json_optional(&j, "compress", s->cfg.compress);
	if (s->cfg.dump_timeout >= 0)
		dd_json_int(&j, "dump_timeout", s->cfg.dump_timeout);
	else
		dd_json_null(&j, "dump_timeout");
	dd_json_bool(&j, "panic_on_oops", s->cfg.panic_on_oops);
	dd_json_string(&j, "dumpdir", s->dumpdir);
	dd_json_uint(&j, "minfree_mib", s->cfg.minfree_mib);
	dd_json_uint(&j, "maxdumps", s->cfg.maxdumps);
	dd_json_object_end(&j);

	dd_json_object_begin(&j, "kernel");
	dd_json_bool(&j, "module_loaded", s->module_loaded);
	json_optional(&j, "dump_level", s->param_dump_level);
	json_optional(&j, "compress", s->param_compress);
	json_optional(&j, "dump_timeout", s->param_dump_timeout);
	json_optional(&j, "crash_kexec_post_notifiers", s->post_notifiers);
	json_optional(&j, "panic_on_oops", s->panic_on_oops);
	dd_json_uint(&j, "reserved_bytes", s->reserved_bytes);
	dd_json_object_end(&j);

	dd_json_object_begin(&j, "estimate");
	dd_json_uint(&j, "memory_bytes", s->memory);
	dd_json_uint(&j, "full_dump_bytes", s->full_dump);
	dd_json_int(&j, "dump_level", s->level);
	dd_json_uint(&j, "at_level_bytes", s->at_level);
	dd_json_object_end(&j);

	dd_json_array_begin(&j, "devices");
	for (int i = 0; i < s->nr_devices; i++)
		json_device(&j, &s->devices[i]);
	dd_json_array_end(&j);

	dd_json_object_begin(&j, "savecore");
	dd_json_string(&j, "dumpdir", s->dumpdir);
	dd_json_bool(&j, "dumpdir_exists", s->dumpdir_exists);
	dd_json_uint(&j, "free_bytes", s->dumpdir_free);
	dd_json_uint(&j, "minfree_bytes", s->cfg.minfree_mib << 20);
	dd_json_uint(&j, "maxdumps", s->cfg.maxdumps);
	dd_json_uint(&j, "saved_dumps", s->saved.count);
	dd_json_uint(&j, "saved_bytes", s->saved.bytes);
	json_optional(&j, "newest", s->saved.newest);
	dd_json_object_end(&j);

	dd_json_object_begin(&j, "units");
	json_optional(&j, "diskdump.service", s->unit_arm);
	json_optional(&j, "diskdump-savecore.service", s->unit_savecore);
	dd_json_object_end(&j);
	dd_json_object_end(&j);
}

int ctl_show(const char *config_path, bool json)
{
	static struct show s;	/* large: keep it off the stack */

	show_collect(&s, config_path);
	if (json)
		print_json(&s);
	else
		print_text(&s);
	return s.nr_problems ? CTL_SHOW_PROBLEMS : CTL_EXIT_OK;
}
