#ifndef SLOPE_FLOATING_POINT_ENVIRONMENT_H
#define SLOPE_FLOATING_POINT_ENVIRONMENT_H

#include <stdbool.h>

/// Whether this target has a mode that flushes subnormal numbers to zero (x86-64: the SSE control
/// register's flush-to-zero and denormals-are-zero bits; AArch64: the FPCR's flush-to-zero bit).
bool slope_can_flush_subnormals(void);

/// Whether the calling thread's floating-point arithmetic treats subnormal operands and results as
/// zero (false where the target has no such mode).
bool slope_flushes_subnormals(void);

/// Turns that mode on or off for the calling thread; returns false, changing nothing, where the
/// target has no such mode.
bool slope_set_flushing_subnormals(bool flushing);

#endif
