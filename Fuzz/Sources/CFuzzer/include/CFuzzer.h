#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that keep their own main (SwiftPM gives every executable one).
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));
