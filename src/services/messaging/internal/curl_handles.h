// Owners of libcurl's handles, shared by the e-mail and SMS senders.
#ifndef VAFA_SERVICES_MESSAGING_INTERNAL_CURL_HANDLES_H_
#define VAFA_SERVICES_MESSAGING_INTERNAL_CURL_HANDLES_H_

#include <curl/curl.h>

namespace vafa::services::messaging {

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_INTERNAL_CURL_HANDLES_H_
