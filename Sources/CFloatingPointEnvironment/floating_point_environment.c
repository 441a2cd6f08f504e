#include "floating_point_environment.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>

// MXCSR bit 15 flushes subnormal results to zero, bit 6 reads subnormal operands as zero.
static const unsigned int flushBits = 0x8040;

bool slope_can_flush_subnormals(void) { return true; }

bool slope_flushes_subnormals(void) { return (_mm_getcsr() & flushBits) == flushBits; }

bool slope_set_flushing_subnormals(bool flushing) {
    unsigned int control = _mm_getcsr();
    _mm_setcsr(flushing ? (control | flushBits) : (control & ~flushBits));
    return true;
}

#elif defined(__aarch64__)
#include <stdint.h>

// FPCR bit 24 (FZ) flushes subnormal operands and results to zero.
static const uint64_t flushBit = (uint64_t)1 << 24;

static uint64_t readControl(void) {
    uint64_t control;
    __asm__ volatile("mrs %0, fpcr" : "=r"(control));
    return control;
}

bool slope_can_flush_subnormals(void) { return true; }

bool slope_flushes_subnormals(void) { return (readControl() & flushBit) != 0; }

bool slope_set_flushing_subnormals(bool flushing) {
    uint64_t control = flushing ? (readControl() | flushBit) : (readControl() & ~flushBit);
    __asm__ volatile("msr fpcr, %0" : : "r"(control));
    return true;
}

#else

bool slope_can_flush_subnormals(void) { return false; }

bool slope_flushes_subnormals(void) { return false; }

bool slope_set_flushing_subnormals(bool flushing) { (void)flushing; return false; }

#endif
