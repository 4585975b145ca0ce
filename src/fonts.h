/* Fonts come only from the product's fonts/ folder, through a private fontconfig configuration,
 * so that output never depends on what the machine has installed. */
#ifndef KR_FONTS_H
#define KR_FONTS_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the product's data directory (holding fonts/ and layouts/): $KADERRAPPORT_DATA, the
 * executable's own directory (a source checkout), or PREFIX/share/kaderrapport next to the
 * installed binary. Returns a static string, or NULL when none has a fonts/ folder. */
const char *kr_data_dir(void);

/* Makes a fontconfig configuration holding only the fonts under `fonts_dir` and installs it as
 * the default font map for Pango/cairo. Idempotent: later calls are cheap (they only make the
 * font map the default of the calling thread, as Pango keeps defaults per thread), so a batch
 * worker pays for it once. Returns false when the folder has no usable font. */
bool kr_fonts_init(const char *fonts_dir);

/* The per-user cache folder `sub` (made, mode 0700): $XDG_CACHE_HOME/kaderrapport/sub or
 * ~/.cache/kaderrapport/sub, else /tmp/kaderrapport-UID/sub. Returns false when none is writable. */
bool kr_cache_dir(const char *sub, char *out, size_t size);

/* Releases the font map (for leak checkers at exit). */
void kr_fonts_shutdown(void);

#endif
