/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * diskdump-ship: send every dump savecore saved in DUMPDIR, and has not
 * been shipped to SHIP_TO yet, to the collector; or say what is waiting.
 * A dump is only shipped once savecore has given its directory its final
 * name, and nothing local is ever removed.
 */
#ifndef SHIP_SHIP_H
#define SHIP_SHIP_H

#include <stdio.h>

#include "ddconfig.h"
#include "job.h"

struct shipper {
	const struct dd_config		*cfg;
	struct ship_target		t;
	const struct ship_transport	*tr;
	char				host[256];
};

/* Check the settings; 0, or -1 with the reason in err. */
int shipper_init(struct shipper *s, const struct dd_config *cfg, char *err, size_t errlen);

/*
 * Ship what is waiting, oldest dump first; a dump that fails is reported
 * (its cause in the journal) and the others are still tried.  Returns how
 * many dumps are still waiting, or -1 when DUMPDIR cannot be read.
 */
int ship_all(struct shipper *s);

/* What every saved dump's state is, and how many are waiting; -1 on error. */
int ship_status(struct shipper *s, FILE *out);

/* Seconds to wait after the attempt-th failed attempt (1, 2, ...): doubled, capped. */
unsigned int ship_backoff(const struct dd_ship_config *c, unsigned int attempt);

#endif
