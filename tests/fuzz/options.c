/* tests/fuzz/options.c: the nn program's command-line parser
   (parse_command_line in chapter 12), its readers of train's settings
   and the library's number parsers (parse_long, parse_double,
   parse_sizes) on any arguments. The input is split at its NUL bytes
   into arguments; the first byte picks the command. nn.c is included
   with its main renamed and exit() turned into a jump back here, since
   a usage error or --help ends the program. Checks no crash,
   out-of-bounds access, undefined behaviour or leak, and that the
   numbers the parsers accept lie in the range asked for. */
#define _POSIX_C_SOURCE 200809L
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static jmp_buf fuzz_exited;
_Noreturn static void fuzz_exit(int status)
{
    longjmp(fuzz_exited, status + 1);
}
#define exit fuzz_exit
#define main nn_main
#include "../../build/src/programs/nn.c"
#undef main
#undef exit

enum { MAX_FUZZ_ARGS = 64 };

static void numbers(const char *text)
{
    long l;
    double d;
    int sizes[8], count;
    if (parse_long(text, -5, 1000, &l) == NN_OK && (l < -5 || l > 1000))
        abort();
    if (parse_double(text, -1, 10, &d) == NN_OK
        && (isnan(d) || d < -1 || d > 10))
        abort();
    if (parse_sizes(text, 8, sizes, &count) == NN_OK) {
        if (count < 1 || count > 8)
            abort();
        for (int i = 0; i < count; i++)
            if (sizes[i] < 1)
                abort();
    }
}

/* Usage errors and --help write to stdout and stderr: run with
   -close_fd_mask=3 (as make fuzz and tests/fuzz.t do) to keep quiet. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    set_train_defaults();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    char *args[MAX_FUZZ_ARGS];
    int argc = 0;
    for (char *p = text; p < text + size && argc < MAX_FUZZ_ARGS;
         p += strlen(p) + 1)
        args[argc++] = p;
    if (argc == 1 && args[0][0] == '\0')
        argc = 0;
    for (int i = 0; i < argc; i++)
        numbers(args[i]);
    const Command *c = &commands[data[0] % COUNT(commands)];
    static Options o;   /* static: the jump back may clobber locals */
    static TrainSettings s;
    if (setjmp(fuzz_exited) == 0) {
        parse_command_line(c, argc, args, &o);
        if (c->run == run_train)
            read_train_settings(&o, &s);
    }
    free(text);
    return 0;
}
