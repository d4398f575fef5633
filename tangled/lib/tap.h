#ifndef NN_TAP_H
#define NN_TAP_H
#include <stdbool.h>

/* Prints the next TAP test line, "ok" or "not ok", with its name. */
void tap_ok(bool ok, const char *name_format, ...);
/* tap_ok of |got - want| <= tolerance, with both numbers on failure. */
void tap_near(double got, double want, double tolerance,
              const char *name_format, ...);
/* Prints a TAP comment line ("# ..."). */
void tap_diag(const char *format, ...);
/* Prints the plan line; returns main's exit status: 0 if all passed. */
int tap_done(void);
#endif
