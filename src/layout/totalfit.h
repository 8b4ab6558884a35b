/*
 * totalfit.h — paragraph-wide line breaking of justified text (Knuth–Plass
 * total fit over the legal breaks, with the JLReq adjustment model of
 * para_model.h).  Internal to paragraph.c.
 */
#ifndef MF_TOTALFIT_H
#define MF_TOTALFIT_H

#include "layout/para_model.h"

/* Bytes of scratch memory mf_tf_break needs for a paragraph of up to n
 * clusters. */
size_t mf_tf_scratch_size(size_t n);

/*
 * Chooses the line ends of the paragraph made of clusters [a, end) of L
 * (end is the index after its line feed, or L->n): the first line has
 * avail1 em, the others avail em.  Writes the ends (each the index after
 * the line's last cluster, the last one == end) to ends[] and returns their
 * count, or 0 if some part of the paragraph cannot be set without breaking
 * inside an unbreakable sequence or past the measure (the caller then
 * breaks it line by line).  scratch holds mf_tf_scratch_size(end - a)
 * bytes, ends end - a entries.
 *
 * The paragraph gets the fewest lines it can have (a form's boxes have a
 * fixed height), and among those the breaks with the least demerits:
 * (10 + badness)² per line, badness 100·r³ where r is the stretch ratio
 * (1 at the limits of para_model.h) or 25·ρ³ for shrinking (JLReq 3.8:
 * 追い込み is preferred), plus 50² for a break inside a URL or mail address
 * and 100² for a last line of one character.  Lines stretched past the
 * limits are used only if no set of breaks avoids them.
 */
size_t mf_tf_break(const mf_lay *L, size_t a, size_t end, double avail1,
                   double avail, void *scratch, size_t *ends);

#endif
