/* bcryptprimitives.dll for Wine 8, which has none: Rust's std (1.78 and later) takes its random
 * numbers from ProcessPrng there. This one function forwards to RtlGenRandom
 * (advapi32 SystemFunction036), which Wine has. Tests only: it is placed beside the .exe that
 * the tests build, never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
