/* SPDX-License-Identifier: BSD-3-Clause */
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>

#include "auth.h"
#include "config.h"

#define GROUPS_MAX 256

static bool has_uid(const struct cp_role_map *m, uid_t uid)
{
	for (unsigned int i = 0; i < m->nuids; i++)
		if (m->uids[i] == uid)
			return true;
	return false;
}

static bool has_gid(const struct cp_role_map *m, const gid_t *gids, int ngids)
{
	for (unsigned int i = 0; i < m->ngids; i++)
		for (int j = 0; j < ngids; j++)
			if (m->gids[i] == gids[j])
				return true;
	return false;
}

/*
 * The sender's groups: the gid the kernel reported, plus the supplementary
 * groups the user database gives the uid (the credentials carry only one
 * gid). A user removed from a group loses the role at its next request.
 */
static int sender_groups(uid_t uid, gid_t gid, gid_t *gids)
{
	struct passwd *pw = getpwuid(uid);
	int n = GROUPS_MAX;

	if (!pw || getgrouplist(pw->pw_name, gid, gids, &n) < 0) {
		gids[0] = gid;
		return 1;
	}
	return n;
}

int cp_auth_role(const struct cp_config *cfg, uid_t uid, gid_t gid)
{
	gid_t gids[GROUPS_MAX];
	int ngids;

	if (uid == 0)
		return MS_ROLE_ADMIN;
	ngids = sender_groups(uid, gid, gids);
	for (int role = MS_ROLE_ADMIN; role > MS_ROLE_NONE; role--)
		if (has_uid(&cfg->roles[role], uid) || has_gid(&cfg->roles[role], gids, ngids))
			return role;
	return MS_ROLE_NONE;
}
