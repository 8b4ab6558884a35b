/* mynaform_export.h — MYNA_EXPORT marks the functions of the public API.
 * The library is built with hidden visibility; only these are exported. */
#ifndef MYNAFORM_EXPORT_H
#define MYNAFORM_EXPORT_H
#if defined(_WIN32)
#define MYNA_EXPORT
#elif defined(__GNUC__) || defined(__clang__)
#define MYNA_EXPORT __attribute__((visibility("default")))
#else
#define MYNA_EXPORT
#endif
#endif
