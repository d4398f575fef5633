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
    char known[256];
    return nn_fail(NN_ERR_ARG, "unknown %s \"%s\"; the known ones are %s",
                   family, name != NULL ? name : "(none)",
                   nn_name_list(known, sizeof known, " and ", count,
                                name_of));
}

char *nn_name_list(char *list, size_t size, const char *last, int count,
                   const char *(*name_of)(int i))
{
    size_t used = 0;
    if (size > 0)
        list[0] = '\0';
    for (int i = 0; i < count && used < size; i++)
        used += (size_t)snprintf(list + used, size - used, "%s%s",
                                 i == 0 ? "" : i == count - 1 ? last : ", ",
                                 name_of(i));
    return list;
}
