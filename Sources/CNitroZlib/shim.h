// The system zlib, for its CRC-32 (about twice the speed of a portable slicing-by-8 loop).
#include <zlib.h>
