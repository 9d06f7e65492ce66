// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The core's retry policy (include/diskdump/retry.h): the first retry at
 * once (a unit attention after our own reset), then a back-off from
 * 10 ms doubling to 1 s, within a 30 s budget per request, so that a
 * device answering BUSY or NOT READY for seconds is waited for, where
 * five immediate retries used to be spent within microseconds.
 */
#include <stdio.h>

#include "diskdump/retry.h"
#include "test_check.h"

int main(void)
{
	static const unsigned int want[] = { 0, 10, 20, 40, 80, 160, 320, 640, 1000, 1000 };
	unsigned int i, retries = 0, total = 0;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char name[48];

		snprintf(name, sizeof(name), "retry-delay-%u", i + 1);
		check(name, dd_retry_delay_ms(i + 1) == want[i], "%u ms, want %u",
		      dd_retry_delay_ms(i + 1), want[i]);
	}
	check("retry-delay-capped", dd_retry_delay_ms(1000) == 1000 &&
	      dd_retry_delay_ms(0xffffffffu) == 1000, "%u ms",
	      dd_retry_delay_ms(1000));
	/* A device busy for 3 s after a reset is outlasted within the budget. */
	while (total < 3000 && dd_retry_allowed(retries, total >= DD_RETRY_BUDGET_MS, 0))
		total += dd_retry_delay_ms(++retries);
	check("retry-outlasts-3s-busy", total >= 3000 && retries < DD_RETRY_MAX_TRIES,
	      "%u retries, %u ms", retries, total);
	/* Five immediate retries (the old policy) would not have. */
	check("retry-not-all-at-once", dd_retry_delay_ms(2) + dd_retry_delay_ms(3) +
	      dd_retry_delay_ms(4) + dd_retry_delay_ms(5) > 0, "no back-off");
	check("retry-budget-ends-it", !dd_retry_allowed(3, 1, 0), "retried past the budget");
	check("retry-count-ends-it", !dd_retry_allowed(DD_RETRY_MAX_TRIES, 0, 0) &&
	      dd_retry_allowed(DD_RETRY_MAX_TRIES - 1, 0, 0), "count bound wrong");
	/*
	 * An aborted command: a few tries, spent within about a second and a
	 * half (a link blip), not the 30 s a failing write used to take.
	 */
	for (retries = 0, total = 0; dd_retry_allowed(retries, 0, 1);)
		total += dd_retry_delay_ms(++retries);
	check("retry-aborted-few", retries == DD_RETRY_FEW_TRIES && retries < DD_RETRY_MAX_TRIES &&
	      total >= 1000 && total < 2000, "%u retries in %u ms", retries, total);
	return test_exit_status();
}
