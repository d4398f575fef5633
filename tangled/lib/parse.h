/* lib/parse.h: numbers and lists of sizes from text, with every check. */
#ifndef NN_PARSE_H
#define NN_PARSE_H
#include "core.h"

nn_status parse_long(const char *text, long min, long max, long *value);
nn_status parse_double(const char *text, double min, double max,
                       double *value);
nn_status parse_sizes(const char *text, int max_count, int *sizes,
                      int *count);
#endif
