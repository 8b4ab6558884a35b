/* status.c — text of the status codes (from status.def). */
#include "core/core.h"

const char *myna_status_str(myna_status status) {
  switch (status) {
#define MF_STATUS(name, text) \
  case name:                  \
    return text;
#include "core/status.def"
#undef MF_STATUS
  }
  return "unknown status";
}
