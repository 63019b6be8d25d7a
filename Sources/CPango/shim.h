#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

// Macros Swift cannot import.
static inline int socr_pango_scale(void) { return PANGO_SCALE; }
