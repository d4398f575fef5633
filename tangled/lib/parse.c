/* lib/parse.c */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include "parse.h"

nn_status parse_long(const char *text, long min, long max, long *value)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || isspace((unsigned char)text[0]))
        return nn_fail(NN_ERR_ARG, "'%s' is not a whole number", text);
    if (errno == ERANGE || v < min || v > max)
        return nn_fail(NN_ERR_ARG, "'%s' is out of range (%ld to %ld)",
                       text, min, max);
    *value = v;
    return NN_OK;
}
nn_status parse_double(const char *text, double min, double max,
                       double *value)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || isspace((unsigned char)text[0]))
        return nn_fail(NN_ERR_ARG, "'%s' is not a number", text);
    if (errno == ERANGE || !(v >= min && v <= max))
        return nn_fail(NN_ERR_ARG, "'%s' is out of range (%g to %g)",
                       text, min, max);
    *value = v;
    return NN_OK;
}
nn_status parse_sizes(const char *text, int max_count, int *sizes,
                      int *count)
{
    const char *p = text;
    int n = 0;
    for (;;) {
        if (!isdigit((unsigned char)*p)) {
            bool missing = *p == ',' || *p == '\0';
            return nn_fail(NN_ERR_ARG, "'%s': size %d is %s", text, n + 1,
                           missing ? "missing" : "not a positive number");
        }
        if (n == max_count)
            return nn_fail(NN_ERR_ARG, "'%s': more than %d sizes", text,
                           max_count);
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (errno == ERANGE || v < 1 || v > INT_MAX)
            return nn_fail(NN_ERR_ARG, "'%s': size %d must be from 1 to %d",
                           text, n + 1, INT_MAX);
        sizes[n++] = (int)v;
        if (*end == '\0')
            break;
        if (*end != ',')
            return nn_fail(NN_ERR_ARG, "'%s': size %d is not a positive "
                           "number", text, n);
        p = end + 1;
    }
    *count = n;
    return NN_OK;
}
