/* SPDX-License-Identifier: BSD-3-Clause */
/* The MS_CMD_CERT_* handlers (cmd.c's table), on top of certs.c. */
#ifndef MEDIASEC_MEDIASECD_CMD_CERT_H
#define MEDIASEC_MEDIASECD_CMD_CERT_H

#include <stddef.h>

struct ms_nl_request;

int cp_cmd_cert_show(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_generate(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_csr(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_import(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_trust_add(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_trust_del(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_trust_list(struct ms_nl_request *r, char *err, size_t errlen);
int cp_cmd_cert_check(struct ms_nl_request *r, char *err, size_t errlen);

#endif /* MEDIASEC_MEDIASECD_CMD_CERT_H */
