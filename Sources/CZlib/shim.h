#include <zlib.h>

/* deflateInit and inflateInit are macros; Swift calls these instead. */
static inline int czlib_deflate_init(z_streamp stream, int level) { return deflateInit(stream, level); }
static inline int czlib_inflate_init(z_streamp stream) { return inflateInit(stream); }
