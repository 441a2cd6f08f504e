// The module is its header's declarations (of the C library's own functions); this file only
// gives the target a source.
#include "pure_math.h"
