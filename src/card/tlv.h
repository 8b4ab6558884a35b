/*
 * tlv.h — the strict BER-TLV reader of EF 0002 of the 券面事項入力補助AP:
 *
 *   FF 20 L { DF 21 L header, DF 22 L 氏名 (UTF-8), DF 23 L 住所 (UTF-8),
 *             DF 24 L 生年月日 "YYYYMMDD", DF 25 L 性別 ISO 5218 "1"/"2"/"9" }
 *
 * (private-class tags 32 and 33–37: jpki/myna libmyna/text_ap.go TextAttrs).
 * Each element once, in that order, nothing else inside and nothing after;
 * definite lengths of at most two bytes; every length inside its parent.
 * It reads at most the bytes it is given and keeps pointers into them.
 */
#ifndef MF_CARD_TLV_H
#define MF_CARD_TLV_H

#include <stddef.h>
#include <stdint.h>

/* Largest EF 0002 accepted (tag, length and value). */
#define MF_CARD_EF_MAX 4096u
/* Bytes read first to learn the length (FF 20 82 hh ll + 2). */
#define MF_CARD_TLV_HEAD 7u

typedef struct mf_card_four {
  const uint8_t *name, *address, *birth, *sex;
  size_t name_len, address_len, birth_len, sex_len;
} mf_card_four;

/* The whole length of the EF's TLV (tag, length and value) from its first
 * n bytes (n ≥ 2; up to MF_CARD_TLV_HEAD are looked at), or 0 if they are
 * not the start of FF 20 with a definite length up to MF_CARD_EF_MAX. */
size_t mf_card_tlv_total(const uint8_t *head, size_t n);

/* Parses the EF (exactly len bytes).  0 on success, with *out pointing into
 * buf; -1 with a message in err (the element and what is wrong, never a
 * value).  Name and address: non-empty, no NUL byte (UTF-8 is checked by
 * the caller's JSON); birth: 8 ASCII digits; sex: one of "1", "2", "9". */
int mf_card_tlv_parse(const uint8_t *buf, size_t len, mf_card_four *out, char *err,
                      size_t err_size);

#endif /* MF_CARD_TLV_H */
