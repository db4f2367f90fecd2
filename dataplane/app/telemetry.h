/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK telemetry commands (/mediasec/ports, /mediasec/legs, /mediasec/info,
 * for dpdk-telemetry.py) and packet capture for dpdk-dumpcap (rte_pdump).
 */
#ifndef MEDIASEC_DATAPLANE_APP_TELEMETRY_H
#define MEDIASEC_DATAPLANE_APP_TELEMETRY_H

struct dp_app;

/* After the ports and the leg table exist. 0, or -errno after logging why. */
int dp_telemetry_init(struct dp_app *app);
void dp_telemetry_uninit(void);

#endif /* MEDIASEC_DATAPLANE_APP_TELEMETRY_H */
