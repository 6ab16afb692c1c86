#include "analytics/duplicates/planted_duplicates.h"

#include <random>

#include "core/national_id.h"
#include "core/persian_text.h"

namespace vafa::analytics::duplicates {
namespace {

struct Name {
  const char* persian;
  std::vector<const char*> latin;  // common transliterations
};

const std::vector<Name>& FirstNames() {
  static const std::vector<Name> names = {
      {"علی", {"Ali"}},
      {"محمد", {"Mohammad", "Mohamad", "Muhammad"}},
      {"حسین", {"Hossein", "Hosein", "Hussein"}},
      {"رضا", {"Reza"}},
      {"مهدی", {"Mehdi", "Mahdi"}},
      {"امیر", {"Amir"}},
      {"سعید", {"Saeed", "Saeid"}},
      {"حمید", {"Hamid"}},
      {"فاطمه", {"Fatemeh", "Fateme", "Fatima"}},
      {"زهرا", {"Zahra"}},
      {"مریم", {"Maryam"}},
      {"سارا", {"Sara"}},
      {"نرگس", {"Narges"}},
      {"الهام", {"Elham"}},
      {"لیلا", {"Leila", "Leyla"}},
      {"مینا", {"Mina"}},
      {"عبدالله", {"Abdollah", "Abdullah"}},
      {"محمدرضا", {"Mohammadreza"}},
      {"یوسف", {"Yousef", "Yusuf"}},
      {"کاظم", {"Kazem"}},
  };
  return names;
}

const std::vector<Name>& FamilyNames() {
  static const std::vector<Name> names = {
      {"محمدی", {"Mohammadi"}},
      {"حسینی", {"Hosseini", "Hoseini"}},
      {"احمدی", {"Ahmadi"}},
      {"رضایی", {"Rezaei", "Rezaee"}},
      {"کریمی", {"Karimi"}},
      {"موسوی", {"Mousavi", "Musavi"}},
      {"جعفری", {"Jafari", "Jaafari"}},
      {"صادقی", {"Sadeghi"}},
      {"رحیمی", {"Rahimi"}},
      {"کاظمی", {"Kazemi"}},
      {"عباسی", {"Abbasi"}},
      {"قاسمی", {"Ghasemi", "Qasemi"}},
      {"شریفی", {"Sharifi"}},
      {"طاهری", {"Taheri"}},
      {"نجفی", {"Najafi"}},
      {"خسروی", {"Khosravi"}},
      {"یزدانی", {"Yazdani"}},
      {"عبداللهی", {"Abdollahi"}},
      {"میرزایی", {"Mirzaei"}},
      {"اکبری", {"Akbari"}},
  };
  return names;
}

const std::vector<const char*>& Cities() {
  static const std::vector<const char*> cities = {
      "تهران", "مشهد", "اصفهان", "شیراز", "تبریز",
      "کرج",   "قم",   "اهواز",  "رشت",   "کرمان"};
  return cities;
}

// The two parts of a planted person's name, kept for making variants.
struct Person {
  int first = 0;
  int family = 0;
  PersonRecord record;
};

std::string Replace(std::string text, std::string_view from,
                    std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

class Planter {
 public:
  explicit Planter(uint32_t seed) : random_(seed) {}

  int Below(int n) { return static_cast<int>(random_() % n); }
  bool Chance(double p) { return Below(1000000) < p * 1000000; }

  std::string Phone() {
    std::string digits = "0912";
    for (int i = 0; i < 7; ++i) digits += static_cast<char>('0' + Below(10));
    return digits;
  }

  std::string NationalId() {
    std::string nine;
    for (int i = 0; i < 9; ++i) nine += static_cast<char>('0' + Below(10));
    return nine + NationalIdCheckDigit(nine);
  }

  std::string BirthDate() {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", 1950 + Below(55),
                  1 + Below(12), 1 + Below(28));
    return text;
  }

  Person NewPerson(int64_t id) {
    Person person;
    person.first = Below(static_cast<int>(FirstNames().size()));
    person.family = Below(static_cast<int>(FamilyNames().size()));
    PersonRecord& record = person.record;
    record.id = id;
    record.name = std::string(FirstNames()[person.first].persian) + " " +
                  FamilyNames()[person.family].persian;
    if (Chance(0.9)) record.phone = Phone();
    if (Chance(0.6)) record.national_id = NationalId();
    if (Chance(0.3)) {
      record.email = std::string(FirstNames()[person.first].latin[0]) + "." +
                     FamilyNames()[person.family].latin[0] +
                     std::to_string(id) + "@example.com";
    }
    if (Chance(0.5)) record.birth_date = BirthDate();
    record.city = Cities()[Below(static_cast<int>(Cities().size()))];
    return person;
  }

  // The phone written one of the other ways people write it.
  std::string OtherPhoneForm(const std::string& phone) {
    const std::string rest = phone.substr(1);  // 912...
    switch (Below(4)) {
      case 0:
        return "+98 " + rest.substr(0, 3) + " " + rest.substr(3, 3) + " " +
               rest.substr(6);
      case 1:
        return "0098" + rest;
      case 2:
        return PersianDigits(phone);
      default:
        return rest.substr(0, 3) + "-" + rest.substr(3);
    }
  }

  // One letter of one word changed, left out or doubled.
  std::string Typo(const std::string& name) {
    std::vector<std::string> letters;
    for (size_t at = 0; at < name.size();) {
      size_t length = 1;
      const auto byte = static_cast<unsigned char>(name[at]);
      if (byte >= 0xF0)
        length = 4;
      else if (byte >= 0xE0)
        length = 3;
      else if (byte >= 0xC0)
        length = 2;
      letters.push_back(name.substr(at, length));
      at += length;
    }
    std::vector<size_t> inner;  // letters not at a word's edge
    for (size_t i = 1; i + 1 < letters.size(); ++i) {
      if (letters[i] != " " && letters[i - 1] != " " && letters[i + 1] != " ")
        inner.push_back(i);
    }
    if (inner.empty()) return name + name.substr(name.size() - 2);
    const size_t at = inner[Below(static_cast<int>(inner.size()))];
    switch (Below(3)) {
      case 0:
        letters.erase(letters.begin() + at);
        break;
      case 1:
        letters.insert(letters.begin() + at, letters[at]);
        break;
      default:
        letters[at] = letters[at] == "ر" ? "ز" : "ر";
    }
    std::string out;
    for (const std::string& letter : letters) out += letter;
    return out;
  }

  PersonRecord Duplicate(const Person& person, PlantedKind kind, int64_t id) {
    PersonRecord copy = person.record;
    copy.id = id;
    const Name& first = FirstNames()[person.first];
    const Name& family = FamilyNames()[person.family];
    switch (kind) {
      case PlantedKind::kLetterVariants:
        copy.name = Replace(Replace(copy.name, "ی", "ي"), "ک", "ك");
        break;
      case PlantedKind::kSpacing:
        // A compound first name written in two words; any other name with
        // the space between first and family name left out.
        copy.name = Replace(Replace(copy.name, "عبدالله", "عبد الله"),
                            "محمدرضا", "محمد\u200cرضا");
        if (copy.name == person.record.name) {
          copy.name = std::string(first.persian) + family.persian;
        }
        break;
      case PlantedKind::kTransliterated:
        copy.name =
            std::string(
                first.latin[Below(static_cast<int>(first.latin.size()))]) +
            " " + family.latin[Below(static_cast<int>(family.latin.size()))];
        copy.phone = OtherPhoneForm(copy.phone);
        break;
      case PlantedKind::kPhoneForm:
        copy.phone = OtherPhoneForm(copy.phone);
        copy.national_id.clear();
        copy.email.clear();
        break;
      case PlantedKind::kTypo:
        copy.name = Typo(copy.name);
        break;
      case PlantedKind::kSwappedNames:
        copy.name = std::string(family.persian) + " " + first.persian;
        copy.phone.clear();
        copy.email.clear();
        break;
      case PlantedKind::kMovedAddress:
        copy.phone = Phone();
        copy.national_id.clear();
        copy.city =
            Cities()[(Below(9) + 1 + (copy.city == Cities()[0] ? 0 : 1)) %
                     Cities().size()];
        break;
      case PlantedKind::kNameAndBirth:
        copy.phone.clear();
        copy.national_id.clear();
        copy.email.clear();
        break;
    }
    return copy;
  }

 private:
  std::mt19937 random_;
};

// A duplicate of `kind` needs a field of the original to carry it.
bool Carries(const PersonRecord& record, PlantedKind kind) {
  switch (kind) {
    case PlantedKind::kTransliterated:
    case PlantedKind::kPhoneForm:
    case PlantedKind::kLetterVariants:
    case PlantedKind::kSpacing:
    case PlantedKind::kTypo:
      return !record.phone.empty();
    case PlantedKind::kSwappedNames:
      return !record.national_id.empty();
    case PlantedKind::kMovedAddress:
      return !record.email.empty();
    case PlantedKind::kNameAndBirth:
      return !record.birth_date.empty();
  }
  return false;
}

}  // namespace

const char* PlantedKindName(PlantedKind kind) {
  static const char* const kNames[] = {
      "letter variants", "spacing",       "transliterated",
      "phone form",      "typo",          "swapped names",
      "moved address",   "name and birth"};
  return kNames[static_cast<int>(kind)];
}

PlantedPopulation PlantDuplicates(int customers, double share, uint32_t seed) {
  Planter planter(seed);
  PlantedPopulation population;
  std::vector<Person> people;
  people.reserve(customers);
  for (int64_t id = 1; id <= customers; ++id) {
    people.push_back(planter.NewPerson(id));
    // Family members: another first name, the same family name and phone.
    if (people.size() > 1 && planter.Chance(0.03)) {
      Person& person = people.back();
      const Person& relative = people[people.size() - 2];
      person.family = relative.family;
      if (person.first == relative.first) {
        person.first =
            (person.first + 1) % static_cast<int>(FirstNames().size());
      }
      person.record.name = std::string(FirstNames()[person.first].persian) +
                           " " + FamilyNames()[person.family].persian;
      person.record.phone = relative.record.phone;
      person.record.email.clear();
    }
  }
  for (const Person& person : people)
    population.people.push_back(person.record);
  const int duplicates = static_cast<int>(customers * share);
  int64_t next_id = customers + 1;
  std::vector<char> used(customers, 0);
  for (int made = 0, kind = 0; made < duplicates;) {
    const int pick = planter.Below(customers);
    const Person& original = people[pick];
    const auto planted = static_cast<PlantedKind>(kind);
    if (used[pick] || !Carries(original.record, planted)) continue;
    used[pick] = 1;
    population.people.push_back(planter.Duplicate(original, planted, next_id));
    population.truth.push_back({original.record.id, next_id, planted});
    ++next_id;
    ++made;
    kind = (kind + 1) % kPlantedKinds;
  }
  return population;
}

}  // namespace vafa::analytics::duplicates
