/* SPDX-License-Identifier: BSD-3-Clause */
/* Names of the engine's per-packet verdicts, for counters and logs. */
#include "srtp.h"

const char *dp_srtp_verdict_name(enum dp_srtp_verdict v)
{
	static const char *const names[__DP_SRTP_VERDICT_MAX] = {
		[DP_SRTP_OK] = "ok",
		[DP_SRTP_AUTH_FAIL] = "auth-failure",
		[DP_SRTP_REPLAY_DUP] = "replay-duplicate",
		[DP_SRTP_REPLAY_OLD] = "replay-old",
		[DP_SRTP_BAD_HEADER] = "bad-header",
		[DP_SRTP_TOO_SHORT] = "too-short",
		[DP_SRTP_NO_ROOM] = "no-room",
		[DP_SRTP_KEY_EXHAUSTED] = "key-exhausted",
		[DP_SRTP_UNKNOWN_MKI] = "unknown-mki",
		[DP_SRTP_NO_STREAM] = "no-stream",
	};

	if ((unsigned int)v >= __DP_SRTP_VERDICT_MAX)
		return "invalid";
	return names[v];
}
