// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The NVMe hook's plan for disabling a controller found in any state
 * (kernel/drivers/nvme/disable.h): which register writes and waits each
 * (CC.EN, CSTS.RDY, CSTS.CFS) leads to, and which drives get the delay
 * before CSTS is read.  QEMU's NVMe sets RDY at once and needs no delay,
 * so only here are these decisions seen.
 */
#include <stdbool.h>
#include <stdio.h>

#include "disable.h"
#include "test_check.h"

static const char *show(struct dd_nvme_disable_plan p)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "wait RDY=1 first %d, clear EN %d, delay %u ms, wait RDY=0 %d",
		 p.wait_ready_first, p.clear_en, p.delay_ms, p.wait_not_ready);
	return buf;
}

static void test_states(void)
{
	struct dd_nvme_disable_plan p;

	/* Running (EN 1, RDY 1): clear EN, wait for RDY 0. */
	p = dd_nvme_plan_disable(0x00460001, 0x1, false);
	check("nvme-disable-running", !p.wait_ready_first && p.clear_en &&
	      !p.delay_ms && p.wait_not_ready, "%s", show(p));
	/* The driver's enable pending (EN 1, RDY 0): let it finish first. */
	p = dd_nvme_plan_disable(0x00460001, 0x0, false);
	check("nvme-disable-enable-pending-waits-ready", p.wait_ready_first &&
	      p.clear_en && p.wait_not_ready, "%s", show(p));
	/* Fatal status: nothing will finish; disable at once. */
	p = dd_nvme_plan_disable(0x00460001, 0x2, false);
	check("nvme-disable-fatal-no-wait", !p.wait_ready_first && p.clear_en,
	      "%s", show(p));
	/* The driver's disable pending (EN 0, RDY 1): only wait for RDY 0. */
	p = dd_nvme_plan_disable(0x00460000, 0x1, false);
	check("nvme-disable-disable-pending", !p.wait_ready_first && !p.clear_en &&
	      !p.delay_ms && p.wait_not_ready, "%s", show(p));
	/* Disabled already: no write, RDY 0 confirmed. */
	p = dd_nvme_plan_disable(0x0, 0x0, true);
	check("nvme-disable-idle-no-write", !p.clear_en && !p.delay_ms &&
	      p.wait_not_ready, "%s", show(p));
	/* A quirky drive: the delay after EN is cleared, before CSTS. */
	p = dd_nvme_plan_disable(0x00460001, 0x1, true);
	check("nvme-disable-quirk-delay", p.clear_en && p.delay_ms == 2300,
	      "%s", show(p));
}

static void test_quirk_ids(void)
{
	check("nvme-quirk-pm1725a", dd_nvme_delay_before_chk_rdy(0x144d, 0xa822),
	      "Samsung PM1725a without the delay");
	check("nvme-quirk-sn200", dd_nvme_delay_before_chk_rdy(0x1c58, 0x0023),
	      "WDC SN200 without the delay");
	check("nvme-quirk-maxio", dd_nvme_delay_before_chk_rdy(0x1e4b, 0x1602),
	      "MAXIO MAP1602 without the delay");
	check("nvme-no-quirk-qemu", !dd_nvme_delay_before_chk_rdy(0x1b36, 0x0010),
	      "QEMU's NVMe given the delay");
	check("nvme-no-quirk-other-samsung", !dd_nvme_delay_before_chk_rdy(0x144d, 0xa80a),
	      "Samsung 980 Pro given the delay");
}

int main(void)
{
	test_states();
	test_quirk_ids();
	return test_exit_status();
}
