#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include "tap.h"

static int tests_run, tests_failed;

static void report(bool ok, const char *name_format, va_list args)
{
    tests_run++;
    if (!ok)
        tests_failed++;
    printf("%s %d - ", ok ? "ok" : "not ok", tests_run);
    vprintf(name_format, args);
    putchar('\n');
}

void tap_ok(bool ok, const char *name_format, ...)
{
    va_list args;
    va_start(args, name_format);
    report(ok, name_format, args);
    va_end(args);
}
void tap_near(double got, double want, double tolerance,
              const char *name_format, ...)
{
    bool ok = fabs(got - want) <= tolerance;
    va_list args;
    va_start(args, name_format);
    report(ok, name_format, args);
    va_end(args);
    if (!ok)
        printf("#   got %.9g, want %.9g (tolerance %.3g)\n", got, want,
               tolerance);
}

void tap_diag(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fputs("# ", stdout);
    vprintf(format, args);
    putchar('\n');
    va_end(args);
}
int tap_done(void)
{
    printf("1..%d\n", tests_run);
    if (tests_failed > 0)
        printf("# %d of %d tests failed\n", tests_failed, tests_run);
    fflush(stdout);
    return tests_failed > 0 ? 1 : 0;
}
