#ifndef NN_TAP_H
#define NN_TAP_H
#include <stdbool.h>

void tap_ok(bool ok, const char *name_format, ...);
void tap_near(double got, double want, double tolerance,
              const char *name_format, ...);
void tap_diag(const char *format, ...);
int tap_done(void);
#endif
