/* embedded.h — files built into the binary (service/embed.cmake): the
 * OpenAPI document, the JSON Schemas it references, and the staff page
 * (web/: index.html, app.css, app.js). */
#ifndef MYNAFORM_SERVE_EMBEDDED_H
#define MYNAFORM_SERVE_EMBEDDED_H

#include <stddef.h>

extern const unsigned char serve_openapi_json[];
extern const size_t serve_openapi_json_len;
extern const unsigned char serve_card_data_schema[];
extern const size_t serve_card_data_schema_len;
extern const unsigned char serve_clinic_schema[];
extern const size_t serve_clinic_schema_len;
extern const unsigned char serve_page_html[];
extern const size_t serve_page_html_len;
extern const unsigned char serve_page_css[];
extern const size_t serve_page_css_len;
extern const unsigned char serve_page_js[];
extern const size_t serve_page_js_len;

#endif
