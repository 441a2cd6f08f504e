// The module is its header's inline function; this file only gives the target a source.
#include "contraction.h"
