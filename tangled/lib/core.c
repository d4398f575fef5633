#include <stdarg.h>
#include <stdio.h>
#include "core.h"

static _Thread_local char last_error[512] = "no error";

nn_status nn_fail(nn_status status, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vsnprintf(last_error, sizeof last_error, format, args);
    va_end(args);
    return status;
}

const char *nn_error(void)
{
    return last_error;
}
