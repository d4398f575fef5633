/* Checkpoint 0: the compiler and machine are the ones this book assumes. */
#include <float.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct assumption { int holds; const char *says; };

int main(void)
{
    const uint32_t one = 1;
    unsigned char first_byte;
    memcpy(&first_byte, &one, 1);
    const struct assumption checks[] = {
        { CHAR_BIT == 8, "a byte has 8 bits" },
        { sizeof(float) == 4 && FLT_MANT_DIG == 24 && FLT_RADIX == 2,
          "float is IEEE 754 binary32 (24-bit significand)" },
        { sizeof(double) == 8 && DBL_MANT_DIG == 53,
          "double is IEEE 754 binary64 (53-bit significand)" },
        { sizeof(int) >= 4, "int has at least 32 bits" },
        { (-1 & 3) == 3, "signed integers are two's complement" },
    };
    const int n = (int)(sizeof checks / sizeof checks[0]);
    int failed = 0;
    printf("1..%d\n", n);
    for (int i = 0; i < n; i++) {
        printf("%s %d - %s\n", checks[i].holds ? "ok" : "not ok", i + 1,
               checks[i].says);
        failed += !checks[i].holds;
    }
    printf("# byte order: %s-endian\n", first_byte == 1 ? "little" : "big");
    return failed ? 1 : 0;
}
