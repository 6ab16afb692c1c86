// The canonical words of an interaction's type and direction. The
// interactions import stores these codes, whatever language the file was
// written in, so that every reader (churn's complaints, the tickets'
// complaint history, the customer page) asks for one word, and the web UI
// shows each code in the reader's language (web/src/i18n, "code.*"). The
// Persian words the dictionaries give for the codes are accepted on import:
// «شکایت» is stored as "complaint", «تماس» as "call", «ورودی» as "inbound".
// A type that is not one of the codes is kept as written (normalized for
// search): a business's own kinds of interaction are its own.
// Pure; thread-safe.
#ifndef VAFA_IMPORT_INTERACTION_VOCABULARY_H_
#define VAFA_IMPORT_INTERACTION_VOCABULARY_H_

#include <string>
#include <string_view>

namespace vafa::import {

// The code of an interaction type already normalized for search
// (NormalizeForSearch): "complaint" for «شکایت», and so on; any other type
// unchanged.
std::string CanonicalInteractionType(std::string_view normalized);

// "inbound" or "outbound" for a direction normalized for search ("in",
// «ورودی», "out", «خروجی» and the codes themselves); "" for an empty
// direction; the text unchanged for anything else (which the import refuses).
std::string CanonicalInteractionDirection(std::string_view normalized);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_INTERACTION_VOCABULARY_H_
