/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MS_CMD_LEG_GET with NLM_F_DUMP: the legs, or one session's, straight from
 * the leg table (no list rebuilt per request, so a million legs cost a walk
 * and nothing else). Each request gets one reply datagram's worth of legs;
 * the last leg of a part carries MS_ATTR_DUMP_CURSOR, the table position
 * after it, when more remain. With MS_GET_F_KEYS (root or the daemon uid
 * only) each leg carries its master keys.
 */
#include <errno.h>
#include <stdint.h>

#include "dataplane/leg.h"
#include "dataplane/leg_table.h"
#include "internal.h"

/*
 * Room a part keeps for one more leg message: attributes of the largest
 * leg (IPv6 ends with RTCP ports, both SRTP suites, every drop reason)
 * plus the cursor, generation and the closing NLMSG_DONE, rounded up.
 */
#define LEG_MSG_ROOM	1024
/* ... and with its keys: two directions of DP_SRTP_MAX_KEYS keys, rounded up. */
#define LEG_KEYS_ROOM	512

struct filter {
	bool session;
	uint32_t session_id;
};

static struct dp_leg *next_match(const struct dp_leg_table *t, uint32_t *pos,
				 const struct filter *f)
{
	struct dp_leg *leg;

	while ((leg = dp_leg_table_next(t, pos)) && f->session && leg->session_id != f->session_id)
		;
	return leg;
}

int ctl_leg_dump(struct ms_nl_request *r, char *err, size_t errlen)
{
	struct dp_ctl *ctl = r->ctx;
	const struct ms_msg *req = r->m;
	const struct dp_leg_table *t = ctl->conf.legs;
	struct filter f = {
		.session = (req->present & MS_BIT(MS_ATTR_LEG)) &&
			   (req->leg.present & MS_BIT(MS_LEG_A_SESSION_ID)),
		.session_id = req->leg.session_id,
	};
	uint32_t pos = 0;
	struct dp_leg *leg;
	size_t room;
	bool keys;
	int ret = ctl_keys_wanted(r, &keys, err, errlen);

	if (ret)
		return ret;
	room = LEG_MSG_ROOM + (keys ? LEG_KEYS_ROOM : 0);
	if (req->present & MS_BIT(MS_ATTR_DUMP_CURSOR)) {
		if (req->dump_cursor > UINT32_MAX)
			return ctl_err(err, errlen, -EINVAL,
				       "MS_ATTR_DUMP_CURSOR: %llu is no position of this table",
				       (unsigned long long)req->dump_cursor);
		pos = (uint32_t)req->dump_cursor;
	}
	while (!ret && (leg = next_match(t, &pos, &f))) {
		struct ms_msg *m = ctl_leg_msg(ctl, leg, keys);
		bool last = ms_nl_reply_room(r) < 2 * room;
		uint32_t peek = pos;

		m->present |= MS_BIT(MS_ATTR_GENERATION);
		m->generation = dp_leg_table_generation(t);
		if (last && next_match(t, &peek, &f)) {
			m->present |= MS_BIT(MS_ATTR_DUMP_CURSOR);
			m->dump_cursor = pos;
		}
		ret = ms_nl_reply_msg(r, m, NLM_F_MULTI);
		if (last)
			break;
	}
	ms_nl_msg_clear(&ctl->out);
	if (!ret)
		ret = ms_nl_reply_done(r);
	return ret ?: MS_NL_REPLIED;
}
