/* reports_demo.h — demo data of GUSP reports: categories and routing
 * (demo/reports.sql), realistic reports, walks; --scale adds many more. */
#ifndef QUARTIER_REPORTS_DEMO_H
#define QUARTIER_REPORTS_DEMO_H

/* Loads the reports' demo data inside the demo's transaction. 0 or -1. */
int reports_demo_load(int scale);

#endif
