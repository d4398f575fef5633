/* lib/parse.h: numbers and lists of sizes from text, with every check. */
#ifndef NN_PARSE_H
#define NN_PARSE_H
#include "core.h"

/* The whole of text as a decimal integer in min..max, or fails. */
nn_status parse_long(const char *text, long min, long max, long *value);
/* The whole of text as a number in [min, max] (never NaN), or fails. */
nn_status parse_double(const char *text, double min, double max,
                       double *value);
/* A comma-separated list of at most max_count positive sizes. */
nn_status parse_sizes(const char *text, int max_count, int *sizes,
                      int *count);
#endif
