/* The Landelijk Kader Studentenwelzijn codelist (4 action lines, 15 subthemes) and the other
 * fixed vocabularies of the report: funding sources, monitoring levels, activity status. */
#ifndef KR_KADER_H
#define KR_KADER_H

#include <stdbool.h>

#define KADER_ACTIONLINES 4
#define KADER_SUBTHEMES 15
/* Allocation targets are the 15 subthemes plus one "outside the framework" bucket. */
#define KADER_UNALLOCATED KADER_SUBTHEMES
#define KADER_TARGETS (KADER_SUBTHEMES + 1)

typedef struct kader_actionline {
    const char *code;     /* "1" .. "4" */
    const char *title_nl; /* official title */
    const char *short_nl;
    const char *short_en;
    int first_subtheme, subtheme_count; /* index range into kader_subthemes */
} kader_actionline;

typedef struct kader_subtheme {
    const char *code; /* "1.1" .. "4.2" */
    int actionline;   /* 0-based index of its action line */
    const char *title_nl;
    const char *short_nl;
    const char *short_en;
} kader_subtheme;

extern const kader_actionline kader_actionlines[KADER_ACTIONLINES];
extern const kader_subtheme kader_subthemes[KADER_SUBTHEMES];

/* Index 0..14 of a subtheme code ("2.6", also "2,6" or " 2.6 "), or -1. */
int kader_subtheme_index(const char *code);
/* Index 0..3 of an action line code ("1".."4"), or -1. */
int kader_actionline_index(const char *code);
/* True for the words that mean "outside the framework": "niet toe te wijzen", "buiten kader",
 * "n.v.t.", "-", "x", "unallocated", "outside". */
bool kader_is_unallocated_word(const char *text);

/* Funding sources (Q20/Q21 of the questionnaire). */
typedef enum {
    SOURCE_KADER,       /* bestuursakkoord / kadermiddelen studentenwelzijn */
    SOURCE_NPO,
    SOURCE_KWALITEIT,   /* kwaliteitsafspraken / kwaliteitsmiddelen */
    SOURCE_VERNIEUWING, /* vernieuwingsmiddelen */
    SOURCE_LUMPSUM,
    SOURCE_OTHER,       /* subsidies and anything else */
    SOURCE_COUNT
} funding_source;

typedef struct vocab_entry {
    const char *code;
    const char *label_nl;
    const char *label_en;
    const char *aliases; /* '|'-separated lowercase words without accents */
} vocab_entry;

extern const vocab_entry kader_sources[SOURCE_COUNT];

typedef enum {
    MON_NONE,
    MON_OUTPUT_QUANT,
    MON_OUTPUT_QUAL,
    MON_OUTCOME_QUANT,
    MON_OUTCOME_QUAL,
    MON_NATIONAL, /* Landelijke Monitor Mentale Gezondheid en Middelengebruik */
    MON_COUNT
} monitoring_level;
extern const vocab_entry kader_monitoring[MON_COUNT];

typedef enum { STATUS_PLANNED, STATUS_RUNNING, STATUS_DONE, STATUS_STOPPED, STATUS_INACTIVE, STATUS_COUNT } activity_status;
extern const vocab_entry kader_statuses[STATUS_COUNT];

/* Looks `text` up in a vocabulary by code, label or alias, ignoring case, accents and
 * punctuation. Returns the index or -1. */
int vocab_lookup(const vocab_entry *vocab, int count, const char *text);

/* Writes a comparison key: lowercase ASCII letters and digits only, accents folded (é -> e),
 * everything else dropped. Returns out. */
char *text_fold(const char *text, char *out, unsigned long size);

#endif
