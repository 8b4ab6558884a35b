/* embedded.h — files built into the binary (service/embed.cmake): the
 * OpenAPI document and the JSON Schemas it references. */
#ifndef MYNAFORM_SERVE_EMBEDDED_H
#define MYNAFORM_SERVE_EMBEDDED_H

#include <stddef.h>

extern const unsigned char serve_openapi_json[];
extern const size_t serve_openapi_json_len;
extern const unsigned char serve_card_data_schema[];
extern const size_t serve_card_data_schema_len;
extern const unsigned char serve_clinic_schema[];
extern const size_t serve_clinic_schema_len;

#endif
