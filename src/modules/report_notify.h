/* report_notify.h — e-mails about reports, through the outbox. The functions
 * are declared in report_model.h (report_notify_routed, report_notify_reporter). */
#ifndef QUARTIER_REPORT_NOTIFY_H
#define QUARTIER_REPORT_NOTIFY_H

#include "http/request.h"

#endif
