/* SPDX-License-Identifier: BSD-3-Clause */
/* The MS_CMD_CERT_* handlers (cmd.c's table), on top of certs.c. */
#ifndef MEDIASEC_MEDIASECD_CMD_CERT_H
#define MEDIASEC_MEDIASECD_CMD_CERT_H

#include <stddef.h>

struct cp_request;

int cp_cmd_cert_show(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_generate(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_csr(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_import(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_trust_add(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_trust_del(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_trust_list(struct cp_request *r, char *err, size_t errlen);
int cp_cmd_cert_check(struct cp_request *r, char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_CMD_CERT_H */
