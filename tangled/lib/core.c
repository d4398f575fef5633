#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core.h"

static _Thread_local char last_error[512] = "no error";

nn_status nn_fail(nn_status status, const char *format, ...)
{
    char message[sizeof last_error];
    va_list args;
    va_start(args, format);
    vsnprintf(message, sizeof message, format, args);
    va_end(args);
    memcpy(last_error, message, sizeof last_error);
    return status;
}

const char *nn_error(void)
{
    return last_error;
}
nn_status nn_lookup(const char *family, const char *name, int count,
                    const char *(*name_of)(int i), int *index)
{
    for (int i = 0; name != NULL && i < count; i++)
        if (strcmp(name, name_of(i)) == 0) {
            *index = i;
            return NN_OK;
        }
    char known[256] = "";
    size_t used = 0;
    for (int i = 0; i < count && used < sizeof known; i++)
        used += (size_t)snprintf(known + used, sizeof known - used, "%s%s",
                                 i == 0 ? "" : i == count - 1 ? " and "
                                                              : ", ",
                                 name_of(i));
    return nn_fail(NN_ERR_ARG, "unknown %s \"%s\"; the known ones are %s",
                   family, name != NULL ? name : "(none)", known);
}
