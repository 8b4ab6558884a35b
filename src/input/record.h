/*
 * record.h — card data (JSON) → validated record.
 *
 * The record is what the layout layer sees of a patient: a flat set of named
 * text values and ticked checkboxes.  Templates bind their fields to these
 * keys (see templates/README.md), so the layout never looks at JSON.
 *
 * Text keys (absent = left blank for handwriting):
 *   name, kana, address, insurer_name, employer, phone,
 *   birth.era ("昭和"), birth.year ("元" or "58"), birth.month, birth.day,
 *   birth.text ("58年4月1日", the date after the ticked era box),
 *   filing_date ("令和8年11月22日"), filing.era, filing.year, filing.month,
 *   filing.day, filing.era_year ("令和8", before the form's 年), clinic.name,
 *   clinic.address, clinic.phone
 * Check keys (ticked or not):
 *   insured, insurance.shaho, insurance.kokuho, insurance.kouki,
 *   insurance.other, insurance.unknown, issued.recent, issued.earlier,
 *   copay.3, copay.2, copay.1, copay.unknown,
 *   era.meiji, era.taisho, era.showa, era.heisei, era.reiwa,
 *   sex.male, sex.female, pinless
 */
#ifndef MF_RECORD_H
#define MF_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/core.h"

typedef struct mf_record mf_record;

/* Flags for mf_record_parse. */
enum {
  MF_RECORD_ALLOW_UNKNOWN = 1u << 0 /* unknown members warn instead of fail */
};

/*
 * Parses and validates card data.  json may be NULL or empty (len 0): an
 * empty record (blank form).  On failure returns the status, sets ctx's
 * message ("$.birth_date: …") and leaves *out NULL.  Caller frees *out with
 * mf_record_free().
 */
myna_status mf_record_parse(myna_ctx *ctx, const char *json, size_t len,
                            unsigned flags, mf_record **out);

/* Merges a clinic imprint object ({"name","address","phone"}) given apart
 * from the patient data; its members replace the record's clinic.*. */
myna_status mf_record_set_clinic(myna_ctx *ctx, mf_record *rec,
                                 const char *json, size_t len);

/* mf_record_set_clinic with MF_RECORD_* flags (MF_RECORD_ALLOW_UNKNOWN).
 * Paths in its messages start with "$clinic" ("$clinic.phone: …").  Every
 * clinic.* key is replaced, so an imprint is never a mix of two sources;
 * NULL or empty json changes nothing. */
myna_status mf_record_set_clinic_ex(myna_ctx *ctx, mf_record *rec,
                                    const char *json, size_t len,
                                    unsigned flags);

/* Whether key is one of the text keys / check keys listed above (lets the
 * template loader refuse a binding to a key that does not exist). */
bool mf_record_is_text_key(const char *key);
bool mf_record_is_check_key(const char *key);
/* The i-th text key / check key in the order listed above, NULL past the
 * end (for dumps and tests).  Static storage. */
const char *mf_record_text_key(size_t i);
const char *mf_record_check_key(size_t i);

/* An empty record (every field blank). */
mf_record *mf_record_new(void);
void mf_record_free(mf_record *rec);

/* Text of key, or NULL if absent.  Owned by rec. */
const char *mf_record_text(const mf_record *rec, const char *key);
/* Whether the checkbox key is ticked. */
bool mf_record_check(const mf_record *rec, const char *key);

/* Sets a text value / a check (used by the parser and by tests). */
bool mf_record_set_text(mf_record *rec, const char *key, const char *value,
                        size_t len);
bool mf_record_set_check(mf_record *rec, const char *key, bool on);

#endif /* MF_RECORD_H */
